"""The document model: a document's stored text and its blocks, in reading order.

Every loader builds its document through `DocumentBuilder`, so every format ends up in one
plain-text layout that a person can read in the document view, and one list of blocks that
says what each span of it is:

- `heading`   a title line, with its `level` (1-6);
- `paragraph` running text (wrapped lines already joined);
- `list_item` one item of a bulleted or numbered list, with the list's `lead_in`;
- `table`     a table: optional caption line, the header line, one line per row; cells are
              separated by a tab in the stored text, and `rows` gives each data row's span;
- `qa`        a question and its answer (FAQ): `text[start:question_end]` is the question.

Every block has `start`/`end` into the stored text, the `page` it starts on (PDF) and its
`section`: the headings above it. Chunking, answer units and `lob inspect` read these blocks;
nothing downstream guesses structure from line lengths.

Layout of the stored text: blocks are separated by a blank line, except the items of one list
and the lines of one table or FAQ entry, which are separated by a single newline.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

CELL_SEP = "\t"

# Only ASCII whitespace collapses: a non-breaking space is the author's choice.
_WS = re.compile(r"[ \t\n\r\f\v]+")


def clean_inline(text: str) -> str:
    """One line of text: runs of whitespace to one space, no cell separators, stripped."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Block:
    kind: str
    start: int
    end: int
    level: int = 0
    page: int | None = None
    section: tuple[str, ...] = ()
    lead_in: str | None = None
    header: tuple[str, ...] = ()
    caption: str | None = None
    rows: tuple[tuple[int, int], ...] = ()
    question_end: int | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section"] = list(self.section)
        d["header"] = list(self.header)
        d["rows"] = [list(r) for r in self.rows]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Block:
        return cls(
            kind=d["kind"], start=int(d["start"]), end=int(d["end"]), level=int(d.get("level", 0)),
            page=d.get("page"), section=tuple(d.get("section") or ()), lead_in=d.get("lead_in"),
            header=tuple(d.get("header") or ()), caption=d.get("caption"),
            rows=tuple((int(a), int(b)) for a, b in d.get("rows") or ()),
            question_end=d.get("question_end"),
        )


def dump_blocks(blocks: list[Block]) -> str:
    return json.dumps([b.to_dict() for b in blocks], ensure_ascii=False, separators=(",", ":"))


def load_blocks(data: str | None) -> list[Block]:
    return [Block.from_dict(d) for d in json.loads(data)] if data else []


@dataclass
class DocumentBuilder:
    """Append blocks in reading order; `build()` gives the stored text and the blocks.

    Loaders hand over clean content (no markup): the builder decides the layout, so the
    same content gives the same text whatever the format it came from.
    """

    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    _pos: int = 0
    _section: list[tuple[int, str]] = field(default_factory=list)
    _page: int | None = None
    _page_starts: list[int] = field(default_factory=list)
    _lead_in: str | None = None  # the paragraph just before a list, if it introduces one
    _in_list: bool = False

    # -- pages ------------------------------------------------------------------------------
    def page(self, number: int) -> None:
        """Blocks added from now on start on this page (1-based)."""
        self._page = number

    # -- blocks -----------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> None:
        text = clean_inline(text)
        if not text:
            return
        level = min(max(int(level), 1), 6)
        start, end = self._append(text, tight=False)
        # Its own path: the headings above it, not a sibling at its own level.
        above = [(lv, h) for lv, h in self._section if lv < level]
        self.blocks.append(
            Block("heading", start, end, level, self._page, tuple(h for _, h in above))
        )
        self._section = [*above, (level, text)]
        self._lead_in, self._in_list = None, False

    def paragraph(self, text: str) -> None:
        text = clean_inline(text)
        if not text:
            return
        start, end = self._append(text, tight=False)
        self.blocks.append(Block("paragraph", start, end, page=self._page, section=self._path()))
        self._lead_in = text if text.endswith(":") else None
        self._in_list = False

    def list_item(self, text: str, marker: str = "•") -> None:
        """One item; `marker` is how the document shows it ("•", "3.")."""
        text = clean_inline(text)
        if not text:
            return
        start, end = self._append(f"{marker} {text}", tight=self._in_list)
        self.blocks.append(
            Block("list_item", start, end, page=self._page, section=self._path(),
                  lead_in=self._lead_in)
        )
        self._in_list = True

    def end_list(self) -> None:
        """The next list is another list: it does not share this one's lead-in."""
        self._lead_in, self._in_list = None, False

    def table(
        self, rows: list[list[str]], header: list[str] | None = None, caption: str | None = None
    ) -> None:
        """A table: `header` is the column headers (or None when the table has none);
        `rows` the data rows. Cells are cleaned to one line each."""
        body = [[clean_inline(c) for c in r] for r in rows]
        body = [r for r in body if any(r)]
        head = [clean_inline(c) for c in header] if header else []
        if not body and not head:
            return
        caption = clean_inline(caption) if caption else None
        lines = ([caption] if caption else []) + ([CELL_SEP.join(head)] if head else [])
        first = len(lines)
        lines += [CELL_SEP.join(r) for r in body]
        start, end = self._append("\n".join(lines), tight=False)
        row_spans, pos = [], start
        for i, line in enumerate(lines):
            if i >= first:
                row_spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        self.blocks.append(
            Block("table", start, end, page=self._page, section=self._path(), header=tuple(head),
                  caption=caption, rows=tuple(row_spans))
        )
        self._lead_in, self._in_list = None, False

    def qa(self, question: str, answer: list[str] | str) -> None:
        """An FAQ entry: the question and its answer paragraphs."""
        question = clean_inline(question)
        paras = [clean_inline(a) for a in ([answer] if isinstance(answer, str) else answer)]
        paras = [p for p in paras if p]
        if not question or not paras:
            if question:
                self.paragraph(question)
            for p in paras:
                self.paragraph(p)
            return
        start, end = self._append("\n".join([question, *paras]), tight=False)
        self.blocks.append(
            Block("qa", start, end, page=self._page, section=self._path(),
                  question_end=start + len(question))
        )
        self._lead_in, self._in_list = None, False

    # -- result -----------------------------------------------------------------------------
    def build(self) -> tuple[str, list[Block], list[int]]:
        """(stored text, blocks, page_starts). page_starts[n-1] is where page n starts."""
        return "".join(self.parts), list(self.blocks), list(self._page_starts)

    # -- internals --------------------------------------------------------------------------
    def _path(self) -> tuple[str, ...]:
        return tuple(h for _, h in self._section)

    def _append(self, text: str, tight: bool) -> tuple[int, int]:
        if self.parts:
            sep = "\n" if tight else "\n\n"
            self.parts.append(sep)
            self._pos += len(sep)
        start = self._pos
        if self._page is not None:
            # Pages without text still count: page n starts where its first block does, or
            # where the next page's does.
            while len(self._page_starts) < self._page:
                self._page_starts.append(start)
        self.parts.append(text)
        self._pos += len(text)
        return start, self._pos


def row_text(block: Block, line: str) -> str:
    """A table row (its `line` in the stored text) as a unit that reads on its own:
    "caption, label — header: value; ...". The first cell is the row's label; each further
    cell is named by its column header."""
    cells = line.split(CELL_SEP)
    label, values = cells[0], cells[1:]
    named = []
    for j, value in enumerate(values, start=1):
        if not value:
            continue
        head = block.header[j] if j < len(block.header) and block.header[j] else ""
        named.append(f"{head}: {value}" if head else value)
    lead = ", ".join(x for x in (block.caption, label) if x)
    if not named:
        return lead
    return f"{lead} — {'; '.join(named)}" if lead else "; ".join(named)
