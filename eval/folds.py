"""Answer quality on the development corpus, fold by fold: the evidence is the held-out fold.

    lob eval --folds [--devcorpus eval/devcorpus] [--data DIR] [--out eval/out/folds]
                     [--min METRIC=VALUE ...] [--no-baseline] [--no-progress]

The development corpus (eval/devcorpus/: invented documents, split by document into a tuning
and a held-out fold in split.json) is ingested into its own data dir (incrementally: a second
run re-embeds nothing), then both folds' questions are asked with the same index. The answerer
is fitted on the tuning fold; a number measured there is no evidence, so the gate (--min)
applies to the held-out fold only, and the report shows the gap between the two. Writes
`<out>/<fold>/results.json` and report.md/html per fold, plus `<out>/folds.md`.

The fresh folds (eval/devcorpus/fresh/ to fresh5/: documents and questions written
after the tuning of their time, so nothing was chosen by looking at them) are each asked over
their own index of their documents together with the development documents, in a data dir
beside the development one (`<data>-fresh`, `<data>-fresh2`, ...), so the other folds' index
and numbers stay as they were. `--no-fresh` skips them. A fresh fold is clean until it has
been measured once; each folder's README says whether and when.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.config import PROJECT_ROOT, Settings
from eval.run import METRICS, parse_mins, run_eval

DEVCORPUS = PROJECT_ROOT / "eval" / "devcorpus"
FOLDS = ("tuning", "heldout")
# Written after tuning, each in eval/devcorpus/<name>/{docs/, questions.jsonl}, oldest first.
FRESH = ("fresh", "fresh2", "fresh3", "fresh4", "fresh5")
# The metrics the folds table shows (latencies are in each fold's own report).
SHOWN = tuple(m for m in METRICS if not m.startswith("latency"))


def split(devcorpus: Path) -> dict[str, list[str]]:
    """{fold: [doc_id]} as recorded before any tuning."""
    return json.loads((devcorpus / "split.json").read_text(encoding="utf-8"))


def ingest_devcorpus(settings: Settings, devcorpus: Path, fresh: str | None = None) -> None:
    """The development documents into settings' data dir; with `fresh`, that fresh fold's
    documents too (each folder keeps its own doc_ids: a re-ingest of one removes nothing of
    the other)."""
    from core.embedder import get_embedder
    from core.sentence_fill import fill_after_ingest
    from ingest.pipeline import ingest

    embedder = get_embedder(settings.embedder)
    folders = [devcorpus / "docs", *([devcorpus / fresh / "docs"] if fresh else [])]
    for folder in folders:
        summary = ingest(folder, settings, embedder=embedder, progress=False)
        if summary.skipped:
            reasons = "; ".join(f"{s.path}: {s.reason}" for s in summary.skipped)
            raise RuntimeError(f"development documents were skipped: {reasons}")
    # A complete index, as `lob ingest` leaves it (answers would embed the rest themselves).
    fill_after_ingest(settings, embedder)


def table(results: dict[str, dict[str, Any]]) -> str:
    """Markdown: overall metrics per fold with the gap, then fact recall per question kind
    beside the LangChain baseline of the same run."""
    folds = [f for f in (*FOLDS, *FRESH) if f in results]
    fresh = [f for f in FRESH if f in results]
    out = ["| metric | tuning | held-out | gap (held-out - tuning) | baseline (held-out) |"
           + "".join(f" {f} | baseline ({f}) |" for f in fresh),
           "|---|---:|---:|---:|---:|" + "---:|---:|" * len(fresh)]
    t, h = results["tuning"], results["heldout"]
    base = (h.get("baseline") or {}).get("overall", {})
    for m in SHOWN:
        a, b = t["assistant"]["overall"].get(m), h["assistant"]["overall"].get(m)
        gap = f"{b - a:+.3f}" if a is not None and b is not None else "–"
        row = f"| {m} | {_f(a)} | {_f(b)} | {gap} | {_f(base.get(m))} |"
        for f in fresh:
            r = results[f]
            theirs = (r.get("baseline") or {}).get("overall", {})
            row += f" {_f(r['assistant']['overall'].get(m))} | {_f(theirs.get(m))} |"
        out.append(row)
    kinds = sorted(
        {k for r in results.values() for k in r["assistant"]["by_tag"] if "-" not in k}
        | {"near-miss"}
    )
    names = {"tuning": "tuning", "heldout": "held-out", **{f: f for f in FRESH}}
    out += ["", "Fact recall per kind (refusal recall for unanswerable kinds); n = questions.", "",
            "| kind | " + " | ".join(f"n {names[f]} | {names[f]} | baseline" for f in folds)
            + " |",
            "|---|" + "---:|---:|---:|" * len(folds)]
    for k in kinds:
        cells = [k]
        for fold in folds:
            r = results[fold]
            mine = r["assistant"]["by_tag"].get(k)
            theirs = ((r.get("baseline") or {}).get("by_tag") or {}).get(k) or {}
            metric = "refusal_recall" if mine and not mine.get("n_answerable") else "fact_recall"
            cells += [str(mine["n"]) if mine else "0", _f((mine or {}).get(metric)),
                      _f(theirs.get(metric))]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _f(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lob eval --folds", description=__doc__.split("\n")[0])
    parser.add_argument("--devcorpus", type=Path, default=DEVCORPUS)
    parser.add_argument(
        "--data", type=Path, default=None,
        help="data dir for the development index (default: <LOB_DATA_DIR>-devcorpus)",
    )
    parser.add_argument("--out", type=Path, default=Path("eval/out/folds"))
    parser.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE",
                        help="gate on the held-out fold (repeatable; latencies are maxima)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument("--no-fresh", action="store_true", help="skip the fresh folds")
    args = parser.parse_args(argv)
    mins = parse_mins(parser, args.min)
    base = Settings()
    data = args.data or base.data_dir.with_name(base.data_dir.name + "-devcorpus")
    settings = base.model_copy(update={"data_dir": data})
    ingest_devcorpus(settings, args.devcorpus)

    results: dict[str, dict[str, Any]] = {}
    code = 0
    for fold in FOLDS:
        res, missed = run_eval(
            settings, args.devcorpus / f"{fold}.jsonl", out_dir=args.out / fold,
            mins=mins if fold == "heldout" else None, baseline=not args.no_baseline,
            progress=not args.no_progress,
        )
        results[fold] = res
        code = code or (missed if fold == "heldout" else 0)
    for name in () if args.no_fresh else FRESH:
        questions = args.devcorpus / name / "questions.jsonl"
        if not questions.exists():
            continue
        fresh = settings.model_copy(update={"data_dir": data.with_name(f"{data.name}-{name}")})
        ingest_devcorpus(fresh, args.devcorpus, fresh=name)
        results[name], _ = run_eval(
            fresh, questions, out_dir=args.out / name, mins=None,
            baseline=not args.no_baseline, progress=not args.no_progress,
        )
    report = table(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "folds.md").write_text(
        "# Answer quality per fold (development corpus)\n\n"
        f"Tuning fold: what the answerer was fitted on (no evidence). Held-out fold: the "
        f"evidence. Fresh folds (when present): each written after the tuning of its time "
        f"and measured unseen once (its README has that number); the answer model is trained "
        f"on them since, so these are in-sample too. Documents per "
        f"fold: eval/devcorpus/split.json and eval/devcorpus/fresh*/.\n\n{report}",
        encoding="utf-8",
    )
    sys.stdout.write(report)
    print(f"wrote {args.out / 'folds.md'}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
