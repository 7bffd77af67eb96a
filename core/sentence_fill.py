"""The sentence vectors of an ingested index, filled after the ingest instead of within it.

Answers compare the question with each sentence of the retrieved passages, so every chunk's
sentences (and what each stands under, `core.index.chunk_sentences`) get a vector ahead
(core/sentence_vectors.py). They are about as much text as the chunks themselves, and the
model's cost is per token: embedding them within the ingest halved its chunks/s (docs/bench.md,
issue 18: 0.44-0.54x the plain LangChain pipeline with the same model). With
`LOB_SENTENCE_FILL=background` an ingest embeds and writes the chunks (the index is searchable
and answerable when it ends) and this fills the sentences afterwards:

- in a serving process, on a thread that looks again whenever the store's generation changes
  (an ingest here or in another process), one piece at a time: a question finds a core's
  engine slot free, and a piece waits while a question waits (`core.embedder._EngineSlots`);
- in `lob ingest` after the ingest, unless `--no-fill`; in the benchmark, timed apart.

What is left to fill is read from the sentence store's reference table (chunk id -> its
sentences' keys, kept with every write to the index), so a fill resumes after a restart at
the first chunk still short of a vector, and the count of what is left is exact. A passage an
answer needs before the fill reaches it is embedded by the answerer on the spot and stored
(`assistant/answering/features.py: VectorCache`), rounded to float16 as here: an answer does
not depend on which of the two computed a vector. One filler per data dir at a time (a file
lock): `lob ingest` and a server on the same data dir do not embed the same sentences twice.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from tqdm import tqdm

from core.config import Settings
from core.embedder import Embedder, _pieces
from core.index import IndexStore, chunk_sentences

log = logging.getLogger("lob.fill")

# Chunks per step: ~3 new texts a chunk, so ~200 sentences, as much text as ~6 chunk batches:
# pieces for every core (core/embedder.py), and a stop waits for at most one step.
CHUNKS_PER_STEP = 64
# /ready may be asked every few seconds; counting over 100k chunks' references takes ~0.1 s.
_STATE_TTL_S = 5.0
_RETRY_S = 30.0  # after a failed pass: one log entry per half minute, not per poll


@dataclass
class FillRun:
    """One run of the fill: what it embedded, and how long it took."""

    sentences: int = 0
    chunks: int = 0
    seconds: float = 0.0
    done: bool = False  # nothing left to fill when it ended (not stopped, not locked out)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Walk:
    """Where one run is in the reference table (chunk ids in order)."""

    after: str = ""
    seen: set[str] = field(default_factory=set)
    skip: set[str] = field(default_factory=set)


class SentenceFill:
    def __init__(self, store: IndexStore, embedder: Embedder,
                 chunks_per_step: int = CHUNKS_PER_STEP, one_core: bool = False) -> None:
        """`one_core`: embed one piece at a time (a serving process: questions keep a core);
        otherwise every core (`lob ingest`, the benchmark)."""
        self.store = store
        self.one_core = one_core
        self.chunks_per_step = chunks_per_step
        self.embedder = embedder
        self._lock_path = store.settings.data_dir / ".sentence-fill.lock"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: tuple[float, int, int] | None = None  # (when, filled, total)
        self._rate: float | None = None  # sentences/s of the last run that embedded any

    # -- one pass over what is missing ------------------------------------------------------
    def run(self, progress: bool = False, wait: bool = True,
            stop: threading.Event | None = None) -> FillRun:
        """Fill until nothing is missing (or `stop` is set). `wait=False`: return at once
        (with `done` False) when another process is filling this data dir."""
        out = FillRun()
        t0 = time.perf_counter()
        with self._exclusive(wait) as mine:
            if not mine:
                return out
            filled, total = self.store.sentence_vectors.fill_state()
            bar = tqdm(total=total, initial=filled, desc="sentence vectors", unit="sentence",
                       disable=not progress, leave=False)
            walk = _Walk()
            while not (stop and stop.is_set()):
                got = self._step(walk)
                if got is None and walk.after:
                    # Chunks written behind the cursor meanwhile: walk once more from the start.
                    walk.after = ""
                    continue
                if got is None:
                    out.done = True
                    break
                out.chunks += got[0]
                out.sentences += got[1]
                bar.update(got[1])
            bar.close()
        out.seconds = round(time.perf_counter() - t0, 3)
        if out.sentences and out.seconds:
            self._rate = out.sentences / out.seconds
        self._state = None
        return out

    def _step(self, walk: _Walk) -> tuple[int, int] | None:
        """Embed the missing sentences of the next chunks after the walk's cursor (moved on);
        (chunks, sentences), or None when no chunk after it is missing any."""
        vectors = self.store.sentence_vectors
        ids = vectors.unfilled_chunks(self.chunks_per_step, walk.after, walk.skip)
        if not ids:
            return None
        walk.after = ids[-1]
        # A chunk still missing a vector after its turn in this run (gone from the store since,
        # or references from another version of the sentence cutter) would come back forever.
        walk.skip.update(cid for cid in ids if cid in walk.seen)
        ids = [cid for cid in ids if cid not in walk.skip]
        walk.seen.update(ids)
        chunks = self.store.get_chunks(ids)
        held = {cid: chunk_sentences(chunks[cid]) for cid in ids if cid in chunks}
        texts = vectors.missing(t for ts in held.values() for t in ts)
        if texts and self.one_core:
            # One engine slot at a time (pieces as the embedder cuts them), so a question
            # always finds the other core's slot free instead of waiting behind a piece.
            for piece in _pieces(texts):
                part = [texts[i] for i in piece]
                vectors.put_held(part, self.embedder.embed_passages(part))
        elif texts:
            vectors.put_held(texts, self.embedder.embed_passages(texts))
        return len(held), len(texts)

    @contextmanager
    def _exclusive(self, wait: bool) -> Iterator[bool]:
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path, "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- progress -----------------------------------------------------------------------------
    def progress(self) -> dict:
        """{filled, total, eta_s}: sentences with a vector of those the index's chunks hold,
        and the time left at the rate this process last filled (None before it has)."""
        now = time.monotonic()
        if self._state is None or now - self._state[0] > _STATE_TTL_S:
            self._state = (now, *self.store.sentence_vectors.fill_state())
        _, filled, total = self._state
        left = total - filled
        eta = round(left / self._rate, 1) if self._rate and left else (0.0 if not left else None)
        return {"filled": filled, "total": total, "eta_s": eta}

    # -- in a serving process -----------------------------------------------------------------
    def start(self, poll_s: float) -> None:
        """Fill on a daemon thread now, then whenever the store's generation changes (asked
        every `poll_s` seconds, as the BM25 index is)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self._loop, args=(max(poll_s, 0.2),), name="sentence-fill", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self, poll_s: float) -> None:
        seen: object = object()  # no generation yet: fill at start-up
        while not self._stop.is_set():
            try:
                generation = self.store.generation()
                if generation != seen:
                    got = self.run(wait=False, stop=self._stop)
                    if got.done:
                        seen = generation
                    if got.sentences:
                        log.info("sentence fill: %d sentences of %d chunks in %.1f s",
                                 got.sentences, got.chunks, got.seconds)
            except Exception:  # a store that is away (a Chroma server restarting): try again
                log.exception("sentence fill failed; trying again in %.0f s", _RETRY_S)
                self._stop.wait(_RETRY_S)
            self._stop.wait(poll_s)


def fill_after_ingest(settings: Settings, embedder: Embedder, progress: bool = False) -> FillRun:
    """What a one-off ingest (the CLI, the eval's folds, tests) runs after `ingest()` to leave
    a complete index: fills what LOB_SENTENCE_FILL=background left. Nothing to do otherwise."""
    if not settings.fills_sentences_later:
        return FillRun(done=True)
    return SentenceFill(IndexStore(settings, embedder.name), embedder).run(progress=progress)
