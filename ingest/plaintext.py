"""Blocks of a plain text, read from its lines: the one place that guesses structure.

A plain .txt file says nothing about its structure, so its lines are read the way a person
skims them: a "# title" or a short unpunctuated line after a blank one is a heading, a line
with a bullet or a number is a list item, short lines right after a lead-in ("... de
volgende opdrachten:") are its items, a question on its own line with its answer on the
lines right under it is an FAQ entry, and every other line is a paragraph. The text is not
changed: the blocks are spans of it. Formats that know their structure (PDF, DOCX, HTML,
Markdown) build their blocks from it instead.
"""

from __future__ import annotations

import re

from core.blocks import Block
from core.text import LIST_ITEM

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_BLANK = re.compile(r"^[\s\u00a0]*$")
# A heading is short: a title, not a sentence.
_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 10
# The first line of a text is its title when it is no longer than this.
_TITLE_MAX_CHARS = 150


def _is_plain_heading(line: str) -> bool:
    """A short title-like line: no end punctuation, starts with a capital or digit."""
    s = line.strip().replace("\u00a0", " ").strip()
    if not s or len(s) > _HEADING_MAX_CHARS or len(s.split()) > _HEADING_MAX_WORDS:
        return False
    # "Lees meer via: www..." is a label with a value, not a heading.
    if s[-1] in ".:;,!?" or ":" in s or LIST_ITEM.match(line):
        return False
    return s[0].isupper() or s[0].isdigit()


def blocks_from_plain_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    path: list[tuple[int, str]] = []
    prev_blank, first, prev = True, True, ""
    lead_in: str | None = None
    pos = 0
    for line in text.split("\n"):
        lstart, pos = pos, pos + len(line) + 1
        if _BLANK.match(line):
            prev_blank = True
            continue
        start = lstart + (len(line) - len(line.lstrip()))
        end = lstart + len(line.rstrip())
        section = tuple(h for _, h in path)
        md = _MD_HEADING.match(line)
        implicit_item = not md and prev in ("leadin", "implicit") and _is_plain_heading(line)
        if md or (prev_blank and _is_plain_heading(line) and not implicit_item) or (
            first and len(line) <= _TITLE_MAX_CHARS
        ):
            level = len(md.group(1)) if md else (1 if first else 2)
            title = " ".join((md.group(2) if md else line).replace("\u00a0", " ").split())
            above = [(lv, h) for lv, h in path if lv < level]
            blocks.append(
                Block("heading", start, end, level=level, section=tuple(h for _, h in above))
            )
            path = [*above, (level, title)]
            prev = "heading"
        elif LIST_ITEM.match(line) or implicit_item:
            blocks.append(Block("list_item", start, end, section=section, lead_in=lead_in))
            prev = "implicit" if implicit_item else "item"
        elif prev in ("question", "answer") and not prev_blank:
            # The answer under a question line ("Krijg ik een vergoeding?" then "Dat hangt
            # af van ..."): one FAQ entry, so the question is the answer's context and never
            # quoted as an answer itself.
            q = blocks[-1]
            blocks[-1] = Block("qa", q.start, end, section=section,
                               question_end=q.question_end or q.end)
            prev, lead_in = "answer", None
        else:
            if prev in ("paragraph", "leadin") and not prev_blank and prev != "leadin":
                # The next line of the same paragraph (a text without blank lines between
                # its lines): one block, whose sentences still end at each line end.
                blocks[-1] = Block("paragraph", blocks[-1].start, end, section=section)
                prev = "paragraph"
            else:
                blocks.append(Block("paragraph", start, end, section=section))
                # A paragraph's first line that is a question may open an FAQ entry.
                prev = "question" if line.rstrip().endswith("?") else "paragraph"
            is_lead_in = line.rstrip().endswith(":")
            lead_in = " ".join(line.split()) if is_lead_in else None
            if is_lead_in:
                prev = "leadin"
        if prev == "heading":
            lead_in = None
        prev_blank, first = False, False
    return blocks
