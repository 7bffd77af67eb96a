"""A scaled corpus for benchmarks: new documents recombined from the real corpus, repeatably.

    python -m eval.scaled OUT_DIR --chunks 10000 [--seed 0] [--corpus corpus/]

The paragraphs (blocks between blank lines) of every ``corpus/*.txt`` body (the text after
the YAML front matter) are pooled and drawn, across documents, into new documents. Each drawn
block is perturbed so that no two documents are alike: numbers are varied, some neighbouring
words swapped, some words replaced by another corpus word or by a Dutch-style compound of two
corpus words (so the vocabulary keeps growing with the corpus, as a real one does). Every
document gets a new ``doc_id`` (its file name), a title and a ``doc_type`` in YAML front
matter. Documents are generated until the default chunker (``chunk_document`` with the given
size/overlap, 700/100 by default) cuts about the requested number of chunks from them.

Same seed, same corpus, same arguments: byte-identical files (``random.Random(seed)`` only;
no clock, no hash randomisation).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.config import PROJECT_ROOT
from core.schema import LoadedDocument
from ingest.chunking import chunk_document

DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
# The types the corpus uses and those the README foresees: filters see all of them.
DOC_TYPES = ("beleid", "nieuws", "webpagina", "handreiking", "opdracht", "factsheet")

_BLOCK_SPLIT = re.compile(r"\n[ \t\u00a0]*\n")
_NUMBER = re.compile(r"\d+")
_TOKEN = re.compile(r"\S+")
_PLAIN_WORD = re.compile(r"^[a-zà-ÿ]{4,}$")

# Per word: chance of swapping with the next word, of being replaced by another corpus word,
# and of being replaced by a compound of two corpus words.
P_SWAP = 0.04
P_REPLACE = 0.04
P_COMPOUND = 0.03


@dataclass
class Pool:
    """What the generator draws from: the corpus' blocks, headings and plain words."""

    blocks: list[str]
    headings: list[str]
    words: list[str]
    doc_types: list[str] = field(default_factory=list)


@dataclass
class ScaledDoc:
    doc_id: str
    title: str
    doc_type: str
    text: str
    n_chunks: int

    def file_text(self) -> str:
        # JSON strings are valid YAML scalars: quotes, colons and accents stay safe.
        front = (
            f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n"
            f"doc_type: {self.doc_type}\npublisher: \"LOB benchmark (generated)\"\n---\n"
        )
        return front + self.text


@dataclass
class ScaledCorpus:
    folder: Path
    docs: int
    chunks: int
    chars: int
    seed: int
    files: list[Path]


