"""The Markdown converter: parsed by markdown-it-py, so no Markdown syntax reaches the text.

Fixtures are written by the tests; the exact blocks are asserted."""

from __future__ import annotations

import re
from pathlib import Path

from core.schema import LoadedDocument
from ingest.loaders import load_document
from tests.formats.test_html import assert_offsets, described, sections


def _load(
    tmp_path: Path, md: str, name: str = "pagina.md", warnings: list[str] | None = None
) -> LoadedDocument:
    path = tmp_path / name
    path.write_text(md, encoding="utf-8")
    return load_document(path, warnings=warnings)


PAGE = """---
title: "Loopbaanoriëntatie op school"
doc_type: beleid
---
# LOB op *school*

Loopbaanoriëntatie is **belangrijk** voor elke leerling. Lees meer op de
[site van het Expertisepunt](https://www.expertisepuntlob.nl/) of typ `lob inspect`.

## Activiteiten

Leerlingen doen mee aan:

- een _open dag_
* nog een lijst: een **snuffelstage**

Stappen in het keuzeproces:

1. Verkennen
2. Kiezen
3. Aanmelden

| Sector | Deelname |
|--------|---------:|
| vmbo   | 63%      |
| havo   | 48%      |

## Veelgestelde vragen

### Wat is een decaan?

De decaan helpt bij de studiekeuze.
Hij werkt samen met de *mentor*.

Elke school heeft er een.

### Wanneer begint LOB?

LOB begint in het eerste leerjaar.

**Kost het geld?**
Nee, deelname is gratis.
"""

TOP, ACT, FAQ = ("LOB op school",), ("LOB op school", "Activiteiten"), (
    "LOB op school", "Veelgestelde vragen",
)
LEAD, STEPS = "Leerlingen doen mee aan:", "Stappen in het keuzeproces:"


def test_markdown_page_blocks(tmp_path: Path) -> None:
    warnings: list[str] = []
    doc = _load(tmp_path, PAGE, warnings=warnings)
    assert described(doc) == [
        ("heading", "LOB op school", 1),
        ("paragraph",
         "Loopbaanoriëntatie is belangrijk voor elke leerling. Lees meer op de site van het "
         "Expertisepunt of typ lob inspect.", TOP),
        ("heading", "Activiteiten", 2),
        ("paragraph", LEAD, ACT),
        ("list_item", "• een open dag", LEAD, ACT),
        # "*" after "-" starts a new list (CommonMark): it has no lead-in of its own.
        ("list_item", "• nog een lijst: een snuffelstage", None, ACT),
        ("paragraph", STEPS, ACT),
        ("list_item", "1. Verkennen", STEPS, ACT),
        ("list_item", "2. Kiezen", STEPS, ACT),
        ("list_item", "3. Aanmelden", STEPS, ACT),
        ("table", None, ("Sector", "Deelname"), ["vmbo\t63%", "havo\t48%"], ACT),
        ("heading", "Veelgestelde vragen", 2),
        ("qa", "Wat is een decaan?",
         "De decaan helpt bij de studiekeuze. Hij werkt samen met de mentor.\n"
         "Elke school heeft er een.", FAQ),
        ("qa", "Wanneer begint LOB?", "LOB begint in het eerste leerjaar.", FAQ),
        ("qa", "Kost het geld?", "Nee, deelname is gratis.", FAQ),
    ]
    assert sections(doc) == [
        ("LOB op school", ()), ("Activiteiten", TOP), ("Veelgestelde vragen", TOP),
    ]
    assert_offsets(doc)
    assert warnings == []
    # Front matter is metadata, its title wins over the first heading.
    assert doc.metadata == {"title": "Loopbaanoriëntatie op school", "doc_type": "beleid"}
    # Syntax never reaches the text: no heading hashes, emphasis, table pipes, links, code.
    for syntax in ("#", "*", "_", "|", "[", "](", "`", "http", "expertisepuntlob.nl", "---"):
        assert syntax not in doc.text, syntax
    assert not re.search(r"^- ", doc.text, re.M)


