"""The one formatter of an answer's sources, for the UI, the OpenAI-compatible endpoint and
the CLI: number, title, date, section, the quoted sentence and a link to the source view.

Plain data in (the citations' JSON shape, the documents' dates), strings and dicts out. It
escapes nothing: HTML is the UI's business, Markdown the endpoint's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote as url_quote

NO_DATE = "datum onbekend"
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)
QUOTE_CHARS = 300  # a card shows at most this much of the quoted text


@dataclass
class Source:
    """One numbered source of an answer."""

    n: int
    doc_id: str
    title: str
    doc_type: str
    date: str | None
    section: str | None
    start: int  # the passage, document offsets
    end: int
    quotes: list[list[int]] = field(default_factory=list)  # the quoted units, same offsets
    quote: str = ""  # the quoted text (or the passage's start when nothing is quoted)

    @property
    def url(self) -> str:
        return view_url(self.doc_id, self.start, self.end, self.quotes)

    @property
    def date_label(self) -> str:
        return date_label(self.date)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "url": self.url, "date_label": self.date_label}


def view_url(
    doc_id: str, start: int | None = None, end: int | None = None,
    quotes: list[list[int]] | None = None,
) -> str:
    """The source view of a document, its passage [start, end) marked lightly and each
    quoted unit strongly (assistant/api/routes/documents.py)."""
    url = f"/api/v1/documents/{url_quote(doc_id, safe='/')}/view"
    if start is None or end is None:
        return url
    url += f"?start={int(start)}&end={int(end)}"
    if quotes:
        url += "&q=" + ",".join(f"{int(a)}-{int(b)}" for a, b in quotes)
    return url + ("#quote" if quotes else "#passage")


def date_label(date: str | None) -> str:
    """"24 december 2021", "december 2021", "2017" or "datum onbekend"."""
    parts = (date or "").split("-")
    if not parts[0].isdigit():
        return NO_DATE
    try:
        if len(parts) >= 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return parts[0]


def year(date: str | None) -> int | None:
    """The year of a stored date ("2021-12-24", "2021"), or None for no date."""
    head = (date or "")[:4]
    return int(head) if head.isdigit() else None


def year_label(date: str | None) -> str:
    """The year alone ("2017"), or "datum onbekend"."""
    head = (date or "")[:4]
    return head if head.isdigit() else NO_DATE


def snippet(text: str, limit: int) -> str:
    """At most `limit` characters of `text` (whitespace collapsed), cut at a word boundary
    with "…" when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(" ,;:.–-") + " …"


def quoted_text(passage_text: str, start: int, quotes: list[list[int]]) -> str:
    """The quoted units of a passage (document offsets), in order, or "" for none."""
    got = []
    for a, b in sorted(quotes):
        piece = " ".join(passage_text[max(0, a - start) : max(0, b - start)].split())
        if piece:
            got.append(piece)
    return " … ".join(got)


def make_sources(citations: list[dict], dates: dict[str, str | None]) -> list[Source]:
    """The numbered sources of an answer from its citations (the public JSON shape, with
    `quotes` where the answer quotes units) and each document's date by doc_id."""
    out = []
    for c in citations:
        quotes = [list(q) for q in c.get("quotes") or []]
        text = quoted_text(c.get("text", ""), int(c["start"]), quotes) or c.get("text", "")
        out.append(Source(
            n=int(c["n"]), doc_id=c["doc_id"], title=c.get("title") or c["doc_id"],
            doc_type=c.get("doc_type") or "", date=dates.get(c["doc_id"]),
            section=c.get("section") or None, start=int(c["start"]), end=int(c["end"]),
            quotes=quotes, quote=snippet(text, QUOTE_CHARS),
        ))
    return out


def markdown_line(s: Source, base_url: str = "") -> str:
    """`[1] [Titel (2023)](/api/v1/documents/…/view?…) — sectie`, for a chat client that
    renders Markdown. Brackets in a title are escaped so the link stays one link."""
    title = s.title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    section = f" — {s.section}" if s.section else ""
    return f"[{s.n}] [{title} ({year_label(s.date)})]({base_url}{s.url}){section}"


def plain_line(s: Source, base_url: str = "") -> str:
    """`[1] Titel (2023) — sectie — <url>`, for a terminal."""
    section = f" — {s.section}" if s.section else ""
    return f"[{s.n}] {s.title} ({year_label(s.date)}){section} — {base_url}{s.url}"


def card_meta(s: Source) -> list[str]:
    """What a source card says under its title: type, date, section (non-empty parts)."""
    return [x for x in (s.doc_type, s.date_label, s.section) if x]


@dataclass
class Notice:
    """Source `old` is older than source `new`, a document on the same subject."""

    old: int
    new: int
    text: str


def notice_text(old: Source, new: Source) -> str:
    """What a reader is told when an answer rests on an older text (assistant/staleness.py)."""
    return (
        f"Let op: [{old.n}] komt uit een document van {year_label(old.date)}; een nieuwer "
        f"document ({year_label(new.date)}) gaat over hetzelfde onderwerp: [{new.n}] "
        f"{new.title}: “{snippet(new.quote, 160)}”"
    )


def parse_quotes(q: str | None, limit: int = 50) -> list[list[int]]:
    """The `q` parameter of a view URL ("12-80,80-140") as spans; junk is ignored."""
    out = []
    for part in (q or "").split(",")[:limit]:
        a, _, b = part.partition("-")
        if a.isdigit() and b.isdigit() and int(a) < int(b):
            out.append([int(a), int(b)])
    return out


def highlight_segments(
    length: int, start: int | None, end: int | None, quotes: list[list[int]]
) -> list[tuple[int, int, str]]:
    """A text of `length` characters cut into (a, b, kind) pieces that tile it, kind being
    "quote" (a quoted unit), "passage" (the rest of the cited passage) or "" (the rest)."""
    passage = (start, end) if start is not None and end is not None and start < end else None
    spans = sorted((max(0, a), min(length, b)) for a, b in quotes if a < length and b > 0)
    cuts = {0, length}
    if passage:
        cuts.update((min(passage[0], length), min(passage[1], length)))
    for a, b in spans:
        cuts.update((a, b))
    ordered = sorted(cuts)
    out: list[tuple[int, int, str]] = []
    for a, b in zip(ordered, ordered[1:]):
        if any(qa <= a and b <= qb for qa, qb in spans):
            kind = "quote"
        elif passage and passage[0] <= a and b <= passage[1]:
            kind = "passage"
        else:
            kind = ""
        if out and out[-1][2] == kind:  # adjacent units read as one highlight
            out[-1] = (out[-1][0], b, kind)
        else:
            out.append((a, b, kind))
    return out
