"""Loader tests: every fixture is generated in tmp_path, so no binary files live in the repo."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.schema import LoadedDocument
from ingest.loaders import (
    SUPPORTED_SUFFIXES,
    LoaderError,
    is_sidecar,
    load_document,
    sidecar_path,
)


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def _pdf_bytes(*pages: str, title: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.cell(text=text)
    return bytes(pdf.output())


# --- text and markdown -----------------------------------------------------------------------


def test_txt_front_matter_is_parsed_and_removed(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "nazorg.txt",
        "---\r\n"
        'title: "Nazorg en LOB"\r\n'
        "publisher: Expertisepunt LOB\r\n"
        "date: 2023-05-01\r\n"
        "doc_type: beleid\r\n"
        "language: nl\r\n"
        "empty: ''\r\n"
        "---\r\n"
        "Eerste regel\r\n\r\n\u2022 punt met\u00a0harde spatie\r\n    ingesprongen\r\n",
    )
    doc = load_document(path)
    assert isinstance(doc, LoadedDocument)
    assert doc.metadata == {
        "title": "Nazorg en LOB",
        "publisher": "Expertisepunt LOB",
        "date": "2023-05-01",
        "doc_type": "beleid",
        "language": "nl",
    }
    assert doc.text == "Eerste regel\n\n\u2022 punt met\u00a0harde spatie\n    ingesprongen\n"
    assert doc.page_starts == []


def test_md_is_parsed_and_takes_title_from_first_heading(tmp_path: Path) -> None:
    content = "\ufeff\n# Loopbaanoriëntatie\n\n- punt één\n- punt twee\n\n---\n\nSlot.\n"
    doc = load_document(_write(tmp_path / "notities.md", content))
    # Markdown syntax (#, -, the --- rule) is read, not stored; tests/formats has the rest.
    assert doc.text == "Loopbaanoriëntatie\n\n• punt één\n• punt twee\n\nSlot."
    assert doc.metadata == {"title": "Loopbaanoriëntatie"}


def test_md_opening_with_a_rule_is_not_front_matter(tmp_path: Path) -> None:
    content = "---\nGewone tekst tussen twee lijnen.\n---\nMeer tekst.\n"
    warnings: list[str] = []
    doc = load_document(_write(tmp_path / "lijnen.md", content), warnings=warnings)
    # A rule, then a Markdown (setext) heading underlined by the second "---": all text kept.
    assert doc.text == "Gewone tekst tussen twee lijnen.\n\nMeer tekst."
    assert doc.metadata == {"title": "Gewone tekst tussen twee lijnen."} and warnings == []


def test_title_from_first_line_is_capped(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path / "lang.txt", "\n\n" + "x" * 300))
    assert doc.metadata["title"] == "x" * 120


def test_title_falls_back_to_stem(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path / "alleen-kopjes.txt", "###\n"))
    assert doc.metadata["title"] == "alleen-kopjes"


def test_windows_1252_text_loads(tmp_path: Path) -> None:
    path = _write(tmp_path / "oud.txt", "Financiële steun – €10\r\n".encode("cp1252"))
    doc = load_document(path)
    assert doc.text == "Financiële steun – €10\n"


def test_utf16_with_bom_loads(tmp_path: Path) -> None:
    path = _write(tmp_path / "notepad.txt", "Tweeën\r\n".encode("utf-16"))
    assert load_document(path).text == "Tweeën\n"


def test_loading_is_deterministic(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "---\ntitle: A\n---\nTekst\n")
    assert load_document(path) == load_document(path)


# --- HTML ------------------------------------------------------------------------------------


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title> LOB   op school </title>
<style>body { color: red }</style></head>
<body>
<nav><a href="/">Home</a> menu-item</nav>
<header>Site kop</header>
<h1>Hoofdtitel</h1>
<p>Eerste   alinea
  over <b>LOB</b>.<br>Nieuwe regel.</p>
<script>var geheim = "script-tekst";</script>
<h2>Doelen</h2>
<ul><li>Keuzes maken</li><li>Reflecteren <ul><li>Genest</li></ul></li></ul>
<table><tr><th>Jaar</th><th>Scholen</th></tr><tr><td>2017</td><td>12</td></tr></table>
<div>Blok&nbsp;tekst</div>
<!-- commentaar -->
<footer>Voettekst</footer>
</body></html>
"""


