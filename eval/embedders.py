"""Compare retrieval methods on the dev questions: BM25 alone, MiniLM, e5, and their fusions.

    python -m eval.embedders [--set eval/testset.jsonl] [--out docs/embedders.md]

Each method gets a fresh index of the bundled corpus in a temporary data dir, built by the
real ingest pipeline, and answers every answerable standalone question (follow-ups need the
conversation, which is the answering layer's job). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.retrieval import Retriever
from core.config import PROJECT_ROOT, Settings
from core.embedder import get_embedder
from eval.metrics import first_hit_rank, mrr, recall_at
from eval.testset import load_testset
from ingest.pipeline import ingest


@dataclass
class Method:
    label: str
    embedder: str
    fusion: str
    dense_weight: float = 0.3
    rrf_k: int = 5
    chunk_size: int = 700
    chunk_overlap: int = 100


METHODS = [
    Method("BM25 (Dutch stemming, jargon)", "e5", "bm25"),
    Method("all-MiniLM-L6-v2 (dense)", "minilm", "dense"),
    Method("multilingual-e5-small (dense)", "e5", "dense"),
    Method("BM25 + MiniLM, RRF (w 0.5, k 60)", "minilm", "rrf", 0.5, 60),
    Method("BM25 + e5, RRF (w 0.5, k 60)", "e5", "rrf", 0.5, 60),
    Method("BM25 + e5, RRF (w 0.3, k 5) **default**", "e5", "rrf", 0.3, 5),
]
FUSION_GRID = [(w, k) for w in (0.2, 0.3, 0.4, 0.5) for k in (5, 10, 60)]
CHUNK_SIZES = [(400, 60), (700, 100), (1000, 150)]


def evaluate(method: Method, items, workdir: Path) -> dict[str, float]:
    data = workdir / f"{method.embedder}-{method.chunk_size}-{method.chunk_overlap}"
    settings = Settings(
        _env_file=None, data_dir=data, embedder=method.embedder, fusion=method.fusion,
        dense_weight=method.dense_weight, rrf_k=method.rrf_k, chunk_size=method.chunk_size,
        chunk_overlap=method.chunk_overlap,
    )
    embedder = get_embedder(method.embedder)
    summary = ingest(PROJECT_ROOT / "corpus", settings, embedder=embedder, progress=False)
    retriever = Retriever(settings, embedder=embedder)
    out: dict[str, float] = {"chunks": summary.chunks_total}
    for lang in ("nl", "en"):
        subset = [it for it in items if it.lang == lang]
        t = time.perf_counter()
        ranks = [
            first_hit_rank([p.text for p in retriever.search(it.q, k=5)], it.evidence)
            for it in subset
        ]
        out[f"{lang}_n"] = len(subset)
        out[f"{lang}_r1"] = recall_at(ranks, 1)
        out[f"{lang}_r5"] = recall_at(ranks, 5)
        out[f"{lang}_mrr"] = mrr(ranks)
        out[f"{lang}_ms"] = 1000 * (time.perf_counter() - t) / max(1, len(subset))
    return out


def table(rows: list[tuple[str, dict[str, float]]], first_col: str) -> str:
    lines = [
        f"| {first_col} | chunks | nl R@1 | nl R@5 | nl MRR | en R@1 | en R@5 | en MRR "
        "| ms/query |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in rows:
        lines.append(
            f"| {label} | {int(r['chunks'])} | {r['nl_r1']:.2f} | {r['nl_r5']:.2f} | "
            f"{r['nl_mrr']:.2f} | {r['en_r1']:.2f} | {r['en_r5']:.2f} | {r['en_mrr']:.2f} | "
            f"{r['nl_ms']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", type=Path, default=PROJECT_ROOT / "eval" / "testset.jsonl")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--methods", default="all", help="'all' or 'fast' (no MiniLM, no torch)")
    args = ap.parse_args()

    items = [it for it in load_testset(args.set) if it.answerable and not it.history]
    methods = [m for m in METHODS if args.methods == "all" or m.embedder != "minilm"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = [(m.label, evaluate(m, items, work)) for m in methods]
        sizes = [
            (f"{s} / {o}", evaluate(Method("", "e5", "rrf", 0.3, 5, s, o), items, work))
            for s, o in CHUNK_SIZES
        ]
        grid = [
            (f"w {w} / k {k}", evaluate(Method("", "e5", "rrf", w, k), items, work))
            for w, k in FUSION_GRID
        ]
    n_nl, n_en = int(rows[0][1]["nl_n"]), int(rows[0][1]["en_n"])
    report = (
        f"Answerable standalone questions of `{args.set.name}`: {n_nl} Dutch, {n_en} English. "
        "A hit is a retrieved passage that contains one of the question's evidence strings.\n\n"
        "### Methods (chunks of 700 characters, overlap 100)\n\n"
        + table(rows, "method")
        + "\n\n### Chunk size (BM25 + e5, RRF w 0.3, k 5)\n\n"
        + table(sizes, "size / overlap")
        + "\n\n### Fusion: dense weight w and RRF constant k (700 / 100)\n\n"
        + table(grid, "fusion")
        + "\n"
    )
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("# Retrieval: embedders, fusion and chunk size\n\n" + report)


if __name__ == "__main__":
    main()
