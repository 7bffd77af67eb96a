"""The HTML converter: the page's structure as blocks, its furniture dropped, no markup kept.

Fixtures are written by the tests; the exact blocks are asserted."""

from __future__ import annotations

from pathlib import Path

from core.schema import LoadedDocument
from ingest.loaders import load_document


def _load(tmp_path: Path, html: str, name: str = "pagina.html") -> LoadedDocument:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return load_document(path)


def described(doc: LoadedDocument) -> list[tuple]:
    """Each block as what it says: kind, its text (span of the stored text) and its fields;
    a heading's section (the headings above it) is checked by `sections`."""
    text, out = doc.text, []
    for b in doc.blocks:
        span = text[b.start : b.end]
        if b.kind == "heading":
            out.append(("heading", span, b.level))
        elif b.kind == "paragraph":
            out.append(("paragraph", span, b.section))
        elif b.kind == "list_item":
            out.append(("list_item", span, b.lead_in, b.section))
        elif b.kind == "table":
            rows = [text[a:z] for a, z in b.rows]
            out.append(("table", b.caption, b.header, rows, b.section))
        elif b.kind == "qa":
            question, answer = text[b.start : b.question_end], text[b.question_end : b.end]
            out.append(("qa", question, answer.lstrip("\n"), b.section))
    return out


def sections(doc: LoadedDocument) -> list[tuple[str, tuple[str, ...]]]:
    return [(doc.text[b.start : b.end], b.section) for b in doc.blocks if b.kind == "heading"]


def assert_offsets(doc: LoadedDocument) -> None:
    """Every block is a non-empty span; blocks are in order and do not overlap."""
    end = 0
    for b in doc.blocks:
        assert b.start >= end and b.end > b.start, b
        assert doc.text[b.start : b.end].strip(), b
        end = b.end
    if doc.blocks:
        assert doc.text[doc.blocks[-1].end :].strip() == ""


PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>LOB in het vmbo | School</title>
<style>.menu { color: red }</style>
<script>var tracker = "https://track.example/pixel";</script></head>
<body class="cookies-pending">
<div id="cookie-banner" class="banner"><p>Deze site gebruikt cookies.</p>
  <button>Accepteren</button></div>
<header><a href="/"><img src="logo.png" alt="Logo"></a> Schoolsite</header>
<nav aria-label="Hoofdmenu"><ul><li><a href="/">Home</a></li><li><a href="/over">Over ons</a></li>
</ul></nav>
<main>
<h1>LOB in het <em>vmbo</em></h1>
<p>Loopbaanoriëntatie helpt leerlingen
   <a href="https://www.lob.nl/keuzes">keuzes</a> te maken.</p>
<h2>Activiteiten</h2>
<p>De school organiseert de volgende activiteiten:</p>
<ul><li>Een <strong>open dag</strong> bezoeken</li><li><p>Een snuffelstage lopen</p></li></ul>
<table><caption>Tabel 1: deelname per jaar</caption>
<tr><th>Jaar</th><th>Scholen</th></tr>
<tr><td>2022</td><td>12</td></tr>
<tr><td>2023</td><td><a href="https://cijfers.example/2023">18</a></td></tr></table>
<h2>Veelgestelde vragen</h2>
<dl>
  <dt>Wie is de decaan?</dt>
  <dd>De decaan begeleidt de keuze van een vervolgopleiding.</dd>
</dl>
<details><summary>Wanneer is de open dag?</summary>
  <p>De open dag is in maart.</p><p>Aanmelden is niet nodig.</p></details>
