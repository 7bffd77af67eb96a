"""The BM25 side of the index: built by ingest, saved under the data dir, loaded once to query.

On disk, a folder of versions and a pointer to the live one:

    bm25/<embedder>/CURRENT        the name of the live version, one line ("v-k3j9x2")
    bm25/<embedder>/v-k3j9x2/      one complete index: bm25s files, chunk ids, facets, terms

Why: a reader loads several files, and a folder swapped by renames is missing for a moment
(the old code's FileNotFoundError) while a fixed temp name collides between two writers
(its FileExistsError). So `save` writes a new version into a folder no one else uses
(`tempfile.mkdtemp` beside the others), syncs it, and only then names it in CURRENT, itself
replaced atomically (a temp file, then `os.replace`). Saves are serialised by an flock on
`.lock` in the folder. After the swap a save deletes every version but the new one and the
one it replaced: a reader that read CURRENT just before the swap still finds its files.
`load` reads CURRENT, then that version; should the version vanish under it (two saves
during one load), it reads CURRENT again. So a reader gets the old index or the new one,
never half of one. An index saved before this layout (files right in the folder) still
loads; the next save moves it to the new layout.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bm25s
import numpy as np

from core import glossary
from core import text as textmod
from core.acronyms import definitions

_IDS_FILE = "chunk_ids.json"
_FACETS_FILE = "facets.json"
_GENERATION_FILE = "generation.txt"
# The abbreviations the indexed documents define ("Nationaal Programma Onderwijs (NPO)"):
# kept with the index they were learned for, and known to whoever loads it.
_ACRONYMS_FILE = "acronyms.json"
# Each chunk's terms as ids into a vocabulary that only grows, so that the next build takes
# an unchanged chunk's terms as they are instead of cutting and stemming its text again.
_KEYS_FILE = "keys.json"
_TERMS_FILE = "terms.json"
_TERMS_VERSION_FILE = "terms-version.txt"
_TOKENS_FILE = "tokens.npy"
_OFFSETS_FILE = "offsets.npy"
_POINTER = "CURRENT"
_LOCK = ".lock"
_VERSION_PREFIX = "v-"
_LEGACY = "legacy"  # the version of an index saved before versions: files in the folder


class LexicalIndex:
    """BM25 (bm25s, Lucene variant) over chunk texts, addressed by chunk id.

    `facets` are per-chunk labels (doc_id, doc_type) kept beside the index so that filters
    can be applied as a numpy mask without asking the store.
    """

    def __init__(
        self,
        chunk_ids: list[str],
        retriever: bm25s.BM25 | None,
        facets: dict[str, list[str]] | None = None,
        generation: str | None = None,
        tokens: _Tokens | None = None,
        directory: Path | None = None,
        version: str | None = None,
        acronyms: dict[str, str] | None = None,
    ) -> None:
        self.chunk_ids = chunk_ids
        self.acronyms = dict(acronyms or {})
        glossary.learn(self.acronyms)
        # Which saved version this was loaded from (None: built here, not loaded).
        self.version = version
        # Which state of the store this index was built from (see IndexStore.generation).
        self.generation = generation
        self.facets = {k: np.asarray(v, dtype=object) for k, v in (facets or {}).items()}
        self._retriever = retriever
        self._vocab: dict[str, int] = retriever.vocab_dict if retriever is not None else {}
        # Term ids per chunk: held after a build, read from `directory` only when the next
        # build asks (a serving process never needs them).
        self._tokens = tokens
        self._directory = directory

    @classmethod
    def build(
        cls,
        chunk_ids: list[str],
        texts: list[str | None],
        facets: dict[str, list[str]] | None = None,
        generation: str | None = None,
        keys: list[str] | None = None,
        previous: LexicalIndex | None = None,
    ) -> LexicalIndex:
        """BM25 over `texts`. With `keys` (a hash of each text) and the `previous` index, a
        text whose key the previous index has is not tokenised again: an ingest costs the
        terms of what changed plus one pass over the term ids of the whole corpus (BM25's
        idf and length norm are corpus-wide: every score can change when one chunk does).
        A text may be None when the previous index has its key."""
        lengths = {len(chunk_ids), len(texts), *(len(v) for v in (facets or {}).values())}
        if keys is not None:
            lengths.add(len(keys))
        if len(lengths) > 1:
            raise ValueError("chunk_ids, texts, keys and facets differ in length")
        if not texts:
            return cls([], None, facets, generation)
        # Learned before any text is tokenised, so a chunk that writes only "NPO" is indexed
        # under the long form too. A text whose terms are reused keeps its earlier terms.
        acronyms = dict(previous.acronyms) if previous is not None else {}
        for text in texts:
            if text:
                for short, long in definitions(text).items():
                    acronyms.setdefault(short, long)
        glossary.learn(acronyms)
        old = previous.tokens() if previous is not None and keys is not None else None
        if old is not None and old.version != textmod.TERMS_VERSION:
            old = None  # made by another tokeniser: every text is tokenised again
        vocab: dict[str, int] = {t: i for i, t in enumerate(old.terms)} if old else {}
        spans = old.spans() if old else {}
        per_chunk: list[np.ndarray] = []
        for i, text in enumerate(texts):
            span = spans.get(keys[i]) if keys is not None else None
            if span is not None:
                per_chunk.append(old.ids[span[0] : span[1]])
                continue
            if text is None:
                raise ValueError(f"no text for chunk {chunk_ids[i]!r} and no earlier terms")
            ids = [vocab.setdefault(t, len(vocab)) for t in textmod.terms(text)]
            per_chunk.append(np.asarray(ids, dtype=np.int32))
        tokens = _Tokens.of(list(keys) if keys is not None else [], list(vocab), per_chunk)
        retriever = bm25s.BM25()
        retriever.index(
            ([a.tolist() for a in per_chunk], vocab), create_empty_token=False,
            show_progress=False,
        )
        return cls(list(chunk_ids), retriever, facets, generation, tokens, acronyms=acronyms)

    def tokens(self) -> _Tokens | None:
        """The term ids per chunk this index was built from (None for an index without them)."""
        if self._tokens is None and self._directory is not None:
            self._tokens = _Tokens.load(self._directory)
        return self._tokens

    def mask(self, **wanted: list[str] | None) -> np.ndarray | None:
        """Boolean mask of chunks whose facets are among the wanted values (None = no filter)."""
        mask = None
        for key, values in wanted.items():
            if not values:
                continue
            m = np.isin(self.facets[key], list(values))
            mask = m if mask is None else mask & m
        return mask

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def knows(self, term: str) -> bool:
        return term in self._vocab

    def idf(self, term: str) -> float:
        """ln(1 + (N - df + .5) / (df + .5)) of a BM25 term; 0 for a term no chunk has."""
        tid = self._vocab.get(term)
        if tid is None or self._retriever is None:
            return 0.0
        indptr = self._retriever.scores["indptr"]
        df = int(indptr[tid + 1] - indptr[tid])
        n = len(self.chunk_ids)
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5))) if df else 0.0

    def idf_unknown(self) -> float:
        """The idf a term would have if one chunk held it: what an unseen word weighs."""
        n = len(self.chunk_ids)
        return float(np.log(1 + (n - 0.5) / 1.5)) if n else 0.0

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (0 where nothing matches); a query of unknown words is fine."""
        if self._retriever is None:
            return np.zeros(0, dtype=np.float32)
        # Terms bm25s has never seen would raise; they also cannot score, so drop them.
        known = [t for t in textmod.query_terms(query) if t in self._vocab]
        if not known:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def save(self, directory: Path) -> None:
        """Write a new version, then point CURRENT at it (see the module docstring)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        with _locked(directory):
            tmp = Path(tempfile.mkdtemp(prefix=_VERSION_PREFIX, dir=directory))
            tmp.chmod(0o755)  # mkdtemp's 0o700 would hide it from a server run as another user
            try:
                self._write(tmp)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            replaced = current_version(directory)
            _write_pointer(directory, tmp.name)
            self.version = tmp.name
            _clean(directory, keep={tmp.name, replaced})

    def _write(self, folder: Path) -> None:
        if self._retriever is not None:
            self._retriever.save(str(folder), show_progress=False)
        (folder / _IDS_FILE).write_text(json.dumps(self.chunk_ids), encoding="utf-8")
        facets = {k: v.tolist() for k, v in self.facets.items()}
        (folder / _FACETS_FILE).write_text(json.dumps(facets), encoding="utf-8")
        (folder / _GENERATION_FILE).write_text(self.generation or "", encoding="utf-8")
        (folder / _ACRONYMS_FILE).write_text(
            json.dumps(self.acronyms, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tokens = self.tokens()
        if tokens is not None and tokens.keys:
            tokens.save(folder)
        # On disk before CURRENT names them: a crash must not leave it pointing at empty files.
        for f in folder.iterdir():
            if f.is_file():
                with open(f, "rb") as fh:
                    os.fsync(fh.fileno())

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex | None:
        """None when there is no index yet."""
        directory = Path(directory)
        for _ in range(10):
            version = current_version(directory)
            if version is None:
                return None
            folder = directory if version == _LEGACY else directory / version
            try:
                return cls._load_version(folder, version)
            except FileNotFoundError:
                if current_version(directory) == version:
                    raise  # not swapped underneath: the index really is broken
        raise RuntimeError(f"the BM25 index in {directory} kept changing while it was read")

    @classmethod
    def _load_version(cls, folder: Path, version: str) -> LexicalIndex:
        chunk_ids = json.loads((folder / _IDS_FILE).read_text(encoding="utf-8"))
        facets_file = folder / _FACETS_FILE
        facets = json.loads(facets_file.read_text(encoding="utf-8")) if facets_file.exists() else {}
        gen_file = folder / _GENERATION_FILE
        generation = (gen_file.read_text(encoding="utf-8") if gen_file.exists() else "") or None
        acronyms_file = folder / _ACRONYMS_FILE
        acronyms = (json.loads(acronyms_file.read_text(encoding="utf-8"))
                    if acronyms_file.exists() else {})
        if not chunk_ids:
            return cls([], None, facets, generation, version=version)
        retriever = bm25s.BM25.load(str(folder), show_progress=False)
        return cls(chunk_ids, retriever, facets, generation, directory=folder, version=version,
                   acronyms=acronyms)


def current_version(directory: Path) -> str | None:
    """The name of the live version under `directory` (None: no index): cheap enough to ask
    on every request, and it changes with every save."""
    try:
        name = (Path(directory) / _POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return _LEGACY if (Path(directory) / _IDS_FILE).exists() else None
    return name or None


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    # flock locks belong to an open file, so this also keeps two threads of one process apart.
    with open(directory / _LOCK, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_pointer(directory: Path, name: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".current-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(name)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, directory / _POINTER)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _clean(directory: Path, keep: set[str | None]) -> None:
    """Delete versions but `keep`, and what an older layout or a crashed save left behind.
    Called under the lock: no other save is half-way."""
    for p in directory.iterdir():
        if p.name in keep or p.name in (_POINTER, _LOCK):
            continue
        if p.is_dir() and p.name.startswith(_VERSION_PREFIX):
            shutil.rmtree(p, ignore_errors=True)
        elif p.is_file():
            # The pre-version layout's files (a reader still on them reads CURRENT again)
            # and a crashed save's pointer temp.
            p.unlink(missing_ok=True)
    for sibling in (".tmp", ".old"):  # the pre-version layout's swap folders
        shutil.rmtree(directory.with_name(directory.name + sibling), ignore_errors=True)


class _Tokens:
    """Each chunk's BM25 terms as int32 ids, flat, with offsets; `keys` say which text."""

    def __init__(self, keys: list[str], terms: list[str], ids: np.ndarray, offsets: np.ndarray,
                 version: str = textmod.TERMS_VERSION):
        self.keys, self.terms, self.ids, self.offsets = keys, terms, ids, offsets
        self.version = version  # of the tokeniser (core/text.py) that made the terms

    @classmethod
    def of(cls, keys: list[str], terms: list[str], per_chunk: list[np.ndarray]) -> _Tokens:
        offsets = np.zeros(len(per_chunk) + 1, dtype=np.int64)
        np.cumsum([len(a) for a in per_chunk], out=offsets[1:])
        ids = np.concatenate(per_chunk) if per_chunk else np.zeros(0, dtype=np.int32)
        return cls(keys, terms, ids.astype(np.int32, copy=False), offsets)

    def spans(self) -> dict[str, tuple[int, int]]:
        off = self.offsets.tolist()
        return {k: (off[i], off[i + 1]) for i, k in enumerate(self.keys)}

    def save(self, directory: Path) -> None:
        np.save(directory / _TOKENS_FILE, self.ids)
        np.save(directory / _OFFSETS_FILE, self.offsets)
        (directory / _KEYS_FILE).write_text(json.dumps(self.keys), encoding="utf-8")
        (directory / _TERMS_FILE).write_text(json.dumps(self.terms), encoding="utf-8")
        (directory / _TERMS_VERSION_FILE).write_text(self.version, encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> _Tokens | None:
        """None for an index saved without them (an older format, or built without keys)."""
        try:
            keys = json.loads((directory / _KEYS_FILE).read_text(encoding="utf-8"))
            terms = json.loads((directory / _TERMS_FILE).read_text(encoding="utf-8"))
            ids = np.load(directory / _TOKENS_FILE)
            offsets = np.load(directory / _OFFSETS_FILE)
        except (FileNotFoundError, ValueError):
            return None
        if len(offsets) != len(keys) + 1:
            return None
        version_file = directory / _TERMS_VERSION_FILE
        # Saved before tokeniser versions: "" matches no version, so its terms are remade.
        version = version_file.read_text(encoding="utf-8") if version_file.exists() else ""
        return cls(keys, terms, ids, offsets, version)
