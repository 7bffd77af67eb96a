"""Turning text into BM25 terms: Dutch stemming, accent folding, stopwords, jargon and
compounds.

Documents and queries go through the same functions, so "oriëntatie" matches "orientatie",
"scholen" matches "school", and "gesprekken" matches "loopbaangesprekken" (a compound's
parts are indexed beside it, core/compounds.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from core import compounds, english, glossary

# Question words carry no topic; dropping them keeps BM25 from rewarding "wanneer" in a text.
_QUESTION_WORDS = {
    "welk", "welke", "wanneer", "waarom", "hoeveel", "waar", "waarvoor", "wie", "wat", "hoe",
    "hoelang", "which", "who", "what", "when", "why", "how", "where", "many", "much",
}
STOPWORDS = frozenset(STOPWORDS_DUTCH) | frozenset(STOPWORDS_EN) | _QUESTION_WORDS
_WORD = re.compile(r"\w+", re.UNICODE)
# Shared by chunking and answering, so both cut text into the same sentences and list items.
LIST_ITEM = re.compile(r"^\s*(?:[-*•–·▪◦]|\d{1,2}[.)])\s+\S")
# A sentence ends at . ! ? followed by space and an upper-case letter, digit or quote.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]?\s+(?=[A-ZÀ-Ý0-9‘“\"'(])")
# The classic Snowball Dutch stemmer. PyStemmer's newer "dutch" (Kraaij-Pohlmann) strips the
# ge- infix too and so conflates "begeleiding" with "beleid" and "gemeenten" with "meen":
# two of this corpus's most frequent and most different words.
_stemmer = Stemmer.Stemmer("dutch_porter")


# Every combining mark lies at or above U+0300. A text holds few distinct ones, so finding
# them with a regex and deleting each with str.replace (both C loops) gives what testing each
# character in Python gave, 5-40x faster: fold ran for every chunk at ingest and for every
# passage an answer reads.
_MAYBE_COMBINING = re.compile("[\u0300-\U0010ffff]")


def fold(text: str) -> str:
    """Lower case without diacritics: 'Oriëntatie' -> 'orientatie'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    for c in set(_MAYBE_COMBINING.findall(decomposed)):
        if unicodedata.combining(c):
            decomposed = decomposed.replace(c, "")
    return decomposed


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and w != "_"]


def _plain_terms(text: str) -> list[str]:
    return _stemmer.stemWords(_words(text))


def _compound_terms(words: list[str]) -> list[str]:
    """The stems of the parts of the compounds among `words` (core/compounds.py)."""
    found = [p for w in words for p in compounds.parts(w)]
    return _stemmer.stemWords(found) if found else []


@lru_cache(maxsize=4)
def _glossary_terms(version: int) -> list[tuple[str, list[tuple[str, ...]]]]:
    """(abbreviation term, [expansion term sequences]) with everything already stemmed, for
    the glossary as it is at `version` (it grows as documents define abbreviations)."""
    out = []
    for abbr, expansions in glossary.current().items():
        abbr_terms = _plain_terms(abbr)
        if len(abbr_terms) != 1:
            # Hyphenated abbreviations ("nvs-nvl") tokenise to several words: match them as one.
            abbr_terms = ["".join(abbr_terms)]
        out.append((abbr_terms[0], [tuple(_plain_terms(e)) for e in expansions]))
    return out


def _contains(seq: list[str], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    if n == 0 or n > len(seq):
        return False
    first = sub[0]
    return any(seq[i] == first and tuple(seq[i : i + n]) == sub for i in range(len(seq) - n + 1))


def terms(text: str, expand: bool = True) -> list[str]:
    """BM25 terms of a text. With `expand`, jargon adds its other form once (abbr <-> expansion)
    and compounds add their parts."""
    return _lookup(text, expand, parts=False)


def terms_and_parts(text: str) -> list[str]:
    """A text's stems and its compounds' parts, without the glossary's other forms."""
    return _lookup(text, False, parts=True)


def _lookup(text: str, expand: bool, parts: bool) -> list[str]:
    version = glossary.version() if expand else 0
    if len(text) <= _CACHED_LEN:
        return list(_cached_terms(text, expand, version, parts))
    return list(_terms(text, expand, version, parts))


# The answerer scores the same corpus sentences for question after question; whole chunks
# (ingest, BM25) are not kept, or 100k of them would hold hundreds of MB.
_CACHED_LEN = 400


# Changed whenever terms() gives other terms for the same text: a saved BM25 index made by
# another version is tokenised again (core/lexical.py) instead of mixing the two.
TERMS_VERSION = "2-compounds"


def _terms(text: str, expand: bool, version: int = 0, parts: bool = False) -> tuple[str, ...]:
    words = _words(text)
    base = _stemmer.stemWords(words)
    if not expand:
        return tuple(base + _compound_terms(words)) if parts else tuple(base)
    present = set(base)
    extra: list[str] = []
    for abbr, expansions in _glossary_terms(version):
        has_abbr = abbr in present
        has_expansion = any(e[0] in present and _contains(base, e) for e in expansions if e)
        if has_abbr and not has_expansion:
            extra.extend(expansions[0])
        elif has_expansion and not has_abbr:
            extra.append(abbr)
    extra.extend(_compound_terms(words))
    return tuple(base + extra)


_cached_terms = lru_cache(maxsize=16384)(_terms)


def query_terms(query: str) -> list[str]:
    """A question's BM25 terms: its own and its compounds' parts, and for an English question
    those of the Dutch words for its words. Not the glossary's other forms: the documents are
    indexed under both, so a question's one form finds either."""
    words = _words(query)
    # An English question also searches under the Dutch words for its words (core/english.py).
    dutch = [w for w in _words(" ".join(english.dutch_words(query))) if w not in words]
    words += list(dict.fromkeys(dutch))
    return _stemmer.stemWords(words) + _compound_terms(words)


_ABBREVIATION = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")


def _expansion(word: str) -> str | None:
    """What an abbreviation in a question stands for: the glossary's first form."""
    expansions = glossary.current().get(word.lower())
    # Only upper-case forms are abbreviations; 'vo' or 'tl' inside a sentence rarely are.
    if not expansions or not word.isupper() or len(word) < 3:
        return None
    return expansions[0]


def expansions(question: str) -> list[str]:
    """What the question's abbreviations stand for, each once, in order: the texts
    `spell_out` adds. The dense query adds their vectors to the question's
    (assistant/retrieval.py), which is then embedded as asked."""
    found = (_expansion(m.group(0)) for m in _ABBREVIATION.finditer(question))
    return list(dict.fromkeys(e for e in found if e))


def spell_out(question: str) -> str:
    """Add the expansion after each abbreviation: 'ISK' -> 'ISK (...)'."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        expansion = _expansion(word)
        return f"{word} ({expansion})" if expansion else word

    return _ABBREVIATION.sub(repl, question)

