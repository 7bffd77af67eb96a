"""Answer quality on the development corpus, fold by fold: the evidence is the held-out fold.

    lob eval --folds [--devcorpus eval/devcorpus] [--data DIR] [--out eval/out/folds]
                     [--min METRIC=VALUE ...] [--no-baseline] [--no-progress]

The development corpus (eval/devcorpus/: invented documents, split by document into a tuning
and a held-out fold in split.json) is ingested into its own data dir (incrementally: a second
run re-embeds nothing), then both folds' questions are asked with the same index. The answerer
is fitted on the tuning fold; a number measured there is no evidence, so the gate (--min)
applies to the held-out fold only, and the report shows the gap between the two. Writes
`<out>/<fold>/results.json` and report.md/html per fold, plus `<out>/folds.md`.
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
# The metrics the folds table shows (latencies are in each fold's own report).
SHOWN = tuple(m for m in METRICS if not m.startswith("latency"))


def split(devcorpus: Path) -> dict[str, list[str]]:
    """{fold: [doc_id]} as recorded before any tuning."""
    return json.loads((devcorpus / "split.json").read_text(encoding="utf-8"))


def ingest_devcorpus(settings: Settings, devcorpus: Path) -> None:
    from core.embedder import get_embedder
    from core.sentence_fill import fill_after_ingest
    from ingest.pipeline import ingest

    embedder = get_embedder(settings.embedder)
    summary = ingest(devcorpus / "docs", settings, embedder=embedder, progress=False)
    if summary.skipped:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in summary.skipped)
        raise RuntimeError(f"development documents were skipped: {reasons}")
    # A complete index, as `lob ingest` leaves it (answers would embed the rest themselves).
    fill_after_ingest(settings, embedder)


def table(results: dict[str, dict[str, Any]]) -> str:
    """Markdown: overall metrics per fold with the gap, then fact recall per question kind
    beside the LangChain baseline of the same run."""
    out = ["| metric | tuning | held-out | gap (held-out - tuning) | baseline (held-out) |",
           "|---|---:|---:|---:|---:|"]
    t, h = results["tuning"], results["heldout"]
    base = (h.get("baseline") or {}).get("overall", {})
    for m in SHOWN:
        a, b = t["assistant"]["overall"].get(m), h["assistant"]["overall"].get(m)
        gap = f"{b - a:+.3f}" if a is not None and b is not None else "–"
        out.append(f"| {m} | {_f(a)} | {_f(b)} | {gap} | {_f(base.get(m))} |")
    kinds = sorted(
        {k for r in results.values() for k in r["assistant"]["by_tag"] if "-" not in k}
        | {"near-miss"}
    )
    out += ["", "Fact recall per kind (refusal recall for unanswerable kinds); n = questions.", "",
            "| kind | n tuning | tuning | baseline | n held-out | held-out | baseline |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for k in kinds:
        cells = [k]
        for fold in FOLDS:
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
    report = table(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "folds.md").write_text(
        "# Answer quality per fold (development corpus)\n\n"
        f"Tuning fold: what the answerer was fitted on (no evidence). Held-out fold: the "
        f"evidence. Documents per fold: eval/devcorpus/split.json.\n\n{report}",
        encoding="utf-8",
    )
    sys.stdout.write(report)
    print(f"wrote {args.out / 'folds.md'}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