def test_html_structure(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path / "pagina.html", HTML))
    assert doc.text == (
        "Hoofdtitel\n\n"
        "Eerste alinea over LOB. Nieuwe regel.\n\n"
        "Doelen\n\n"
        "• Keuzes maken\n• Reflecteren\n• Genest\n\n"
        "Jaar\tScholen\n2017\t12\n\n"
        "Blok\u00a0tekst"
    )
    assert [b.kind for b in doc.blocks] == [
        "heading", "paragraph", "heading", "list_item", "list_item", "list_item", "table",
        "paragraph",
    ]
    for absent in ("script-tekst", "color", "menu-item", "Site kop", "Voettekst", "commentaar"):
        assert absent not in doc.text
    assert doc.metadata["title"] == "LOB op school"


def test_html_title_from_h1_and_declared_charset(tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><h1>Oriëntatie</h1></body></html>'
    doc = load_document(_write(tmp_path / "oud.htm", html.encode("latin-1")))
    assert doc.text == "Oriëntatie"
    assert doc.metadata["title"] == "Oriëntatie"


def test_html_article_header_is_kept(tmp_path: Path) -> None:
    html = (
        "<body><header>Site</header><article><header><h1>Artikel</h1></header>"
        "<p>Tekst</p><p hidden>verborgen</p></article></body>"
    )
    assert load_document(_write(tmp_path / "a.html", html)).text == "Artikel\n\nTekst"


def test_html_without_text_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "leeg.html", "<html><body><script>x()</script></body></html>")
    with pytest.raises(LoaderError, match="empty"):
        load_document(path)


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_two_pages(tmp_path: Path) -> None:
    path = _write(tmp_path / "rapport.pdf", _pdf_bytes("Pagina een tekst", "Pagina twee tekst"))
    doc = load_document(path)
    assert "Pagina een tekst" in doc.text
    assert "Pagina twee tekst" in doc.text
    assert len(doc.page_starts) == 2
    assert doc.page_starts[0] == 0
    assert doc.text[doc.page_starts[1] :].startswith("Pagina twee")
    assert doc.page_at(doc.text.index("twee")) == 2
    assert doc.page_at(doc.text.index("een")) == 1
    assert doc.metadata["title"] == "Pagina een tekst"


def test_pdf_title_from_metadata(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.pdf", _pdf_bytes("Inhoud", title="Jaarverslag LOB"))
    assert load_document(path).metadata["title"] == "Jaarverslag LOB"


def _encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes("Geheime tekst"))))
    writer.encrypt(user_password, owner_password="eigenaar")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    path = _write(tmp_path / "geheim.pdf", _encrypted_pdf("secret"))
    with pytest.raises(LoaderError, match="encrypted PDF"):
        load_document(path)


def test_encrypted_pdf_with_empty_password_loads(tmp_path: Path) -> None:
    path = _write(tmp_path / "beperkt.pdf", _encrypted_pdf(""))
    assert "Geheime tekst" in load_document(path).text


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path / "kapot.pdf", random.Random(1).randbytes(4000))
    with pytest.raises(LoaderError, match="corrupt"):
        load_document(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path / "half.pdf", _pdf_bytes("Tekst")[:200])
    with pytest.raises(LoaderError, match="PDF"):
        load_document(path)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")
    path = _write(tmp_path / "scan.pdf", bytes(pdf.output()))
    with pytest.raises(LoaderError, match="no text layer"):
        load_document(path)


# --- DOCX ------------------------------------------------------------------------------------


def _docx(path: Path, title: str = "") -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_paragraph("Titel van het stuk", style="Title")
    document.add_heading("Inleiding", level=2)
    document.add_paragraph("Een   gewone alinea.")
    document.add_paragraph("Eerste punt", style="List Bullet")
    document.add_paragraph("Tweede punt", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Jaar"
    table.cell(0, 1).text = "Scholen"
    table.cell(1, 0).text = "2017"
    table.cell(1, 1).text = "12"
    document.add_paragraph("")  # empty paragraphs leave no trace
    document.add_paragraph("Slot.")
    document.save(str(path))
    return path


def test_docx_structure(tmp_path: Path) -> None:
    doc = load_document(_docx(tmp_path / "verslag.docx"))
    # No markup in the stored text: the blocks say what is a heading, an item, a table.
    assert doc.text == (
        "Titel van het stuk\n\n"
        "Inleiding\n\n"
        "Een gewone alinea.\n\n"
        "• Eerste punt\n• Tweede punt\n\n"
        "Jaar\tScholen\n2017\t12\n\n"
        "Slot."
    )
    assert [b.kind for b in doc.blocks] == [
        "heading", "heading", "paragraph", "list_item", "list_item", "table", "paragraph"
    ]
    assert doc.metadata["title"] == "Titel van het stuk"


def test_docx_title_from_core_properties(tmp_path: Path) -> None:
    doc = load_document(_docx(tmp_path / "verslag.docx", title="Kern titel"))
    assert doc.metadata["title"] == "Kern titel"


def test_docx_content_controls_numbering_and_merged_cells(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    item = document.add_paragraph("Genummerd item")  # numbered without a List style
    item._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>')
    )
    cover = f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Omslag</w:t></w:r></w:p>"
    document.element.body.insert(0, parse_xml(cover + "</w:sdtContent></w:sdt>"))
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Samen"
    table.cell(0, 2).text = "C"
    path = tmp_path / "extra.docx"
    document.save(str(path))
    assert load_document(path).text == "Omslag\n\n• Genummerd item\n\nSamen\tC"


def test_docx_not_a_zip(tmp_path: Path) -> None:
    path = _write(tmp_path / "nep.docx", b"Dit is geen Word-bestand maar platte tekst.")
    with pytest.raises(LoaderError, match="not a zip"):
        load_document(path)


def test_docx_zip_without_word_content(tmp_path: Path) -> None:
    path = tmp_path / "leeg.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hallo.txt", "geen docx")
    with pytest.raises(LoaderError, match="not a valid .docx"):
        load_document(path)


