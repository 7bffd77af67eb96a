"""The .docx converter: documents generated here with python-docx, read back as exact blocks."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from core.blocks import Block
from formats.offsets import check_offsets
from ingest.formats import docx as docx_format
from ingest.formats.common import Limits, LoaderError, Parsed

_LIMITS = Limits(max_bytes=50 * 1024 * 1024, max_pdf_pages=None, max_chars=None)


def _parse(document: Any) -> Parsed:
    out = io.BytesIO()
    document.save(out)
    parsed = docx_format.parse(out.getvalue(), _LIMITS, [])
    check_offsets(parsed.text, parsed.blocks)
    return parsed


def _view(text: str, b: Block) -> tuple:
    """A block as what a reader sees: its kind, its text and what says where it belongs."""
    span = text[b.start : b.end]
    if b.kind == "heading":
        return ("heading", span, b.level)
    if b.kind == "list_item":
        return ("list_item", span, b.lead_in, b.section)
    if b.kind == "table":
        rows = [text[a:z].split("\t") for a, z in b.rows]
        return ("table", list(b.header), rows, b.caption, b.section)
    if b.kind == "qa":
        return ("qa", text[b.start : b.question_end], text[b.question_end : b.end].strip(),
                b.section)
    return (b.kind, span, b.section)


def _views(parsed: Parsed) -> list[tuple]:
    return [_view(parsed.text, b) for b in parsed.blocks]


def _bold(document: Any, text: str, size: float | None = None) -> None:
    from docx.shared import Pt

    run = document.add_paragraph().add_run(text)
    run.bold = True
    if size:
        run.font.size = Pt(size)


# --- a docentenhandleiding with heading styles -----------------------------------------------

T = "Kies je vervolgopleiding"
H = "Docentenhandleiding"


def test_styled_docentenhandleiding() -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(T, style="Title")
    d.add_heading(H, level=1)
    d.add_paragraph("Doel: leerlingen ontdekken welke vervolgopleiding bij hen past.")
    d.add_paragraph("Duur: 50 minuten")
    d.add_heading("Werkwijze", level=2)
    d.add_paragraph("Doorloop met de klas de volgende stappen:")
    for step in ("Bespreek de opdracht.", "Laat leerlingen de opdracht maken.",
                 "Bespreek de antwoorden na."):
        d.add_paragraph(step, style="List Number")
    d.add_heading("Benodigdheden", level=2)
    d.add_paragraph("Laptop of tablet", style="List Bullet")
    d.add_paragraph("Werkblad jongerenopdracht", style="List Bullet")
    d.add_heading("Tijdsplanning", level=2)
    table = d.add_table(rows=4, cols=3)
    for r, row in enumerate([
        ("Onderdeel", "Tijd", "Materiaal"),
        ("Introductie", "10 minuten", "Presentatie"),
        ("Opdracht", "30 minuten", "Werkblad"),
        ("Nabespreking", "10 minuten", "Geen"),
    ]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("")  # an empty paragraph leaves no trace

    parsed = _parse(d)
    lead = "Doorloop met de klas de volgende stappen:"
    assert _views(parsed) == [
        ("heading", T, 1),
        ("heading", H, 1),  # Title and Heading 1 are both level 1
        ("paragraph", "Doel: leerlingen ontdekken welke vervolgopleiding bij hen past.", (H,)),
        ("paragraph", "Duur: 50 minuten", (H,)),
        ("heading", "Werkwijze", 2),
        ("paragraph", lead, (H, "Werkwijze")),
        ("list_item", "1. Bespreek de opdracht.", lead, (H, "Werkwijze")),
        ("list_item", "2. Laat leerlingen de opdracht maken.", lead, (H, "Werkwijze")),
        ("list_item", "3. Bespreek de antwoorden na.", lead, (H, "Werkwijze")),
        ("heading", "Benodigdheden", 2),
        ("list_item", "• Laptop of tablet", None, (H, "Benodigdheden")),
        ("list_item", "• Werkblad jongerenopdracht", None, (H, "Benodigdheden")),
        ("heading", "Tijdsplanning", 2),
        ("table", ["Onderdeel", "Tijd", "Materiaal"], [
            ["Introductie", "10 minuten", "Presentatie"],
            ["Opdracht", "30 minuten", "Werkblad"],
            ["Nabespreking", "10 minuten", "Geen"],
        ], None, (H, "Tijdsplanning")),
    ]
    # The builder's layout: no "#", "-" or "|" markup; items one per line, cells by a tab.
    assert "1. Bespreek de opdracht.\n2. Laat" in parsed.text
    assert "Onderdeel\tTijd\tMateriaal\nIntroductie\t10 minuten\tPresentatie" in parsed.text
    assert "#" not in parsed.text and "|" not in parsed.text


# --- the same without styles: bold lines --------------------------------------------------------


def test_unstyled_document_bold_lines() -> None:
    import docx

    d = docx.Document()
    _bold(d, T, size=16)
    _bold(d, H, size=13)
    _bold(d, "Doel:")
    d.add_paragraph("Leerlingen ontdekken welke vervolgopleiding bij hen past.")
    _bold(d, "Duur:")
    d.add_paragraph("50 minuten")
    p = d.add_paragraph()
    p.add_run("Let op:").bold = True  # a bold label inside a paragraph: a paragraph
    p.add_run(" neem je laptop mee.")
    _bold(d, "Duur: 50 minuten")  # bold "label: value" is still a paragraph
    _bold(d, "Werkwijze:")  # a bold label right before a list: the list's lead-in
    d.add_paragraph("1. Lees de opdracht.")  # numbers typed by hand
    d.add_paragraph("2. Maak de opdracht.")
    _bold(d, "Jongerenopdracht", size=13)
    _bold(d, "Lees dit eerst goed door.")  # a bold sentence is emphasis, not a heading
    _bold(d, "Hoeveel tijd heb ik?")
    d.add_paragraph("Je hebt 20 minuten voor deze opdracht.")
    _bold(d, "Mag ik samenwerken?")
    d.add_paragraph("Ja, met één klasgenoot.")
    d.add_paragraph("Schrijf wel allebei je eigen antwoorden op.")

    parsed = _parse(d)
    hh = (T, H)
    jj = (T, "Jongerenopdracht")
    assert _views(parsed) == [
        ("heading", T, 1),
        ("heading", H, 2),
        ("heading", "Doel:", 3),
        ("paragraph", "Leerlingen ontdekken welke vervolgopleiding bij hen past.",
         (*hh, "Doel:")),
        ("heading", "Duur:", 3),
        ("paragraph", "50 minuten", (*hh, "Duur:")),
        ("paragraph", "Let op: neem je laptop mee.", (*hh, "Duur:")),
        ("paragraph", "Duur: 50 minuten", (*hh, "Duur:")),
        ("paragraph", "Werkwijze:", (*hh, "Duur:")),
        ("list_item", "1. Lees de opdracht.", "Werkwijze:", (*hh, "Duur:")),
        ("list_item", "2. Maak de opdracht.", "Werkwijze:", (*hh, "Duur:")),
        ("heading", "Jongerenopdracht", 2),
        ("paragraph", "Lees dit eerst goed door.", jj),
        ("qa", "Hoeveel tijd heb ik?", "Je hebt 20 minuten voor deze opdracht.", jj),
        ("qa", "Mag ik samenwerken?",
         "Ja, met één klasgenoot.\nSchrijf wel allebei je eigen antwoorden op.", jj),
    ]


def test_bold_lines_in_a_styled_document() -> None:
    """With heading styles, a bold short line is emphasis, but a bold label is still a heading
    under the current one, and a bold question with text under it is an FAQ entry."""
    import docx

    d = docx.Document()
    d.add_heading(H, level=1)
    d.add_heading("Hoe lang duurt de les?", level=2)  # a question heading with its answer
    d.add_paragraph("Eén lesuur.")
    d.add_heading("Voorbereiding", level=2)
    _bold(d, "Belangrijk")
    _bold(d, "Benodigdheden:")
    d.add_paragraph("Een laptop per leerling.")
    _bold(d, "Werkt dit ook online?")
    d.add_paragraph("Ja, de opdracht werkt ook online.")
    v = (H, "Voorbereiding")
    assert _views(_parse(d)) == [
        ("heading", H, 1),
        ("qa", "Hoe lang duurt de les?", "Eén lesuur.", (H,)),
        ("heading", "Voorbereiding", 2),
        ("paragraph", "Belangrijk", v),
        ("heading", "Benodigdheden:", 3),
        ("paragraph", "Een laptop per leerling.", (*v, "Benodigdheden:")),
        ("qa", "Werkt dit ook online?", "Ja, de opdracht werkt ook online.",
         (*v, "Benodigdheden:")),
    ]


# --- numbering ---------------------------------------------------------------------------------


def _multilevel_list(document: Any, num_id: int, start: int | None = None) -> None:
    """Add a two-level list definition (1. / a)) to the document's numbering, and a list
    (numId) using it, optionally restarting at `start`."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract_id = 90 + num_id
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
        '<w:lvlText w:val="%1.%3"/></w:lvl>'
        "</w:abstractNum>"
    ))
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        if start else ""
    )
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f"{override}</w:num>"
    ))