def strip_front_matter(text: str) -> str:
    """The body of a corpus file: the text after the second ``---`` line, if it has one."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[end + len("\n---\n") :]
    return text


def _is_heading(block: str) -> bool:
    s = block.strip()
    return "\n" not in s and len(s) <= 80 and s[-1:] not in ".:;,!?" and len(s.split()) <= 10


def load_pool(corpus_dir: Path = DEFAULT_CORPUS) -> Pool:
    blocks: list[str] = []
    headings: list[str] = []
    words: set[str] = set()
    types: list[str] = []
    files = sorted(Path(corpus_dir).glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no .txt files in {corpus_dir}")
    for path in files:
        raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        m = re.search(r"^doc_type:\s*(\S+)", raw.split("\n---\n", 1)[0], re.M)
        if m:
            types.append(m.group(1).strip("\"'"))
        for block in _BLOCK_SPLIT.split(strip_front_matter(raw)):
            block = block.strip().replace("\u00a0", " ")
            if not block.strip():
                continue
            (headings if _is_heading(block) else blocks).append(block)
            words.update(w for w in re.findall(r"\w+", block.lower()) if _PLAIN_WORD.match(w))
    if not blocks:
        raise ValueError(f"no paragraphs in {corpus_dir}")
    return Pool(blocks, headings or ["Inleiding"], sorted(words), sorted(set(types)))


def _vary_number(rng: random.Random, m: re.Match) -> str:
    s = m.group(0)
    n = int(s)
    if len(s) == 4 and 1900 <= n <= 2099:  # a year stays a plausible year
        return str(rng.randint(2005, 2030))
    if len(s) == 1:
        return str(rng.randint(1, 9))
    return str(rng.randint(10 ** (len(s) - 1), 10 ** len(s) - 1))


def perturb(block: str, rng: random.Random, words: Sequence[str]) -> str:
    """Vary numbers, swap some neighbouring words, replace some words; keeps line structure."""
    block = _NUMBER.sub(lambda m: _vary_number(rng, m), block)
    lines = []
    for line in block.split("\n"):
        toks = _TOKEN.findall(line)
        lead = line[: len(line) - len(line.lstrip())]
        i = 0
        while i < len(toks):
            r = rng.random()
            tok = toks[i]
            plain = tok.isalpha() and tok.islower()
            if r < P_SWAP and i + 1 < len(toks) and plain and toks[i + 1].isalpha():
                toks[i], toks[i + 1] = toks[i + 1], toks[i]
                i += 2
                continue
            if plain and r < P_SWAP + P_REPLACE:
                toks[i] = rng.choice(words)
            elif plain and r < P_SWAP + P_REPLACE + P_COMPOUND:
                toks[i] = rng.choice(words) + rng.choice(words)
            i += 1
        lines.append(lead + " ".join(toks))
    return "\n".join(lines)


def generate_docs(
    n_chunks: int,
    seed: int = 0,
    corpus_dir: Path = DEFAULT_CORPUS,
    chunk_size: int = 700,
    chunk_overlap: int = 100,
    prefix: str = "scaled",
    pool: Pool | None = None,
) -> Iterator[ScaledDoc]:
    """Yield new documents until the chunker has cut at least ``n_chunks`` chunks from them
    (overshoot: at most one document's chunks, ~5-30)."""
    if n_chunks < 1:
        raise ValueError("n_chunks must be at least 1")
    pool = pool or load_pool(corpus_dir)
    rng = random.Random(seed)
    types = sorted(set(pool.doc_types) | set(DOC_TYPES))
    blocks = list(pool.blocks)
    order: list[int] = []
    total = 0
    i = 0
    while total < n_chunks:
        title = f"{perturb(rng.choice(pool.headings), rng, pool.words)} {i + 1}"
        doc_type = rng.choice(types)
        parts = [title]
        for _ in range(rng.randint(6, 36)):
            if not order:  # walk the pool in a fresh shuffled order: blocks mix across docs
                order = list(range(len(blocks)))
                rng.shuffle(order)
            if rng.random() < 0.15:
                parts.append(perturb(rng.choice(pool.headings), rng, pool.words))
            parts.append(perturb(blocks[order.pop()], rng, pool.words))
        text = "\n\n".join(parts) + "\n"
        doc_id = f"{prefix}-{i:06d}"
        doc = LoadedDocument(text=text, metadata={"title": title, "doc_type": doc_type})
        n = len(chunk_document(doc_id, doc, chunk_size, chunk_overlap))
        total += n
        i += 1
        yield ScaledDoc(doc_id, title, doc_type, text, n)


def write_corpus(
    folder: Path,
    n_chunks: int,
    seed: int = 0,
    corpus_dir: Path = DEFAULT_CORPUS,
    chunk_size: int = 700,
    chunk_overlap: int = 100,
    prefix: str = "scaled",
    progress: bool = False,
) -> ScaledCorpus:
    """Write the generated documents as ``<folder>/<doc_id>.txt`` (front matter + text).

    The folder must be empty or absent: a stale file would silently join the corpus.
    """
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=n_chunks, desc=f"generate {n_chunks} chunks", unit="chunk",
                   leave=False, file=sys.stderr)
    files, chunks, chars = [], 0, 0
    docs = generate_docs(n_chunks, seed, corpus_dir, chunk_size, chunk_overlap, prefix)
    for doc in docs:
        path = folder / f"{doc.doc_id}.txt"
        path.write_text(doc.file_text(), encoding="utf-8")
        files.append(path)
        chunks += doc.n_chunks
        chars += len(doc.text)
        if bar is not None:
            bar.update(doc.n_chunks)
    if bar is not None:
        bar.close()
    return ScaledCorpus(folder, len(files), chunks, chars, seed, files)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.scaled", description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path, help="empty or new folder to write the .txt files into")
    p.add_argument("--chunks", type=int, default=1000, help="about this many chunks (700/100)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--chunk-size", type=int, default=700)
    p.add_argument("--chunk-overlap", type=int, default=100)
    a = p.parse_args(argv)
    c = write_corpus(a.out, a.chunks, a.seed, a.corpus, a.chunk_size, a.chunk_overlap,
                     progress=True)
    print(json.dumps({"folder": str(c.folder), "docs": c.docs, "chunks": c.chunks,
                      "chars": c.chars, "seed": c.seed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
