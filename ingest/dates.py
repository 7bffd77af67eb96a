"""A document's date, found once at ingest and kept as document metadata ("date").

Where it comes from, in this order:
1. what the file says: front matter or a sidecar (`date:`), or the PDF info / DOCX core
   properties (the converters put those into the parsed metadata);
2. a date found in the text (see `date_in_text`);
3. nothing: the document has no date and readers show "datum onbekend".

Dates are kept as ISO text: "2021-12-24", "2021-12" or a year "2017"; core/sources.py reads
them back (`year`) and writes them for readers (`date_label`).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "1 juli 2017", "24 dec. 2021"
_WRITTEN = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?\s+((?:19|20)\d\d)\b", re.I)
# "24-12-2021", "24/12/2021" (Dutch order: day first)
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)\b")
# "2021-12-24"
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_YEAR = re.compile(r"(?<![\d/-])((?:19|20)\d\d)(?![\d/-])")
# What a date field may hold: an ISO date, year-month, or a year (anything else is read for
# those, e.g. a PDF's "D:20210312..." or a DOCX datetime).
_FIELD = re.compile(r"((?:19|20)\d\d)(?:-?(\d\d)(?:-?(\d\d))?)?")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def normalise(value: object) -> str | None:
    """A metadata date as ISO text ("2021-12-24", "2021-12", "2021"), or None."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value or "").strip()
    if not text:
        return None
    if text.startswith("D:"):  # PDF date string: D:YYYYMMDDHHmmSS...
        text = text[2:]
    for pattern in (_WRITTEN, _NUMERIC):
        found = _dates_in(text, pattern)
        if found:
            return found[0]
    m = _FIELD.search(text)
    if m is None:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if mo and d:
        return _iso(int(y), int(mo), int(d)) or y
    if mo and 1 <= int(mo) <= 12:
        return f"{y}-{mo}"
    return y


def _dates_in(text: str, pattern: re.Pattern[str]) -> list[str]:
    out = []
    for m in pattern.finditer(text):
        if pattern is _WRITTEN:
            got = _iso(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        elif pattern is _NUMERIC:
            got = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        else:
            got = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if got:
            out.append(got)
    return out


def date_in_text(text: str) -> str | None:
    """A date the text itself gives. The latest full date it writes ("1 juli 2017",
    "24-12-2021", "2021-12-24"): a text is at least as recent as the days it reports on.
    Without one, the year it names most often (the latest of equals): a lone year is as
    often a plan ("tot 2027") as a report, so the latest year alone would overstate."""
    full = [d for p in (_WRITTEN, _NUMERIC, _ISO) for d in _dates_in(text, p)]
    if full:
        return max(full)
    years = Counter(_YEAR.findall(text))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def document_date(metadata: dict, text: str) -> tuple[str | None, str]:
    """(date, where it came from): "bestand" (front matter, sidecar, PDF/DOCX metadata),
    "tekst" (found in the text) or "" (no date)."""
    given = normalise(metadata.get("date"))
    if given:
        return given, "bestand"
    found = date_in_text(text)
    return (found, "tekst") if found else (None, "")
