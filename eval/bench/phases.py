"""The benchmark's phases, each run in its own worker process (eval/bench/workers.py) so
that its peak memory is its own: the real ingest, an index built per size, and the queries
over one index. The LangChain baseline is eval/bench/langchain.py."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from core.config import Settings
from eval.bench.inputs import bench_settings, index_texts
from eval.bench.measure import (
    disk_usage,
    loadavg,
    memory,
    percentiles,
    progress_on,
    timed,
    tqdm,
    write_profile,
)
from eval.bench.options import K
from eval.bench.standins import CountingEmbedder, DerivedEmbedder, PairedRawTimer, langchain_adapter
from eval.chroma_server import free_port, start_chroma, stop_process


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
    load_before = loadavg()
    t, c = time.perf_counter(), time.process_time()
    summary = ingest(folder, settings, embedder=paired, progress=progress_on())
    wall_s = time.perf_counter() - t
    cpu_s = time.process_time() - c
    ingest_s = wall_s - paired.raw_s
    ingest_cpu_s = cpu_s - paired.raw_cpu_s
    timings = dict(summary.timings)
    timings["embed"] = round(max(0.0, timings.get("embed", 0.0) - paired.raw_s), 3)
    after_ingest = memory()
    load_after_ingest = loadavg()
    # LOB_SENTENCE_FILL=background: the index is searchable and answerable now; the sentence
    # vectors are filled after, timed apart (paired the same way), as `lob ingest` runs it.
    fill = _timed_fill(settings, embedder, set(paired.chunk_texts))
    noop = _noop_reingest(folder, settings, embedder, job["noop_repeats"], job.get("profile_noop"))
    vectors = _stored_vectors(settings)
    np.save(job["vectors"], vectors)
    n = summary.chunks_embedded
    raw_s = paired.raw_s
    total_s = ingest_s + fill["seconds"]
    return {
        "chunks": n,
        "sentences": summary.sentences_embedded + fill["sentences"],
        "sentence_fill": settings.sentence_fill,
        "fill": {
            **fill,
            "chunks_per_s": round(n / fill["seconds"], 2) if fill["seconds"] else None,
        },
        # Chunks/s until every sentence vector is there too (ingest, then the fill).
        "end_to_end": {
            "seconds": round(total_s, 3),
            "chunks_per_s": round(n / total_s, 2) if total_s else None,
        },
        "loadavg_at": {"before": load_before, "after_ingest": load_after_ingest,
                    "after_fill": fill["loadavg"]},
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
            # Cores this process kept busy, the paired raw calls included (the same work).
            "cores": round(cpu_s / wall_s, 2) if wall_s else None,
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


def _timed_fill(settings: Settings, embedder, chunk_texts: set[str]) -> dict:
    """The sentence fill after the ingest (core/sentence_fill.py), its raw model time paired
    in as for the ingest: seconds are the fill's own (wall minus the raw calls)."""
    from core.sentence_fill import fill_after_ingest

    paired = PairedRawTimer(embedder, chunk_texts)
    t, c = time.perf_counter(), time.process_time()
    run = fill_after_ingest(settings, paired, progress=progress_on())
    wall_s = time.perf_counter() - t
    cpu_s = time.process_time() - c
    own = max(0.0, wall_s - paired.raw_s)
    return {
        "sentences": run.sentences, "seconds": round(own, 3),
        "raw_s": round(paired.raw_s, 3),
        "overhead_ratio": round(own / paired.raw_s, 3) if paired.raw_s else None,
        "cores": round(cpu_s / wall_s, 2) if wall_s else None,
        "loadavg": loadavg(),
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
    summary = ingest(folder, settings, embedder=embedder, progress=progress_on())
    build_s = time.perf_counter() - t
    from core.sentence_fill import fill_after_ingest

    t = time.perf_counter()
    fill_after_ingest(settings, embedder, progress=progress_on())
    fill_s = time.perf_counter() - t
    if prof is not None:
        prof.disable()
        write_profile(prof, job["profile_build"])
    after_build = memory()
    noop = _noop_reingest(folder, settings, embedder, job["noop_repeats"], job.get("profile_noop"))
    return {
        "chunks": summary.chunks_total,
        "docs": len(summary.added),
        "build": {"seconds": round(build_s, 3), "timings": summary.timings,
                  "fill_s": round(fill_s, 3)},
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

    for item in tqdm(warm, desc="warm-up", unit="q"):
        search(item)
        ask(item)
    n = job["size"]
    search_ms = timed(search, queries, f"search @{n}")
    splits.clear()
    prof = None
    if job.get("profile_ask"):
        import cProfile

        prof = cProfile.Profile()
    # Each question as if asked for the first time (not its vector from the search above),
    # and paired: its query's embedding alone, then its full answer, one after the other, so
    # both see the same machine load. That embedding is an answer's floor: the query is what
    # its search must encode (the question; for a follow-up the question with the previous
    # turn, assistant/followup.py). The bare question's embedding is timed too: a follow-up's
    # is a short text, below what its answer has to embed.
    limit = settings.max_followup_context_chars
    embed_ms, question_ms, ask_ms = [], [], []
    for item in tqdm(queries, desc=f"embed, answer @{n}", unit="q"):
        embedder.forget_queries()
        t = time.perf_counter()
        embedder.embed_query(item["q"])
        question_ms.append(1000 * (time.perf_counter() - t))
        embedder.forget_queries()
        query = retriever.dense_text(retrieval_query(item["q"], item["history"], 1, limit))
        t = time.perf_counter()
        retriever.query_vector(query)
        embed_ms.append(1000 * (time.perf_counter() - t))
        embedder.forget_queries()
        if prof is not None:
            prof.enable()
        t = time.perf_counter()
        ask(item)
        ask_ms.append(1000 * (time.perf_counter() - t))
        if prof is not None:
            prof.disable()
    if prof is not None:
        write_profile(prof, job["profile_ask"])
    first_splits = list(splits)
    splits.clear()
    embedder.forget_queries()
    repeat_ms = timed(ask, queries, f"answer again @{n}")
    mem = memory()  # before LangChain or a server client adds anything

    out: dict[str, Any] = {
        "chunks": chunks,
        "load_s": round(load_s, 3),
        "first_answer_ms": round(first_ask_ms, 1),
        "search_ms": percentiles(search_ms),
        "ask_ms": percentiles(ask_ms),
        "embed_query_ms": percentiles(embed_ms),
        "ask_over_embed_p50": _p50_ratio(ask_ms, embed_ms),
        "embed_question_ms": percentiles(question_ms),
        "ask_over_question_p50": _p50_ratio(ask_ms, question_ms),
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
            embedding_function=langchain_adapter(embedder),
            create_collection_if_not_exists=False,
        )

        def lc(item):
            return vs.similarity_search(item["q"], k=K)

        embedder.forget_queries()  # the answers above embedded these very questions
        for item in warm:
            lc(item)
        out["langchain_e5_search_ms"] = percentiles(timed(lc, queries, f"langchain e5 @{n}"))

    if job.get("server"):
        out["server"] = _server_search(job, settings, embedder, queries, warm)
    return out


def _p50_ratio(num: list[float], den: list[float]) -> float | None:
    return (round(float(np.median(num)) / float(np.median(den)), 3)
            if den and np.median(den) > 0 else None)


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
            bar = tqdm(total=total, desc=f"copy {a.name} to server", unit="rec")
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
        ms = timed(search, queries, f"server search @{job['size']}")
        return {"search_ms": percentiles(ms), "copy_s": round(copy_s, 2),
                "chunks": dst.chunk_count()}
    finally:
        stop_process(proc)


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
            write_profile(prof, profile_to)
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
