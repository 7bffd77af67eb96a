"""English questions about Dutch documents: telling them apart, and their Dutch words.

Users ask in English. The dense model bridges the two languages only partly and BM25 not at
all, so an English question also searches, and is scored, under the Dutch words the data
file (`core/vocabulary.yaml`, section `english`) gives for its English ones.
"""

from __future__ import annotations

import re

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from core.glossary import ENGLISH

# bm25s's English list lacks the words questions open with ("how many", "what", "does"):
# without them "How many pupils took part?" counts as neither language.
_EN_QUESTION = frozenset({
    "how", "many", "much", "what", "when", "who", "whom", "whose", "which", "where", "why",
    "do", "does", "did", "can", "could", "should", "would", "will", "my", "your",
})
_EN_ONLY = (frozenset(STOPWORDS_EN) | _EN_QUESTION) - frozenset(STOPWORDS_DUTCH)
_NL_ONLY = frozenset(STOPWORDS_DUTCH) - frozenset(STOPWORDS_EN)
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_LONGEST = max((len(k.split()) for k in ENGLISH), default=1)


def is_english(question: str) -> bool:
    """More English-only function words than Dutch-only ones."""
    return _leaning(question) > 0


def is_dutch(text: str) -> bool:
    """More Dutch-only function words than English-only ones (a short text with neither is
    neither language)."""
    return _leaning(text) < 0


def _leaning(text: str) -> int:
    """English-only function words less Dutch-only ones."""
    words = re.findall(r"[a-z]+", text.lower())
    return sum(w in _EN_ONLY for w in words) - sum(w in _NL_ONLY for w in words)


def _scan(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The question's words, each with its Dutch words (empty: none known); a phrase the data
    file knows ("open day", "early school leavers") is one entry, the longest first."""
    words = _WORD.findall(question.lower())
    out: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            if n == 1 or phrase in ENGLISH:
                out.append((phrase, ENGLISH.get(phrase, ())))
                i += n
                break
    return out


def dutch_words(question: str) -> list[str]:
    """The Dutch words for an English question's words, each once, in question order. Empty
    for a question that is not English: a Dutch question's "student" or "test" needs no
    other form."""
    if not is_english(question):
        return []
    return list(dict.fromkeys(d for _, dutch in _scan(question) for d in dutch))


def in_dutch(question: str) -> str:
    """An English question in lower case with each word the data file knows put in its Dutch
    words, the rest (names, numbers, other words) kept; any other question as it is. What the
    answerer's overlap features weigh the documents' words against (they fold case anyway)."""
    if not is_english(question):
        return question
    return " ".join(" ".join(dutch) if dutch else word for word, dutch in _scan(question))
