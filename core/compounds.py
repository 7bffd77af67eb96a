"""Dutch compounds split into the words they are made of, for BM25.

Dutch writes compounds as one word: a question about "gesprekken" misses a text about
"loopbaangesprekken", and one about a "loopbaandossier" misses "het dossier ... je loopbaan".
A compound the dictionary does not know is split into two words it does know, the head
last (Dutch compounds are right-headed), with an optional linking "s", "e" or "en" after the
modifier ("beroepSkeuze", "studentENraad"); a modifier may itself be a compound. The word
list is simplemma's Dutch lexicon (a general dictionary, bundled in the wheel), so this
knows no word of any particular corpus. A word the dictionary knows is left whole: splitting
known words makes false compounds of plain ones ("gesprekken" is not "gesp" + "rekken").
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

# Parts shorter than this are too often accidental ("de", "en", "ei").
MIN_PART = 4
_LINKS = ("", "s", "e", "en")


@lru_cache(maxsize=200_000)
def _known(word: str) -> bool:
    return simplemma.is_known(word, lang="nl")


@lru_cache(maxsize=200_000)
def parts(word: str) -> tuple[str, ...]:
    """The known words `word` (lower case) is made of, modifier(s) first; () when it is
    known itself, too short, or not a compound of known words."""
    if len(word) < 2 * MIN_PART or not word.isalpha() or _known(word):
        return ()
    # The longest known head first: "loopbaangesprekken" is loopbaan + gesprekken, not
    # loopbaangesp + rekken (a longer head leaves a shorter, more often known, modifier).
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[cut:]
        if not _known(head):
            continue
        front = word[:cut]
        for link in _LINKS:
            if link and not front.endswith(link):
                continue
            modifier = front[: len(front) - len(link)] if link else front
            if len(modifier) < MIN_PART:
                continue
            if _known(modifier):
                return (modifier, head)
            inner = parts(modifier)
            if inner:
                return (*inner, head)
    return ()
