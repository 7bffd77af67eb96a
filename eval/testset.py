"""The hand-written evaluation set: load it strictly, and check it against the corpus.

Each line of ``eval/testset.jsonl`` is one JSON object with exactly the keys in ``FIELDS``.
``python -m eval.testset [FILE] [--corpus DIR]`` prints every problem and exits 1 if there is
any. A corpus of .txt files is read as files; a folder with other formats (the development
corpus: PDF, DOCX, HTML, Markdown) is read through the loaders, as ``lob ingest`` reads it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TESTSET = PROJECT_ROOT / "eval" / "testset.jsonl"
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"

# Key -> JSON type it must have; list fields hold non-empty strings only.
FIELDS: dict[str, type] = {
    "id": str,
    "q": str,
    "history": list,
    "evidence": list,
    "facts": list,
    "answerable": bool,
    "lang": str,
    "tags": list,
}
LIST_FIELDS = ("history", "evidence", "facts", "tags")
LANGS = frozenset({"nl", "en"})
# Tags besides these must be a doc_id of the corpus.
TAG_VOCABULARY = frozenset(
    {
        "name", "date", "number", "list", "definition", "paraphrase", "followup", "english",
        "unanswerable", "near-miss", "out-of-domain", "abbreviation",
        "who", "what", "when", "why", "how",
        # answer kinds and where the answer sits (the development corpus, eval/devcorpus)
        "duration", "count", "percentage", "amount", "steps", "table", "faq", "pdf",
    }
)
EVIDENCE_MIN_CHARS = 20
EVIDENCE_MAX_CHARS = 200

# A YAML front matter block: a "---" line, anything, a closing "---" line.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\n)??---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


class TestSetError(ValueError):
    """A line of the test set file does not follow the schema."""

    __test__ = False


@dataclass(frozen=True)
class TestItem:
    """One evaluation question; list fields are stored as tuples so the item is immutable."""

    __test__ = False  # not a pytest test class, despite the name

    id: str
    q: str
    history: tuple[str, ...]
    evidence: tuple[str, ...]
    facts: tuple[str, ...]
    answerable: bool
    lang: str
    tags: tuple[str, ...]

    @property
    def is_followup(self) -> bool:
        return "followup" in self.tags

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "q": self.q,
            "history": list(self.history),
            "evidence": list(self.evidence),
            "facts": list(self.facts),
            "answerable": self.answerable,
            "lang": self.lang,
            "tags": list(self.tags),
        }


def _schema_problems(obj: Any) -> list[str]:
    if not isinstance(obj, dict):
        return [f"expected a JSON object, got {type(obj).__name__}"]
    problems: list[str] = []
    missing = [k for k in FIELDS if k not in obj]
    extra = sorted(k for k in obj if k not in FIELDS)
    if missing:
        problems.append(f"missing key(s): {', '.join(missing)}")
    if extra:
        problems.append(f"unexpected key(s): {', '.join(extra)}")
    for key, typ in FIELDS.items():
        if key not in obj:
            continue
        value = obj[key]
        # bool is an int subclass, and nothing here may be one unless it is declared bool.
        if not isinstance(value, typ) or (typ is not bool and isinstance(value, bool)):
            problems.append(f"{key!r} must be {typ.__name__}, got {type(value).__name__}")
            continue
        if key in LIST_FIELDS:
            for i, elem in enumerate(value):
                if not isinstance(elem, str):
                    problems.append(f"{key}[{i}] must be str, got {type(elem).__name__}")
                elif not elem.strip():
                    problems.append(f"{key}[{i}] is empty")
        elif typ is str and not value.strip():
            problems.append(f"{key!r} is empty")
    lang = obj.get("lang")
    if isinstance(lang, str) and lang.strip() and lang not in LANGS:
        problems.append(f"'lang' must be one of {sorted(LANGS)}, got {lang!r}")
    return problems


def _item_from(obj: dict[str, Any]) -> TestItem:
    return TestItem(
        id=obj["id"],
        q=obj["q"],
        history=tuple(obj["history"]),
        evidence=tuple(obj["evidence"]),
        facts=tuple(obj["facts"]),
        answerable=obj["answerable"],
        lang=obj["lang"],
        tags=tuple(obj["tags"]),
    )


def load_testset(path: Path) -> list[TestItem]:
    """Read a JSONL test set; raise TestSetError("line N: ...") on the first bad line."""
    items: list[TestItem] = []
    first_line: dict[str, int] = {}
    text = Path(path).read_text(encoding="utf-8")
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if lineno == text.count("\n") + 1:  # the empty remainder after the final newline
                continue
            raise TestSetError(f"line {lineno}: empty line")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TestSetError(f"line {lineno}: invalid JSON: {exc.msg}") from exc
        problems = _schema_problems(obj)
        if problems:
            raise TestSetError(f"line {lineno}: " + "; ".join(problems))
        item = _item_from(obj)
        if item.id in first_line:
            raise TestSetError(
                f"line {lineno}: duplicate id {item.id!r} (first on line {first_line[item.id]})"
            )
        first_line[item.id] = lineno
        items.append(item)
    return items


def strip_front_matter(text: str) -> str:
    """The document text: everything after a leading ``---`` ... ``---`` block, if any."""
    text = text.removeprefix("\ufeff")
    match = _FRONT_MATTER.match(text)
    return text[match.end() :] if match else text


def corpus_texts(corpus_dir: Path) -> dict[str, str]:
    """doc_id (file name without .txt) -> document text without its front matter."""
    return {
        p.stem: strip_front_matter(p.read_text(encoding="utf-8"))
        for p in sorted(Path(corpus_dir).glob("*.txt"))
    }


def document_texts(corpus_dir: Path) -> dict[str, str]:
    """doc_id -> stored text of every document in the folder, in any supported format.

    Read with ``ingest.loaders.load_document``, so evidence is checked against the text the
    assistant stores (and quotes). Files are found as ``lob ingest`` finds them: recursively,
    hidden names, symbolic links and ``.meta.yaml`` sidecars passed over; the doc_id is the
    path below the folder without its suffix (ingest.pipeline.doc_id_for).
    """
    from ingest.loaders import SUPPORTED_SUFFIXES, LoaderError, is_sidecar, load_document

    root = Path(corpus_dir)
    texts: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.is_symlink():
            continue
        if not path.is_file() or is_sidecar(path):
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        doc_id = rel.with_suffix("").as_posix()
        if doc_id in texts:  # the first file in path order claims a doc_id, as in ingest
            continue
        try:
            texts[doc_id] = load_document(path).text
        except LoaderError as exc:
            raise LoaderError(f"{rel.as_posix()}: {exc}") from exc
    return texts


def texts_for(corpus_dir: Path) -> dict[str, str]:
    """The corpus texts: plain .txt reading for a folder of .txt files only (the bundled
    corpus), the loaders for a folder holding any other supported format."""
    from ingest.loaders import SUPPORTED_SUFFIXES

    root = Path(corpus_dir)
    others = [
        p for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES - {".txt"}
    ]
    if others or any(p.is_dir() for p in root.iterdir() if not p.name.startswith(".")):
        return document_texts(root)
    return corpus_texts(root)


def fold_ws(text: str) -> str:
    """Runs of whitespace as one space: a PDF line end or a table cell break is a space."""
    return " ".join(text.split())


def _short(s: str, width: int = 60) -> str:
    return repr(s if len(s) <= width else s[: width - 1] + "…")


def validate(items: list[TestItem], texts: dict[str, str]) -> list[str]:
    """Every problem with the items against the corpus texts; an empty list means valid."""
    problems: list[str] = []
    if not items:
        problems.append("test set is empty")
    if not texts:
        problems.append("no corpus documents")
    folded = {doc_id: text.casefold() for doc_id, text in texts.items()}
    # Evidence is matched with whitespace folded, as eval.metrics matches it in passages.
    spaced = {doc_id: fold_ws(text) for doc_id, text in texts.items()}
    seen: set[str] = set()
    for item in items:
        where = f"{item.id}: "
        if item.id in seen:
            problems.append(where + "duplicate id")
        seen.add(item.id)

        evidence_docs: set[str] = set()
        for ev in item.evidence:
            if "\n" in ev or "\r" in ev:
                problems.append(where + f"evidence spans more than one line: {_short(ev)}")
            if not EVIDENCE_MIN_CHARS <= len(ev) <= EVIDENCE_MAX_CHARS:
                problems.append(
                    where + f"evidence is {len(ev)} chars, want {EVIDENCE_MIN_CHARS}-"
                    f"{EVIDENCE_MAX_CHARS}: {_short(ev)}"
                )
            docs = {doc_id for doc_id, text in spaced.items() if fold_ws(ev) in text}
            if not docs:
                problems.append(where + f"evidence not in any document: {_short(ev)}")
            evidence_docs |= docs
        if evidence_docs:
            for fact in item.facts:
                if not any(fact.casefold() in folded[d] for d in evidence_docs):
                    problems.append(
                        where + f"fact {fact!r} not in the document(s) holding the evidence "
                        f"({', '.join(sorted(evidence_docs))})"
                    )

        if item.answerable:
            if not item.evidence:
                problems.append(where + "answerable item has no evidence")
            if not item.facts:
                problems.append(where + "answerable item has no facts")
            doc_tags = [t for t in item.tags if t in texts]
            if not doc_tags:
                problems.append(where + "answerable item has no doc_id tag")
            elif evidence_docs and not evidence_docs.intersection(doc_tags):
                problems.append(
                    where + f"doc tag(s) {doc_tags} do not hold any of the evidence strings"
                )
            if "unanswerable" in item.tags:
                problems.append(where + "answerable item is tagged 'unanswerable'")
        else:
            if item.evidence:
                problems.append(where + "unanswerable item has evidence")
            if item.facts:
                problems.append(where + "unanswerable item has facts")
            if "unanswerable" not in item.tags:
                problems.append(where + "unanswerable item lacks the 'unanswerable' tag")

        if item.is_followup and not item.history:
            problems.append(where + "follow-up (tag 'followup') has an empty history")
        if item.history and not item.is_followup:
            problems.append(where + "item has a history but no 'followup' tag")
        if (item.lang == "en") != ("english" in item.tags):
            problems.append(where + "tag 'english' must be present exactly when lang is 'en'")
        for tag in item.tags:
            if tag not in TAG_VOCABULARY and tag not in texts:
                problems.append(where + f"unknown tag {tag!r}")
        if len(set(item.tags)) != len(item.tags):
            problems.append(where + "duplicate tags")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.testset", description=__doc__)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_TESTSET)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    args = parser.parse_args(argv)
    try:
        items = load_testset(args.file)
    except (TestSetError, OSError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    from ingest.loaders import LoaderError

    try:
        texts = texts_for(args.corpus)
    except (OSError, LoaderError) as exc:  # a missing folder, a document that cannot be read
        print(f"{args.corpus}: {exc}", file=sys.stderr)
        return 1
    problems = validate(items, texts)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {args.file}", file=sys.stderr)
        return 1
    print(f"{args.file}: {len(items)} items, no problems")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
