"""Chunking: exact offsets, no lost text, structure kept together."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.config import PROJECT_ROOT
from core.schema import LoadedDocument
from ingest.chunking import chunk_document, index_text

DOC = """Titel van de pagina

Inleiding
Dit is de eerste zin. Dit is de tweede zin met meer woorden erin.

Drie actielijnen:
• deskundige loopbaanoriëntatie en –begeleiding;
• betere samenwerking bij de onderwijsovergangen;
• betere informatie over het beroepenveld en vervolgonderwijs.

Tweede kop
Een laatste alinea over nazorg in het mbo, die lang genoeg is om mee te tellen als tekst.
"""


def _doc(text: str) -> LoadedDocument:
    return LoadedDocument(text=text, metadata={"title": "T", "doc_type": "beleid"})


def test_offsets_are_exact_and_sections_follow_headings():
    chunks = chunk_document("d", _doc(DOC), chunk_size=200, chunk_overlap=40)
    assert chunks
    for c in chunks:
        assert c.text == DOC[c.start : c.end]
        assert c.doc_id == "d" and c.title == "T" and c.doc_type == "beleid"
    last = [c for c in chunks if "nazorg" in c.text][0]
    assert last.section == "Titel van de pagina > Tweede kop"


def test_list_stays_with_its_lead_in():
    chunks = chunk_document("d", _doc(DOC), chunk_size=300, chunk_overlap=0)
    holder = [c for c in chunks if "Drie actielijnen:" in c.text]
    assert len(holder) == 1
    assert "vervolgonderwijs" in holder[0].text and "onderwijsovergangen" in holder[0].text


def test_chunks_respect_size_when_units_allow():
    long = "\n\n".join(f"Alinea {i}. " + "Een zin met woorden. " * 8 for i in range(30))
    chunks = chunk_document("d", _doc(long), chunk_size=400, chunk_overlap=80)
    assert len(chunks) > 5
    assert all(c.end - c.start <= 400 + 80 for c in chunks)
    # Overlap: consecutive chunks share text when a chunk was cut for size.
    assert any(b.start < a.end for a, b in zip(chunks, chunks[1:]))


def test_index_text_carries_title_and_section():
    c = chunk_document("d", _doc(DOC), chunk_size=200, chunk_overlap=0)[-1]
    assert index_text(c).startswith("T — Titel van de pagina > Tweede kop\n")


def test_page_numbers_from_page_starts():
    text = "Pagina een tekst.\n\nPagina twee tekst die verder gaat."
    doc = LoadedDocument(text=text, metadata={}, page_starts=[0, text.index("Pagina twee")])
    chunks = chunk_document("d", doc, chunk_size=20, chunk_overlap=0)
    assert chunks[0].page == 1 and chunks[-1].page == 2


def test_invalid_sizes_are_rejected():
    import pytest

    with pytest.raises(ValueError):
        chunk_document("d", _doc(DOC), chunk_size=100, chunk_overlap=100)


_line = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120),
    st.sampled_from(
        ["", "# Kop", "Kop zonder punt", "• item", "- item twee", "1. eerste", "\u00a0"]
    ),
    st.from_regex(r"[A-Z][a-z ]{0,60}\. [A-Z][a-z ]{0,60}[.!?]", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(_line, max_size=40),
    size=st.integers(min_value=20, max_value=600),
    overlap_frac=st.floats(min_value=0, max_value=0.9),
)
def test_no_text_is_lost(lines, size, overlap_frac):
    text = "\n".join(lines)
    overlap = int(size * overlap_frac)
    chunks = chunk_document("d", _doc(text), chunk_size=size, chunk_overlap=overlap)
    covered = [False] * len(text)
    for c in chunks:
        assert 0 <= c.start < c.end <= len(text)
        assert c.text == text[c.start : c.end]
        for i in range(c.start, c.end):
            covered[i] = True
    if text.strip():
        assert all(covered), "every character lies in some chunk"
    # Chunks come in document order.
    assert [c.start for c in chunks] == sorted(c.start for c in chunks)


@pytest.mark.parametrize(
    "path", sorted((PROJECT_ROOT / "eval" / "devcorpus" / "docs").iterdir()), ids=lambda p: p.name
)
def test_every_format_tiles_its_text_with_exact_chunks(path):
    """Real documents in all five formats: every character of the stored text lies in a
    chunk, each chunk is exactly its span, and its blocks are the ones it overlaps."""
    from ingest.loaders import load_document

    doc = load_document(path)
    assert doc.blocks, "a converter must say what its text is"
    chunks = chunk_document(path.stem, doc, chunk_size=700, chunk_overlap=100)
    covered = [False] * len(doc.text)
    for c in chunks:
        assert c.text == doc.text[c.start : c.end]
        for i in range(c.start, c.end):
            covered[i] = True
        assert c.blocks and all(b.start < c.end and b.end > c.start for b in c.blocks)
    assert all(covered)