def test_markdown_title_is_the_first_heading_without_front_matter(tmp_path: Path) -> None:
    doc = _load(tmp_path, "Inleiding zonder kop.\n\n## De *eerste* kop\n\nTekst.\n")
    assert doc.metadata == {"title": "De eerste kop"}


def test_markdown_nesting_code_html_and_escapes(tmp_path: Path) -> None:
    md = """# Handleiding

<!-- een opmerking voor de redactie -->

<div class="kader"><p>Een <b>HTML</b>-blok wordt als HTML gelezen.</p></div>

1) Open de map
2) Kies een bestand
   - een PDF
   - of een `.docx`

   Meer uitleg bij stap twee.

```
lob ingest corpus/
```

> Een citaat blijft tekst.

Prijs: 10 \\* 2 euro ![logo](logo.png) en een regel  
met een harde breuk.
"""
    doc = _load(tmp_path, md)
    h = ("Handleiding",)
    assert described(doc) == [
        ("heading", "Handleiding", 1),
        ("paragraph", "Een HTML-blok wordt als HTML gelezen.", h),
        ("list_item", "1) Open de map", None, h),
        ("list_item", "2) Kies een bestand", None, h),
        ("list_item", "• een PDF", None, h),
        ("list_item", "• of een .docx", None, h),
        # An item's text after its nested list stays an item of the same number.
        ("list_item", "2) Meer uitleg bij stap twee.", None, h),
        ("paragraph", "lob ingest corpus/", h),
        ("paragraph", "Een citaat blijft tekst.", h),
        # An escaped "*" is the author's text; an image is not text.
        ("paragraph", "Prijs: 10 * 2 euro en een regel met een harde breuk.", h),
    ]
    assert_offsets(doc)
    assert "opmerking" not in doc.text and "logo" not in doc.text


def test_markdown_question_heading_without_text_stays_a_heading(tmp_path: Path) -> None:
    md = "## Wat doet de decaan?\n\n### Op school\n\nHij helpt.\n\n**Vet, geen vraag**\n\nTekst.\n"
    doc = _load(tmp_path, md)
    assert described(doc) == [
        ("heading", "Wat doet de decaan?", 2),
        ("heading", "Op school", 3),
        ("paragraph", "Hij helpt.", ("Wat doet de decaan?", "Op school")),
        ("paragraph", "Vet, geen vraag", ("Wat doet de decaan?", "Op school")),
        ("paragraph", "Tekst.", ("Wat doet de decaan?", "Op school")),
    ]


def test_markdown_broken_front_matter_is_a_warning_not_text(tmp_path: Path) -> None:
    warnings: list[str] = []
    md = "---\ntitle: [niet gesloten\n---\n# Stagebeleid\n\nDe coördinator bezoekt elke student.\n"
    doc = _load(tmp_path, md, warnings=warnings)
    assert doc.text == "Stagebeleid\n\nDe coördinator bezoekt elke student."
    assert len(warnings) == 1 and "front matter" in warnings[0]
    assert doc.metadata == {"title": "Stagebeleid"}


def test_markdown_is_deterministic(tmp_path: Path) -> None:
    assert _load(tmp_path, PAGE, "a.md") == _load(tmp_path, PAGE, "b.md")


def test_markdown_table_caption_and_raw_details(tmp_path: Path) -> None:
    md = """Tabel 3: deelname per sector

| Sector | 2023 |
|--------|------|
| mbo    | 41%  |

<details><summary>Telt de stage mee?</summary>

Ja, de stage telt mee voor het *portfolio*.

</details>
"""
    doc = _load(tmp_path, md)
    assert described(doc) == [
        ("table", "Tabel 3: deelname per sector", ("Sector", "2023"), ["mbo\t41%"], ()),
        ("qa", "Telt de stage mee?", "Ja, de stage telt mee voor het portfolio.", ()),
    ]
    assert_offsets(doc)
