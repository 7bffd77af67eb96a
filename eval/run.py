"""Answer-quality evaluation: ask every test-set question, score it, write a report.

    python -m eval.run [--set FILE] [--url URL] [--out DIR] [--compare OLD.json]
                       [--min METRIC=VALUE ...] [--no-baseline] [--no-progress]

In process it loads `Assistant(settings)` once; with `--url` it asks a running API instead
(POST /api/v1/ask, GET /api/v1/search, GET /api/v1/documents/{doc_id}). A plain LangChain
baseline (eval/baseline.py) answers the same questions from the same local index. Writes
results.json, report.md and report.html to --out; exits 1 when a --min threshold is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from tqdm import tqdm

from assistant.retrieval import Passage, Retriever
from core.config import Settings
from eval import metrics as M
from eval.testset import DEFAULT_TESTSET, TestItem, load_testset

K = 5
# Headline metric names, as --min and results.json spell them.
METRICS = (
    "recall@1", "recall@5", "mrr", "fact_recall", "citation_support", "citation_validity",
    "refusal_precision", "refusal_recall", "false_refusals", "latency_p50_ms", "latency_p95_ms",
)
# Lower is better for these: a --min on them is a ceiling.
MAXIMA = frozenset({"false_refusals", "latency_p50_ms", "latency_p95_ms"})


# -- the systems under test: one small interface, in process or over HTTP ---------------------
class System(Protocol):
    def ask(self, question: str, history: list[str]) -> dict[str, Any]: ...
    def retrieved(self, answer: dict[str, Any]) -> list[str]: ...
    def document_text(self, doc_id: str) -> str | None: ...


class RecordingRetriever(Retriever):
    """A Retriever that remembers its last search, so the eval scores the very passages the
    answer was built from instead of searching twice (same call, same index: same result)."""

    last: tuple[tuple, list[Passage]] | None = None

    def search(
        self,
        query: str,
        k: int | None = None,
        doc_types: list[str] | None = None,
        doc_ids: list[str] | None = None,
        topic: list[str] | None = None,
    ) -> list[Passage]:
        out = super().search(query, k, doc_types, doc_ids, topic)
        self.last = ((query, k, doc_types, doc_ids, topic), out)
        return out


class LocalAssistant:
    """`Assistant` in this process; retrieval metrics use its retriever on its own query."""

    def __init__(self, settings: Settings) -> None:
        from assistant.answer import Assistant

        self.retriever = RecordingRetriever(settings)
        self.assistant = Assistant(settings, retriever=self.retriever)
        self._docs: dict[str, str | None] = {}

    def ask(self, question: str, history: list[str]) -> dict[str, Any]:
        return self.assistant.ask(question, history, k=K).to_dict()

    def retrieved(self, answer: dict[str, Any]) -> list[str]:
        # Equivalent to retriever.search(answer["query"], k=K); reuse it when ask just ran it.
        last = self.retriever.last
        if last is not None and last[0] == (answer["query"], K, None, None):
            passages = last[1]
        else:
            passages = self.retriever.search(answer["query"], k=K)
        return [p.text for p in passages]

    def document_text(self, doc_id: str) -> str | None:
        if doc_id not in self._docs:
            got = self.retriever.store.document(doc_id)
            self._docs[doc_id] = got[0] if got else None
        return self._docs[doc_id]


class HttpAssistant:
    """The same three calls against a running API (`--url`)."""

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        import httpx

        self.client = httpx.Client(base_url=url.rstrip("/"), timeout=timeout)
        self._docs: dict[str, str | None] = {}

    def ask(self, question: str, history: list[str]) -> dict[str, Any]:
        body = {
            "question": question,
            "history": [{"role": "user", "content": h} for h in history],
            "k": K,
        }
        r = self.client.post("/api/v1/ask", json=body)
        r.raise_for_status()
        return r.json()

    def retrieved(self, answer: dict[str, Any]) -> list[str]:
        r = self.client.get("/api/v1/search", params={"q": answer["query"], "k": K})
        r.raise_for_status()
        return [p["text"] for p in r.json()]

    def document_text(self, doc_id: str) -> str | None:
        if doc_id not in self._docs:
            r = self.client.get(f"/api/v1/documents/{quote(doc_id, safe='')}")
            if r.status_code == 404:
                self._docs[doc_id] = None
            else:
                r.raise_for_status()
                self._docs[doc_id] = r.json()["text"]
        return self._docs[doc_id]


class LocalBaseline:
    """eval.baseline.Baseline; its retrieval is its own top-k, which it returns as citations."""

    def __init__(self, baseline: Any, store: Any) -> None:
        self.baseline = baseline
        self.store = store
        self._docs: dict[str, str | None] = {}

    def ask(self, question: str, history: list[str]) -> dict[str, Any]:
        return self.baseline.ask(question, history)

    def retrieved(self, answer: dict[str, Any]) -> list[str]:
        return [c["text"] for c in answer["citations"]]

    def document_text(self, doc_id: str) -> str | None:
        if doc_id not in self._docs:
            got = self.store.document(doc_id)
            self._docs[doc_id] = got[0] if got else None
        return self._docs[doc_id]


# -- scoring ---------------------------------------------------------------------------------
def score_item(
    item: TestItem,
    answer: Mapping[str, Any],
    retrieved: Sequence[str],
    doc_texts: Mapping[str, str],
    wall_ms: float | None = None,
) -> dict[str, Any]:
    """One per-item record: what was asked, expected, returned, and how it scored."""
    refused = not answer["answerable"]
    text = answer["answer"]
    citations = list(answer["citations"])
    rank = M.first_hit_rank(retrieved, item.evidence) if item.evidence else None
    missing = M.missing_facts(text, item.facts) if item.answerable else []
    problems = M.citation_problems(text, citations, doc_texts)
    # Support is judged only where the assistant answered a question that has an answer.
    support = (
        M.citation_support(text, citations, item.evidence)
        if item.answerable and not refused
        else None
    )
    record: dict[str, Any] = {
        **item.to_json(),
        "answer": text,
        "answered": not refused,
        "refused": refused,
        "query": answer.get("query", ""),
        "facts_ok": (not missing) if item.answerable else None,
        "missing_facts": missing,
        "first_hit_rank": rank,
        "retrieval_hit": (rank is not None) if item.evidence else None,
        "citation_support": support,
        "citation_valid": not problems,
        "citation_problems": problems,
        "citations": citations,
        "timings_ms": dict(answer.get("timings_ms", {})),
        "wall_ms": wall_ms,
        # Which path wrote the answer and what the LLM's grounding guard did (issue 9).
        "generator": answer.get("generator"),
        "guard": answer.get("guard"),
    }
    record["failures"] = failures(record)
    return record


def failures(record: Mapping[str, Any]) -> list[str]:
    """Why a record counts as failed; empty when it passed everything that applies to it."""
    out = []
    if record["answerable"]:
        if record["retrieval_hit"] is False:
            out.append("retrieval miss")
        if record["refused"]:
            out.append("false refusal")
        if record["facts_ok"] is False:
            out.append("missing facts")
        if record["citation_support"] is False:
            out.append("unsupported citation")
    elif record["answered"]:
        out.append("false answer")
    if not record["citation_valid"]:
        out.append("invalid citation")
    return out


def aggregate(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The metric dict of a set of records (all, one tag, one language)."""
    with_evidence = [r for r in records if r["evidence"]]
    ranks = [r["first_hit_rank"] for r in with_evidence]
    answerable = [r for r in records if r["answerable"]]
    latency = M.latency_percentiles([r["timings_ms"] for r in records])
    return {
        "n": len(records),
        "n_answerable": len(answerable),
        "n_unanswerable": len(records) - len(answerable),
        # Retrieval rates over an empty subset (e.g. the "unanswerable" tag) are undefined.
        "recall@1": M.recall_at(ranks, 1) if ranks else None,
        "recall@5": M.recall_at(ranks, 5) if ranks else None,
        "mrr": M.mrr(ranks) if ranks else None,
        "fact_recall": M.rate([r["facts_ok"] for r in records]),
        "answered_rate": M.rate([r["answered"] for r in answerable]),
        # Answerable questions the assistant refused: the cost side of refusing.
        "false_refusals": M.rate([r["refused"] for r in answerable]),
        "citation_support": M.rate([r["citation_support"] for r in records]),
        "citation_validity": M.rate([r["citation_valid"] for r in records]),
        "refusal_precision": M.refusal_precision(
            [r["refused"] for r in records], [r["answerable"] for r in records]
        ),
        "refusal_recall": M.refusal_recall(
            [r["refused"] for r in records], [r["answerable"] for r in records]
        ),
        "latency_p50_ms": latency["total"]["p50"],
        "latency_p95_ms": latency["total"]["p95"],
        "latency_ms": latency,
        # How many answers each path wrote: an LLM answer the guard rejected is "extractive".
        "generators": dict(Counter(r["generator"] for r in records if r.get("generator"))),
    }


