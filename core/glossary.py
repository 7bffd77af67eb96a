"""Education jargon: abbreviations as people type them, and what they stand for.

The vocabulary itself is data, `core/vocabulary.yaml` (reviewed as data, not code); this
module reads it once. It also holds the words that name a kind of organisation, which the
answerer's organisation answer kind reads. The abbreviations are used on both sides of the
index: BM25 indexes a chunk under the abbreviation *and* its expansion (so "VSV" finds
"voortijdige schoolverlaters" and back), and a question's abbreviations are spelled out for
the dense model, which does not know them.
"""

from __future__ import annotations

from importlib import resources

import yaml


def _raw() -> dict:
    return yaml.safe_load(resources.files("core").joinpath("vocabulary.yaml").read_text("utf-8"))


def _load(raw: dict | None = None) -> dict[str, tuple[str, ...]]:
    raw = _raw() if raw is None else raw
    entries = raw.get("abbreviations") or {}
    out: dict[str, tuple[str, ...]] = {}
    for key, expansions in entries.items():
        if not isinstance(key, str) or key != key.lower() or not expansions:
            raise ValueError(f"core/vocabulary.yaml: bad entry {key!r}: lower-case keys, "
                             "each with a list of expansions")
        out[key] = tuple(str(e) for e in expansions)
    return out


_VOCABULARY = _raw()
# abbreviation -> expansions (the forms documents use). Keys are lower case.
GLOSSARY: dict[str, tuple[str, ...]] = _load(_VOCABULARY)
# Words that name a kind of organisation ("Stichting", "Ministerie", "University", ...).
ORGANISATION_TYPES: tuple[str, ...] = tuple(_VOCABULARY.get("organisation_types") or ())