def _numbered(document: Any, text: str, num_id: int, ilvl: int = 0) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))


def test_numbering_counted_per_list_and_level() -> None:
    import docx

    d = docx.Document()
    _multilevel_list(d, 40)
    _multilevel_list(d, 41, start=5)
    d.add_paragraph("Stappen:")
    _numbered(d, "Kies", 40)
    _numbered(d, "Optie A", 40, 1)
    _numbered(d, "Optie B", 40, 1)
    _numbered(d, "Diep", 40, 2)
    _numbered(d, "Vergelijk", 40)
    _numbered(d, "Optie C", 40, 1)  # a deeper level restarts under each new item
    _numbered(d, "", 40)  # an empty numbered paragraph still takes its number in Word
    _numbered(d, "Beslis", 40)
    _numbered(d, "Verder bij vijf", 41)  # another list, restarted at 5: no shared lead-in
    _numbered(d, "Geen nummer", 0)  # numId 0 switches numbering off
    views = _views(_parse(d))
    assert views == [
        ("paragraph", "Stappen:", ()),
        ("list_item", "1. Kies", "Stappen:", ()),
        ("list_item", "a) Optie A", "Stappen:", ()),
        ("list_item", "b) Optie B", "Stappen:", ()),
        ("list_item", "1.i Diep", "Stappen:", ()),
        ("list_item", "2. Vergelijk", "Stappen:", ()),
        ("list_item", "a) Optie C", "Stappen:", ()),
        ("list_item", "4. Beslis", "Stappen:", ()),
        ("list_item", "5. Verder bij vijf", None, ()),
        ("paragraph", "Geen nummer", ()),
    ]