</main>
<aside><p>Lees ook: nieuws van de week.</p></aside>
<form action="/zoek"><label>Zoeken</label><input name="q"><button>Zoek</button></form>
<footer><p>Contact: info@school.nl</p></footer>
<script>console.log("laatste script")</script>
</body></html>
"""

MAIN, ACT, FAQ = ("LOB in het vmbo",), ("LOB in het vmbo", "Activiteiten"), (
    "LOB in het vmbo", "Veelgestelde vragen",
)
LEAD = "De school organiseert de volgende activiteiten:"


def test_html_page_blocks(tmp_path: Path) -> None:
    doc = _load(tmp_path, PAGE)
    assert described(doc) == [
        ("heading", "LOB in het vmbo", 1),
        ("paragraph", "Loopbaanoriëntatie helpt leerlingen keuzes te maken.", MAIN),
        ("heading", "Activiteiten", 2),
        ("paragraph", LEAD, ACT),
        ("list_item", "• Een open dag bezoeken", LEAD, ACT),
        ("list_item", "• Een snuffelstage lopen", LEAD, ACT),
        ("table", "Tabel 1: deelname per jaar", ("Jaar", "Scholen"),
         ["2022\t12", "2023\t18"], ACT),
        ("heading", "Veelgestelde vragen", 2),
        ("qa", "Wie is de decaan?", "De decaan begeleidt de keuze van een vervolgopleiding.",
         FAQ),
        ("qa", "Wanneer is de open dag?", "De open dag is in maart.\nAanmelden is niet nodig.",
         FAQ),
    ]
    assert sections(doc) == [
        ("LOB in het vmbo", ()), ("Activiteiten", MAIN), ("Veelgestelde vragen", MAIN),
    ]
    assert_offsets(doc)
    assert doc.metadata["title"] == "LOB in het vmbo | School"
    for absent in (
        "cookies", "Accepteren", "Schoolsite", "Logo", "Home", "Over ons", "tracker", "color",
        "Lees ook", "Zoek", "info@school.nl", "laatste script", "http", "lob.nl", "<", "#", "|",
    ):
        assert absent not in doc.text, absent


def test_html_faq_headings_bold_questions_and_ordered_lists(tmp_path: Path) -> None:
    html = """<body><h2>Vragen</h2>
    <h3>Wat kost het?</h3><p>Niets.</p><p>Ook de reis is gratis.</p>
    <h3>Wat neem ik mee?</h3><p>Neem mee:</p><ul><li>pen</li><li>agenda</li></ul>
    <h3>Praktisch</h3><p>Zo werkt het:</p>
    <ol start="3"><li>Aanmelden</li><li>Kiezen<ul><li>sector</li></ul></li></ol>
    <p><strong>Mag ik bellen?</strong><br>Ja, op werkdagen.</p>
    <p><b>Is er een lift?</b></p><p>Ja.</p>
    <h3>Overig</h3><p>Wie komt er?</p><p>Een gewone vraag in de tekst blijft een alinea.</p>
    </body>"""
    doc = _load(tmp_path, html)
    qs, prak = ("Vragen",), ("Vragen", "Praktisch")
    assert described(doc) == [
        ("heading", "Vragen", 2),
        ("qa", "Wat kost het?", "Niets.\nOok de reis is gratis.", qs),
        # A list under a question heading is part of its answer, with its markers.
        ("qa", "Wat neem ik mee?", "Neem mee:\n• pen\n• agenda", qs),
        ("heading", "Praktisch", 3),
        ("paragraph", "Zo werkt het:", prak),
        ("list_item", "3. Aanmelden", "Zo werkt het:", prak),
        ("list_item", "4. Kiezen", "Zo werkt het:", prak),
        ("list_item", "• sector", "Zo werkt het:", prak),
        ("qa", "Mag ik bellen?", "Ja, op werkdagen.", prak),
        ("qa", "Is er een lift?", "Ja.", prak),
        ("heading", "Overig", 3),
        # Not bold, not a heading: a question in running text is just a paragraph.
        ("paragraph", "Wie komt er?", ("Vragen", "Overig")),
        ("paragraph", "Een gewone vraag in de tekst blijft een alinea.", ("Vragen", "Overig")),
    ]
    assert_offsets(doc)


def test_html_tables_header_rules_and_layout_tables(tmp_path: Path) -> None:
    html = """<body>
    <table><thead><tr><td>Sector</td><td colspan="2">Deelname</td></tr></thead>
      <tbody><tr><td>vmbo</td><td>63%</td><td>70%</td></tr></tbody></table>
    <figure><table><tr><td>Adres</td><td>Schoolstraat 1</td></tr>
      <tr><td>Telefoon</td><td>012-345</td></tr></table>
      <figcaption>Tabel 2: contact</figcaption></figure>
    <table role="presentation"><tr><td><h2>Indeling</h2><p>Een alinea in een opmaaktabel.</p>
      </td><td><p>Tweede kolom.</p></td></tr></table>
    </body>"""
    doc = _load(tmp_path, html)
    assert described(doc) == [
        # thead is the header, a spanning header cell names every column it spans.
        ("table", None, ("Sector", "Deelname", "Deelname"), ["vmbo\t63%\t70%"], ()),
        # No th and no thead: no header row; the figure's caption is the table's.
        ("table", "Tabel 2: contact", (), ["Adres\tSchoolstraat 1", "Telefoon\t012-345"], ()),
        ("heading", "Indeling", 2),
        ("paragraph", "Een alinea in een opmaaktabel.", ("Indeling",)),
        ("paragraph", "Tweede kolom.", ("Indeling",)),
    ]
    assert_offsets(doc)


def test_html_page_wrapped_in_one_form_is_kept(tmp_path: Path) -> None:
    """ASP.NET WebForms pages put everything in one <form>: that form is the page."""
    html = """<body><form id="aspnetForm" action="/">
    <nav>Menu</nav><main><h1>Stage</h1><p>De stage duurt tien weken.</p></main>
    <form class="zoek"><input name="q"><button>Zoeken</button></form></form></body>"""
    doc = _load(tmp_path, html)
    assert described(doc) == [
        ("heading", "Stage", 1),
        ("paragraph", "De stage duurt tien weken.", ("Stage",)),
    ]


def test_html_nbsp_and_spacers(tmp_path: Path) -> None:
    html = "<p>&nbsp;</p><p>Tien&nbsp;euro per   dag.</p><p> \u00a0 </p>"
    doc = _load(tmp_path, html)
    assert doc.text == "Tien\u00a0euro per dag."
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_html_is_deterministic(tmp_path: Path) -> None:
    assert _load(tmp_path, PAGE, "a.html") == _load(tmp_path, PAGE, "b.html")
