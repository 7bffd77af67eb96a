"""Education jargon: abbreviations as people type them, and what they stand for.

The vocabulary itself is data, `core/vocabulary.yaml` (reviewed as data, not code); this
module reads it once. It also holds the words that name a kind of organisation, which the
answerer's organisation answer kind reads. The abbreviations are used on both sides of the
index: BM25 indexes a chunk under the abbreviation *and* its expansion (so "VSV" finds
"voortijdige schoolverlaters" and back), and a question's abbreviations are spelled out for
the dense model, which does not know them.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from importlib import resources

import yaml


def _raw() -> dict:
    return yaml.safe_load(resources.files("core").joinpath("vocabulary.yaml").read_text("utf-8"))


def _mapping(raw: dict, section: str, values: str, max_words: int | None = None
             ) -> dict[str, tuple[str, ...]]:
    """One section of the data file: lower-case keys (of at most `max_words` words), each
    with a non-empty list of `values`."""
    out: dict[str, tuple[str, ...]] = {}
    for key, forms in (raw.get(section) or {}).items():
        if (not isinstance(key, str) or key != key.lower() or not forms
                or (max_words is not None and len(key.split()) > max_words)):
            size = f" of up to {max_words} words" if max_words is not None else ""
            raise ValueError(f"core/vocabulary.yaml: bad {section} entry {key!r}: lower-case "
                             f"keys{size}, each with a list of {values}")
        out[key] = tuple(str(f) for f in forms)
    return out


def _load(raw: dict | None = None) -> dict[str, tuple[str, ...]]:
    return _mapping(_raw() if raw is None else raw, "abbreviations", "expansions")


_VOCABULARY = _raw()
# abbreviation -> expansions (the forms documents use). Keys are lower case.
GLOSSARY: dict[str, tuple[str, ...]] = _load(_VOCABULARY)
# Words that name a kind of organisation ("Stichting", "Ministerie", "University", ...).
ORGANISATION_TYPES: tuple[str, ...] = tuple(_VOCABULARY.get("organisation_types") or ())
# School type -> the word starts that name it ("havo": "havo", "havist").
SCHOOL_TYPES: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in (_VOCABULARY.get("school_types") or {}).items()
}


def _english(raw: dict) -> dict[str, tuple[str, ...]]:
    return _mapping(raw, "english", "Dutch words", max_words=3)


# English word or phrase (up to three words) -> the Dutch words documents use
# (core/english.py).
ENGLISH: dict[str, tuple[str, ...]] = _english(_VOCABULARY)


# The abbreviations the documents define themselves (core/acronyms.py), learned when an index
# is built or loaded (core/lexical.py), on top of the data file's: copy-on-write, so a reader
# never sees a dict change under it, and a version, so cached terms know when to recompute.
_current: dict[str, tuple[str, ...]] = dict(GLOSSARY)
_version = 0
_lock = threading.Lock()


def learn(definitions: Mapping[str, str]) -> None:
    """Add the documents' own definitions {short form: long form}; the data file's entry
    wins where both define a short form."""
    global _current, _version
    with _lock:
        new = {k.lower(): (v,) for k, v in definitions.items()
               if v and k.lower() not in _current}
        if new:
            _current = {**_current, **new}
            _version += 1


def current() -> dict[str, tuple[str, ...]]:
    """Every abbreviation known now: the data file's and the documents'."""
    return _current


def version() -> int:
    return _version