def breakdown(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Metrics overall, per tag and per language, plus the records themselves."""
    tags = sorted({t for r in records for t in r["tags"]})
    langs = sorted({r["lang"] for r in records})
    return {
        "overall": aggregate(records),
        "by_tag": {t: aggregate([r for r in records if t in r["tags"]]) for t in tags},
        "by_lang": {g: aggregate([r for r in records if r["lang"] == g]) for g in langs},
        "items": list(records),
    }


def check_thresholds(
    overall: Mapping[str, Any], mins: Mapping[str, float]
) -> list[str]:
    """A message per missed threshold (latencies are ceilings, the rest floors)."""
    missed = []
    for name, bound in mins.items():
        value = overall.get(name)
        if value is None:
            missed.append(f"{name}: no value (undefined on this set), wanted {bound}")
        elif name in MAXIMA and value > bound:
            missed.append(f"{name} = {value:.1f} is above the maximum {bound}")
        elif name not in MAXIMA and value < bound:
            missed.append(f"{name} = {value:.3f} is below the minimum {bound}")
    return missed


def compare_with(
    overall: Mapping[str, Any], old_results: Mapping[str, Any]
) -> dict[str, float | None]:
    """Assistant metric deltas (new - old) against an earlier results.json."""
    old = old_results["assistant"]["overall"]
    return {
        m: (overall[m] - old[m])
        if overall.get(m) is not None and old.get(m) is not None
        else None
        for m in METRICS
    }


def parse_min(spec: str) -> tuple[str, float]:
    """'recall@5=0.9' -> ('recall@5', 0.9); unknown metric names are an error."""
    name, sep, value = spec.partition("=")
    name = name.strip()
    if not sep or name not in METRICS:
        raise ValueError(f"--min wants METRIC=VALUE with METRIC one of {', '.join(METRICS)}")
    return name, float(value)


def parse_mins(parser: argparse.ArgumentParser, specs: Sequence[str]) -> dict[str, float]:
    """Every --min of a command line; a malformed one is the parser's usage error."""
    try:
        return dict(parse_min(s) for s in specs)
    except ValueError as exc:
        parser.error(str(exc))


# -- running ---------------------------------------------------------------------------------
def ask_all(
    system: System, items: Iterable[TestItem], progress: bool = True, label: str = ""
) -> list[dict[str, Any]]:
    records = []
    for item in tqdm(list(items), desc=label, disable=not progress, file=sys.stderr):
        t0 = time.perf_counter()
        answer = system.ask(item.q, list(item.history))
        wall_ms = round(1000 * (time.perf_counter() - t0), 1)
        retrieved = system.retrieved(answer)
        doc_texts = _texts(system.document_text, answer["citations"])
        records.append(score_item(item, answer, retrieved, doc_texts, wall_ms))
    return records



def _texts(
    fetch: Callable[[str], str | None], citations: Iterable[Mapping[str, Any]]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in citations:
        text = fetch(c["doc_id"])
        if text is not None:
            out[c["doc_id"]] = text
    return out


def _make_baseline(settings: Settings, embedder: Any = None) -> LocalBaseline | None:
    from eval.baseline import Baseline

    base = Baseline(settings, embedder=embedder, k=K)
    if base.chunk_count() == 0:
        print(f"baseline skipped: no chunks in the index at {settings.data_dir}", file=sys.stderr)
        return None
    return LocalBaseline(base, base.store)


def run_eval(
    settings: Settings,
    set_path: Path,
    url: str | None = None,
    out_dir: Path = Path("eval/out"),
    compare: Path | None = None,
    mins: dict[str, float] | None = None,
    baseline: bool = True,
    progress: bool = True,
) -> tuple[dict[str, Any], int]:
    """Evaluate, write results.json / report.md / report.html; return (results, exit code)."""
    from eval.report import write_reports

    mins = dict(mins or {})
    for name in mins:
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}: use one of {', '.join(METRICS)}")
    items = load_testset(Path(set_path))
    t0 = time.perf_counter()

    system: System = HttpAssistant(url) if url else LocalAssistant(settings)
    assistant_records = ask_all(system, items, progress, "assistant")
    t1 = time.perf_counter()

    baseline_part = None
    if baseline:
        # In process the baseline shares the loaded model; over HTTP it loads its own.
        emb = system.retriever.embedder if isinstance(system, LocalAssistant) else None
        base = _make_baseline(settings, emb)
        if base is not None:
            baseline_part = breakdown(ask_all(base, items, progress, "baseline"))
    t2 = time.perf_counter()

    results: dict[str, Any] = {
        "meta": {
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "set": str(set_path),
            "n_items": len(items),
            "mode": "http" if url else "in-process",
            "url": url,
            "k": K,
            "settings": {
                "data_dir": str(settings.data_dir),
                "embedder": settings.embedder,
                "fusion": settings.fusion,
                "dense_weight": settings.dense_weight,
                "rrf_k": settings.rrf_k,
                "chunk_size": settings.chunk_size,
                "chunk_overlap": settings.chunk_overlap,
            },
            "seconds": {"assistant": round(t1 - t0, 2), "baseline": round(t2 - t1, 2)},
            "metric_names": list(METRICS),
        },
        "assistant": breakdown(assistant_records),
        "baseline": baseline_part,
        "compare": None,
        "thresholds": {"mins": mins, "missed": []},
    }
    if compare is not None:
        old = json.loads(Path(compare).read_text(encoding="utf-8"))
        results["compare"] = {
            "path": str(compare),
            "created": old.get("meta", {}).get("created"),
            "overall": {m: old["assistant"]["overall"].get(m) for m in METRICS},
            "delta": compare_with(results["assistant"]["overall"], old),
        }
    missed = check_thresholds(results["assistant"]["overall"], mins)
    results["thresholds"]["missed"] = missed

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    write_reports(results, out_dir)
    for line in missed:
        print(f"THRESHOLD MISSED: {line}", file=sys.stderr)
    return results, 1 if missed else 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--folds" in argv:  # the development corpus, fold by fold (eval/folds.py)
        from eval.folds import main as folds_main

        return folds_main([a for a in argv if a != "--folds"])
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_TESTSET, help="test set (JSONL)")
    parser.add_argument("--url", help="evaluate a running API, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("eval/out"), help="output directory")
    parser.add_argument("--compare", type=Path, help="an earlier results.json: report deltas")
    parser.add_argument(
        "--min", action="append", default=[], metavar="METRIC=VALUE",
        help=f"CI gate, repeatable; latencies are maxima. Metrics: {', '.join(METRICS)}",
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the LangChain baseline")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--generator", choices=["auto", "extractive", "llm"], default=None,
        help="which answerer to evaluate (llm needs LOB_LLM_PROVIDER/URL/MODEL)",
    )
    args = parser.parse_args(argv)
    mins = parse_mins(parser, args.min)
    settings = Settings()
    if args.generator:
        settings = settings.model_copy(update={"generator": args.generator})
    results, code = run_eval(
        settings, args.set, url=args.url, out_dir=args.out, compare=args.compare, mins=mins,
        baseline=not args.no_baseline, progress=not args.no_progress,
    )
    overall = results["assistant"]["overall"]
    summary = ", ".join(
        f"{m} {overall[m]:.3f}" if overall[m] is not None else f"{m} –" for m in METRICS
    )
    print(f"assistant: {summary}")
    print(f"wrote {args.out / 'results.json'}, report.md, report.html")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
