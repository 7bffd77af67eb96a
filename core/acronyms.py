"""Abbreviations a document defines itself: "Nationaal Programma Onderwijs (NPO)" and
"VSV (voortijdig schoolverlaten)".

The method is Schwartz & Hearst's (2003, "A simple algorithm for identifying abbreviation
definitions in biomedical text"): a short form in parentheses after its long form, or the
reverse; the long form is the shortest run of words just before it in which the short form's
letters occur in order, its first letter starting the first word. Nothing here knows any
document: what a corpus defines is learned at ingest (core/lexical.py keeps it with the BM25
index) and joins the vocabulary of core/vocabulary.yaml for BM25 and the dense query alike.
"""

from __future__ import annotations

import re

# A short form: 2-10 characters, a letter first, at least two capitals, no spaces
# ("NPO", "PTvT", "NVS-NVL", "EOA's" is cut at the apostrophe by the caller's pattern).
_SHORT = r"[A-Za-z][A-Za-z0-9&-]{1,9}"
_LONG_THEN_SHORT = re.compile(rf"([^()\n]{{3,200}}?)\s*\(\s*({_SHORT})\s*\)")
_SHORT_THEN_LONG = re.compile(rf"\b({_SHORT})\s*\(\s*([^()\n]{{3,120}})\)")
_WORD = re.compile(r"[\w&'’-]+")


def _is_short_form(s: str) -> bool:
    return sum(ch.isupper() for ch in s) >= 2 and any(ch.isalpha() for ch in s)


def _letters(short: str) -> str:
    return "".join(ch.lower() for ch in short if ch.isalnum())


def _long_form(short: str, before: str) -> str | None:
    """The shortest tail of `before` (as words) that spells `short`, or None."""
    letters = _letters(short)
    words = _WORD.findall(before)
    if not words or not letters:
        return None
    # At most min(|A| + 5, 2|A|) words, as in the paper.
    limit = min(len(letters) + 5, 2 * len(letters))
    for n in range(1, min(limit, len(words)) + 1):
        cand = words[-n:]
        if cand[0][0].lower() != letters[0]:
            continue
        if _spells(letters, " ".join(cand).lower()):
            return " ".join(cand)
    return None


def _spells(letters: str, text: str) -> bool:
    """The letters occur in order in the text, the first at a word start (right to left,
    as Schwartz & Hearst match)."""
    i = len(text) - 1
    for j in range(len(letters) - 1, -1, -1):
        ch = letters[j]
        while i >= 0 and (text[i] != ch or (j == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True


def definitions(text: str) -> dict[str, str]:
    """{short form (lower case): long form} for every definition in the text."""
    out: dict[str, str] = {}
    for m in _LONG_THEN_SHORT.finditer(text):
        short = m.group(2).strip("-")
        if not _is_short_form(short):
            continue
        long = _long_form(short, m.group(1))
        if long and long.lower() != short.lower():
            out.setdefault(short.lower(), long)
    for m in _SHORT_THEN_LONG.finditer(text):
        short, long = m.group(1), m.group(2).strip()
        if short.lower() in out or not _is_short_form(short):
            continue
        words = _WORD.findall(long)
        if not words or len(words) > min(len(_letters(short)) + 5, 2 * len(_letters(short))):
            continue
        if words[0][0].lower() == _letters(short)[0] and _spells(
            _letters(short), " ".join(words).lower()
        ):
            out[short.lower()] = " ".join(words)
    return out