# --- tables ------------------------------------------------------------------------------------


def _table(document: Any, rows: list[tuple[str, ...]], bold: set[tuple[int, int]] = frozenset()):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            run = table.cell(r, c).paragraphs[0].add_run(value)
            run.bold = True if (r, c) in bold else None
    return table


def test_table_header_marked_caption_and_merged_cells() -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.add_paragraph("Tabel 1 Deelname per schooltype")
    table = _table(d, [("Schooltype", "Aandeel"), ("vmbo", "63%"), ("havo", "48%")])
    # A header row marked "repeat as header row", though its text is a sentence.
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    merged = _table(d, [("Jaar", "Vmbo", "Havo"), ("2023", "", "")])
    merged.cell(1, 1).merge(merged.cell(1, 2)).text = "samen 12"
    inner = merged.cell(0, 0).add_table(rows=1, cols=2)  # a table inside a cell: one line
    inner.cell(0, 0).text = "x"
    inner.cell(0, 1).text = "y"
    text = _parse(d)
    assert _views(text) == [
        ("table", ["Schooltype", "Aandeel"], [["vmbo", "63%"], ["havo", "48%"]],
         "Tabel 1 Deelname per schooltype", ()),
        ("table", ["Jaar x, y", "Vmbo", "Havo"], [["2023", "samen 12"]], None, ()),
    ]