def test_docx_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * 100_000)
    assert path.stat().st_size < 1000
    with pytest.raises(LoaderError, match="zip bomb"):
        load_document(path, max_bytes=1000)


# --- sidecar metadata ------------------------------------------------------------------------


def test_sidecar_overrides_front_matter(tmp_path: Path) -> None:
    path = _write(tmp_path / "stuk.md", "---\ntitle: Oud\npublisher: X\n---\nTekst\n")
    _write(tmp_path / "stuk.md.meta.yaml", "title: Nieuw\ndoc_type: nieuws\nsource: ''\n")
    doc = load_document(path)
    assert doc.metadata == {"title": "Nieuw", "publisher": "X", "doc_type": "nieuws"}


def test_sidecar_overrides_pdf_title(tmp_path: Path) -> None:
    path = _write(tmp_path / "rapport.pdf", _pdf_bytes("Inhoud", title="Ingebed"))
    _write(sidecar_path(path), "title: Uit sidecar\ndate: 2024\n")
    doc = load_document(path)
    assert doc.metadata == {"title": "Uit sidecar", "date": "2024"}


def test_invalid_sidecar_is_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "Tekst")
    _write(tmp_path / "a.txt.meta.yaml", "title: [niet gesloten\n")
    warnings: list[str] = []
    doc = load_document(path, warnings=warnings)
    assert doc.text == "Tekst" and doc.metadata == {"title": "Tekst"}
    assert len(warnings) == 1 and "a.txt.meta.yaml" in warnings[0] and "YAML" in warnings[0]


def test_is_sidecar() -> None:
    assert is_sidecar(Path("map/rapport.pdf.meta.yaml"))
    assert is_sidecar("RAPPORT.PDF.META.YAML")
    assert not is_sidecar(Path("rapport.pdf"))
    assert sidecar_path(Path("map/rapport.pdf")) == Path("map/rapport.pdf.meta.yaml")


# --- bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_document(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(LoaderError, match="empty document"):
        load_document(_write(tmp_path / "leeg.txt", content))


def test_front_matter_only_is_empty(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match="empty document"):
        load_document(_write(tmp_path / "fm.md", "---\ntitle: Alleen kop\n---\n\n"))


def test_binary_garbage_txt(tmp_path: Path) -> None:
    path = _write(tmp_path / "ruis.txt", random.Random(0).randbytes(4096))
    with pytest.raises(LoaderError, match="binary"):
        load_document(path)


def test_control_characters_without_nul(tmp_path: Path) -> None:
    path = _write(tmp_path / "ruis.txt", bytes(range(1, 32)) * 50 + b"wat tekst")
    with pytest.raises(LoaderError, match="binary"):
        load_document(path)


def test_file_too_large(tmp_path: Path) -> None:
    path = _write(tmp_path / "groot.txt", "a" * 2000)
    with pytest.raises(LoaderError, match="too large"):
        load_document(path, max_bytes=1000)


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match=r"unsupported file type: \.xyz"):
        load_document(_write(tmp_path / "data.xyz", "tekst"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match="not found"):
        load_document(tmp_path / "weg.txt")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_arbitrary_bytes_never_escape_as_other_errors(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = _write(tmp_path / f"fuzz{suffix}", data)
    try:
        doc = load_document(path)
    except LoaderError as exc:
        assert str(exc)
    else:
        assert doc.text.strip()
        assert doc.metadata["title"]
