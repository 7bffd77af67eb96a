"""The PDF converter: PDFs generated here with fpdf2, read back as exact blocks."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from core.blocks import Block
from formats.offsets import check_offsets
from ingest.formats import pdf as pdf_format
from ingest.formats.common import Limits, Parsed
from ingest.loaders import load_document

_LIMITS = Limits(max_bytes=50 * 1024 * 1024, max_pdf_pages=None, max_chars=None)

HEADER = "Handreiking LOB — concept"
INTRO = (
    "Loopbaanoriëntatie en -begeleiding helpt jongeren om bewuste keuzes te maken over hun "
    "opleiding en werk. Een goede begeleiding begint vroeg in de schoolloopbaan en betrekt "
    "ouders, mentoren en decanen bij elke stap van het keuzeproces. Zo leren leerlingen wat "
    "bij hen past."
)
# A sentence that multi_cell wraps over two printed lines.
WRAPPED = (
    "Een goede begeleiding begint vroeg in de schoolloopbaan en betrekt ouders, mentoren en "
    "decanen bij elke stap van het keuzeproces."
)


class _Handreiking(FPDF):
    def header(self) -> None:
        self.set_font("helvetica", size=9)
        self.cell(0, 8, HEADER)
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=9)
        self.cell(0, 8, f"pagina {self.page_no()}", align="C")


def _new_pdf(cls: type[FPDF] = _Handreiking) -> FPDF:
    pdf = cls()
    # Windows-1252 for the core fonts: "—" and "•" exist there, not in Latin-1.
    pdf.core_fonts_encoding = "windows-1252"
    return pdf


def _text(pdf: FPDF, height: float, text: str, style: str = "", size: int = 11) -> None:
    pdf.set_font("helvetica", style, size)
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def _handreiking() -> bytes:
    pdf = _new_pdf()
    pdf.add_page()
    _text(pdf, 10, "Handreiking loopbaanbegeleiding", "B", 20)
    pdf.ln(4)
    _text(pdf, 8, "1 Inleiding", "B", 14)
    _text(pdf, 6, INTRO)
    pdf.ln(4)
    # Printed line ends the author chose: two hyphenated words.
    _text(pdf, 6, "Scholen werken aan een doorlopende loopbaan-\nbegeleiding. Een goed LOB-\n"
                  "programma bevat gesprekken, opdrachten en een portfolio.")
    pdf.add_page()
    _text(pdf, 8, "2 Aanpak", "B", 14)
    _text(pdf, 6, "Een school kiest de volgende onderdelen:")
    for item in ("een loopbaangesprek met de mentor", "een beroepenmarkt voor alle leerjaren"):
        pdf.set_font("helvetica", size=11)
        pdf.cell(6, 6, "-")
        pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
    # A bullet glyph set higher than its text: extracted as a line of its own.
    y = pdf.get_y()
    pdf.set_xy(pdf.l_margin, y - 3)
    pdf.cell(6, 6, "•")
    pdf.set_xy(pdf.l_margin + 6, y)
    pdf.multi_cell(0, 6, "een stage in het derde jaar", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _text(pdf, 6, "Zo voert de mentor het gesprek:")
    for number, step in enumerate(("Maak een plan.", "Voer het gesprek.", "Evalueer samen."), 1):
        pdf.cell(8, 6, f"{number}.")
        pdf.multi_cell(0, 6, step, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    _text(pdf, 8, "3 Cijfers", "B", 14)
    _text(pdf, 6, "Tabel 1")
    rows = [["Sector", "Scholen", "Aandeel"], ["vmbo", "120", "63%"], ["havo", "80", "51%"],
            ["mbo", "45", "38%"]]
    for row in rows:
        for x, cell in zip((20, 80, 130), row):
            pdf.set_x(x)
            pdf.cell(40, 7, cell)
        pdf.ln(7)
    pdf.ln(4)
    _text(pdf, 6, "Bron: eigen onderzoek onder scholen.")
    return bytes(pdf.output())


def _parse(data: bytes) -> Parsed:
    parsed = pdf_format.parse(data, _LIMITS, [])
    check_offsets(parsed.text, parsed.blocks)
    return parsed


def _view(text: str, b: Block) -> tuple:
    span = text[b.start : b.end]
    if b.kind == "heading":
        return (b.page, "heading", span, b.level)
    if b.kind == "list_item":
        return (b.page, "list_item", span, b.lead_in)
    if b.kind == "table":
        return (b.page, "table", b.caption, b.header, [text[x:y] for x, y in b.rows])
    return (b.page, b.kind, span)


def test_handreiking_blocks() -> None:
    parsed = _parse(_handreiking())
    text = parsed.text
    assert [_view(text, b) for b in parsed.blocks] == [
        (1, "heading", "Handreiking loopbaanbegeleiding", 1),
        (1, "heading", "1 Inleiding", 2),
        (1, "paragraph", INTRO),
        (1, "paragraph", "Scholen werken aan een doorlopende loopbaanbegeleiding. Een goed "
                         "LOB-programma bevat gesprekken, opdrachten en een portfolio."),
        (2, "heading", "2 Aanpak", 2),
        (2, "paragraph", "Een school kiest de volgende onderdelen:"),
        (2, "list_item", "• een loopbaangesprek met de mentor",
         "Een school kiest de volgende onderdelen:"),
        (2, "list_item", "• een beroepenmarkt voor alle leerjaren",
         "Een school kiest de volgende onderdelen:"),
        (2, "list_item", "• een stage in het derde jaar",
         "Een school kiest de volgende onderdelen:"),
        (2, "paragraph", "Zo voert de mentor het gesprek:"),
        (2, "list_item", "1. Maak een plan.", "Zo voert de mentor het gesprek:"),
        (2, "list_item", "2. Voer het gesprek.", "Zo voert de mentor het gesprek:"),
        (2, "list_item", "3. Evalueer samen.", "Zo voert de mentor het gesprek:"),
        (3, "heading", "3 Cijfers", 2),
        (3, "table", "Tabel 1", ("Sector", "Scholen", "Aandeel"),
         ["vmbo\t120\t63%", "havo\t80\t51%", "mbo\t45\t38%"]),
        (3, "paragraph", "Bron: eigen onderzoek onder scholen."),
    ]
    # The wrapped sentence is one sentence in one paragraph block.
    intro = next(b for b in parsed.blocks if WRAPPED in text[b.start : b.end])
    assert intro.kind == "paragraph" and intro.section == (
        "Handreiking loopbaanbegeleiding", "1 Inleiding"
    )
    # No running header, footer or page number anywhere in the stored text.
    for gone in ("concept", "Handreiking LOB", "pagina"):
        assert gone not in text
    # Lines of one list or table are one newline apart; blocks a blank line.
    assert "\n\n• een loopbaangesprek met de mentor\n• een beroepenmarkt" in text
    table = parsed.blocks[-2]
    assert text[table.start : table.end] == (
        "Tabel 1\nSector\tScholen\tAandeel\nvmbo\t120\t63%\nhavo\t80\t51%\nmbo\t45\t38%"
    )
    # Each page starts where its first block does.
    firsts = {}
    for b in parsed.blocks:
        firsts.setdefault(b.page, b.start)
    assert parsed.page_starts == [firsts[1], firsts[2], firsts[3]] and firsts[1] == 0


def test_handreiking_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "handreiking.pdf"
    path.write_bytes(_handreiking())
    doc = load_document(path)
    assert doc.blocks == _parse(path.read_bytes()).blocks
    assert doc.page_at(doc.text.index("63%")) == 3
    assert doc.page_at(doc.text.index("een stage")) == 2
    assert doc.metadata["title"] == "Handreiking loopbaanbegeleiding"


class _Rapport(FPDF):
    """Header with a changing number, footer with a bare page number."""

    def header(self) -> None:
        self.set_font("helvetica", size=9)
        self.cell(0, 8, f"Jaarrapport 2024 · hoofdstuk {self.page_no()} van 3")
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=9)
        self.cell(0, 8, f"- {self.page_no()} -", align="C")


def test_numbered_running_lines_dropped_and_paragraph_over_page_break() -> None:
    pdf = _new_pdf(_Rapport)
    pdf.set_auto_page_break(True, 20)
    pdf.add_page()
    _text(pdf, 6, "Deze alinea vult de pagina. " * 4)
    # Push the next paragraph to the bottom so that its sentence runs onto page 2.
    pdf.set_y(pdf.h - 20 - 12)
    long = "De mentor bespreekt met elke leerling de keuzes voor het vervolg, " * 3
    _text(pdf, 6, long + "en legt die vast in het portfolio.")
    pdf.add_page()
    _text(pdf, 6, "Op de laatste pagina staat een korte afsluiting.")
    parsed = _parse(bytes(pdf.output()))
    text = parsed.text
    for gone in ("Jaarrapport", "hoofdstuk", "- 1 -", "- 2 -"):
        assert gone not in text
    views = [_view(text, b) for b in parsed.blocks]
    assert views == [
        (1, "paragraph", ("Deze alinea vult de pagina. " * 4).strip()),
        (1, "paragraph", long + "en legt die vast in het portfolio."),
        (3, "paragraph", "Op de laatste pagina staat een korte afsluiting."),
    ]
    assert len(parsed.page_starts) == 3