def test_table_header_or_not() -> None:
    import docx

    d = docx.Document()
    # Labels in bold down the first column, values plain: no column header.
    _table(d, [("Doel", "Leerlingen kiezen een profiel."), ("Duur", "50 minuten")],
           bold={(0, 0), (1, 0)})
    # Labels ending in ":": a form, not columns.
    _table(d, [("Doelgroep:", "havo 4"), ("Duur:", "50 minuten")])
    # A first row of sentences: data.
    _table(d, [("Lees de tekst.", "Beantwoord de vragen."), ("Bespreek.", "Noteer.")])
    # A bold first row over plain rows: the header, whatever its length.
    _table(d, [("Wat doe je in deze stap van de opdracht", "Tijd"), ("Lezen", "5")],
           bold={(0, 0), (0, 1)})
    # A one-column table is a box around text: its paragraphs as they are.
    box = d.add_table(rows=1, cols=1)
    box.cell(0, 0).text = "Opdracht 1"
    box.cell(0, 0).add_paragraph("Schrijf drie beroepen op:")
    box.cell(0, 0).add_paragraph("• Beroep die je kent")
    assert _views(_parse(d)) == [
        ("table", [], [["Doel", "Leerlingen kiezen een profiel."], ["Duur", "50 minuten"]],
         None, ()),
        ("table", [], [["Doelgroep:", "havo 4"], ["Duur:", "50 minuten"]], None, ()),
        ("table", [], [["Lees de tekst.", "Beantwoord de vragen."], ["Bespreek.", "Noteer."]],
         None, ()),
        ("table", ["Wat doe je in deze stap van de opdracht", "Tijd"], [["Lezen", "5"]], None,
         ()),
        ("paragraph", "Opdracht 1", ()),
        ("paragraph", "Schrijf drie beroepen op:", ()),
        ("list_item", "• Beroep die je kent", "Schrijf drie beroepen op:", ()),
    ]


# --- what python-docx alone would miss ----------------------------------------------------------


def test_content_controls_text_boxes_and_tracked_changes() -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    d = docx.Document()
    d.element.body.insert(0, parse_xml(
        f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>Omslag</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    ))
    d.element.body.insert(1, parse_xml(
        f"<w:p {w}><w:r><w:t>Wel </w:t></w:r><w:ins><w:r><w:t>ingevoegd</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>weg</w:delText></w:r></w:del>"
        "<w:sdt><w:sdtContent><w:r><w:t> en ingevuld.</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    ))
    wps = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    box = "<w:txbxContent><w:p><w:r><w:t>Tip: vraag je mentor.</w:t></w:r></w:p></w:txbxContent>"
    d.element.body.insert(2, parse_xml(
        f"<w:p {w} {wps} {mc}><w:r><w:t>Met kader.</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    ))
    d.add_paragraph("Inhoud\t3", style=d.styles.add_style("toc 1", 1))  # table of contents
    assert _views(_parse(d)) == [
        ("paragraph", "Omslag", ()),
        ("paragraph", "Wel ingevoegd en ingevuld.", ()),
        ("paragraph", "Met kader.", ()),
        ("paragraph", "Tip: vraag je mentor.", ()),  # once, though Word stores it twice
    ]


# --- refusals ----------------------------------------------------------------------------------


def test_not_a_zip_and_corrupt_zip() -> None:
    with pytest.raises(LoaderError, match="not a zip"):
        docx_format.parse(b"geen Word-bestand", _LIMITS, [])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(LoaderError, match="not a valid .docx"):
        docx_format.parse(out.getvalue(), _LIMITS, [])


def test_zip_bomb_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * 100_000)
    limits = Limits(max_bytes=1000, max_pdf_pages=None, max_chars=None)
    with pytest.raises(LoaderError, match="zip bomb"):
        docx_format.parse(out.getvalue(), limits, [])
