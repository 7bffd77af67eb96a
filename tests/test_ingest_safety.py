"""Ingest reads the corpus folder and nothing else, says why it passed over each file, and
never lets one bad or huge file cost another: the careless-admin and attacker cases of issue 13
(symlinks out of the folder, hidden files, a broken file beside a good one with the same
name, a 2000-page PDF, front matter that is not YAML)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import make_settings

from assistant.retrieval import Retriever
from core.index import IndexStore
from ingest.pipeline import ingest

SECRET = "Wachtwoord zeeleeuwenkolonie: de kluiscode van de directie is 4711."
NAZORG = (
    "Nazorg in het mbo: de school volgt oud-studenten nog een jaar na het diploma. "
    "De loopbaanbegeleider belt hen na drie maanden en vraagt hoe het gaat. "
)
BERICHT = "Bericht aan ouders: de LOB-avond over studiekeuze is op donderdag in de aula."


def _pdf(pages: int, words: str) -> bytes:
    """A real PDF with a text layer on every page (fpdf2, as in test_bad_documents)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"Pagina {n}. {words}")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    """Files the server can read but that are not in the corpus."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "geheim.txt").write_text(SECRET)
    (folder / "map").mkdir()
    (folder / "map" / "ook-geheim.txt").write_text(SECRET + " Tweede kopie.")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, outside):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "nazorg.txt").write_text(NAZORG)
    # Attacks through links: to a file and to a folder outside, and a loop.
    (folder / "passwd.txt").symlink_to(outside / "geheim.txt")
    (folder / "gedeeld").symlink_to(outside / "map", target_is_directory=True)
    (folder / "lus").symlink_to(folder, target_is_directory=True)
    (folder / "alias.txt").symlink_to(folder / "nazorg.txt")  # stays inside
    # Hidden things are listed, not silently dropped.
    (folder / ".verborgen.txt").write_text("Verborgen notitie over LOB.")
    (folder / ".git").mkdir()
    (folder / ".git" / "config.txt").write_text("Niet voor de index.")
    # A broken file must not hide the good one with the same name.
    (folder / "bericht.docx").write_bytes(b"dit is geen zip-bestand")
    (folder / "bericht.txt").write_text(BERICHT)
    # Two good files with one doc_id: the first in path order keeps it.
    (folder / "rooster.md").write_text("Rooster van de LOB-gesprekken in periode twee.")
    (folder / "rooster.txt").write_text("Een ander rooster: de mentoruren in periode drie.")
    # Limits: pages and characters.
    (folder / "dik.pdf").write_bytes(_pdf(5, "Het portfolio van de student."))
    (folder / "lang.txt").write_text("Loopbaanoriëntatie en -begeleiding. " * 60)  # 2,160 chars
    # Front matter meant as YAML but broken; a sidecar that is not YAML; a lone sidecar.
    (folder / "kapot-fm.md").write_text(
        "---\ntitle: [niet gesloten\ndoc_type: beleid\n---\n"
        "# Stagebeleid\n\nDe stagecoördinator bezoekt elke student twee keer per stage.\n"
    )
    (folder / "met-sidecar.txt").write_text("De decaan helpt bij de keuze van een opleiding.")
    (folder / "met-sidecar.txt.meta.yaml").write_text("title: [ook niet gesloten\n")
    (folder / "weg.pdf.meta.yaml").write_text("title: Van een verwijderd bestand\n")
    return folder


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory, embedder):
    settings = make_settings(
        tmp_path_factory.mktemp("safety-data"), max_pdf_pages=3, max_document_chars=1000
    )
    return settings, ingest(corpus, settings, embedder=embedder, progress=False)


def _reasons(summary) -> dict[str, str]:
    return {s.path: s.reason for s in summary.skipped}


def test_symlink_to_a_file_outside_is_skipped_and_not_searchable(ingested, embedder):
    settings, summary = ingested
    assert _reasons(summary)["passwd.txt"] == "symlink points outside the folder"
    store = IndexStore(settings, embedder.name)
    assert "passwd" not in store.document_records()
    hits = Retriever(settings, embedder=embedder).search("kluiscode van de directie", k=10)
    assert hits and not any("kluiscode" in h.text for h in hits)


def test_symlinked_folder_outside_is_not_entered(ingested, embedder):
    settings, summary = ingested
    reasons = _reasons(summary)
    assert reasons["gedeeld/"] == "symlink points outside the folder"
    assert not any(p.startswith("gedeeld/") and p != "gedeeld/" for p in reasons)
    assert not any(d.startswith("gedeeld") for d in summary.added)
    # A link back into the folder is not followed either: no loop, no second copy.
    assert reasons["lus/"].startswith("symbolic link: not followed")
    assert reasons["alias.txt"].startswith("symbolic link: not followed")
    assert "alias" not in IndexStore(settings, embedder.name).document_records()


def test_hidden_files_and_folders_are_listed(ingested):
    _, summary = ingested
    reasons = _reasons(summary)
    assert reasons[".verborgen.txt"] == "hidden file"
    assert reasons[".git/"] == "hidden folder"


def test_broken_file_does_not_hide_a_good_one(ingested, embedder):
    settings, summary = ingested
    assert "bericht" in summary.added
    assert "not a zip" in _reasons(summary)["bericht.docx"]
    text, meta = IndexStore(settings, embedder.name).document("bericht")
    assert text == BERICHT and meta["path"] == "bericht.txt"


def test_two_good_files_with_one_doc_id(ingested, embedder):
    settings, summary = ingested
    assert "rooster" in summary.added
    reason = _reasons(summary)["rooster.txt"]
    assert "'rooster'" in reason and "rooster.md" in reason
    text, _ = IndexStore(settings, embedder.name).document("rooster")
    assert text.startswith("Rooster van de LOB-gesprekken")


def test_limits_on_pages_and_text(ingested):
    _, summary = ingested
    reasons = _reasons(summary)
    assert reasons["dik.pdf"] == "PDF has 5 pages; the limit is 3 (LOB_MAX_PDF_PAGES)"
    assert "LOB_MAX_DOCUMENT_CHARS" in reasons["lang.txt"] and "1,000" in reasons["lang.txt"]
    assert "dik" not in summary.added and "lang" not in summary.added
    assert "nazorg" in summary.added  # the rest ingests


def test_sidecars(ingested, embedder):
    settings, summary = ingested
    reasons = _reasons(summary)
    assert "without a document" in reasons["weg.pdf.meta.yaml"]
    assert "met-sidecar.txt.meta.yaml" not in reasons  # metadata beside its document: silent
    assert "met-sidecar" in summary.added
    warned = {w.path: w.warning for w in summary.warnings}
    assert "met-sidecar.txt.meta.yaml" in warned["met-sidecar.txt"]


def test_broken_front_matter_is_ingested_with_a_warning(ingested, embedder):
    settings, summary = ingested
    assert "kapot-fm" in summary.added
    warned = {w.path: w.warning for w in summary.warnings}
    assert "front matter" in warned["kapot-fm.md"]
    text, meta = IndexStore(settings, embedder.name).document("kapot-fm")
    assert meta["title"] == "Stagebeleid"
    assert text.startswith("Stagebeleid\n\n") and "niet gesloten" not in text


def test_the_pdf_page_limit_is_checked_before_extracting(tmp_path, embedder):
    """2000 pages are refused in about the time it takes to count them (it took 773 s)."""
    import time

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(2000):
        writer.add_blank_page(width=595, height=842)
    with open(tmp_path / "enorm.pdf", "wb") as fh:
        writer.write(fh)
    (tmp_path / "klein.txt").write_text(NAZORG)
    settings = make_settings(tmp_path / "data")
    t = time.perf_counter()
    summary = ingest(tmp_path, settings, embedder=embedder, progress=False)
    assert _reasons(summary)["enorm.pdf"] == (
        "PDF has 2000 pages; the limit is 500 (LOB_MAX_PDF_PAGES)"
    )
    assert summary.added == ["klein"]
    assert time.perf_counter() - t < 30


def test_cli_json_and_text_list_warnings_and_skips(tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "kapot-fm.md").write_text("---\ntitle: [niet gesloten\n---\nStage in het mbo.\n")
    (folder / ".verborgen.txt").write_text("Verborgen.")
    env = {**os.environ, "LOB_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "assistant.cli", "ingest", str(folder)]
    out = subprocess.run([*cmd, "--json"], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["added"] == ["kapot-fm"]
    assert [w["path"] for w in result["warnings"]] == ["kapot-fm.md"]
    assert "front matter" in result["warnings"][0]["warning"]
    assert {"path": ".verborgen.txt", "reason": "hidden file"} in result["skipped"]

    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "skipped .verborgen.txt: hidden file" in out.stdout
    assert "warning kapot-fm.md: front matter" in out.stdout


def test_a_new_file_does_not_take_the_doc_id_of_an_indexed_one(tmp_path, embedder):
    """bericht.md sorts before bericht.txt, but bericht.txt was there first and keeps it."""
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "bericht.txt").write_text(BERICHT)
    settings = make_settings(tmp_path / "data")
    assert ingest(folder, settings, embedder=embedder, progress=False).added == ["bericht"]
    (folder / "bericht.md").write_text("Een nieuwer bericht over de open dag.")
    summary = ingest(folder, settings, embedder=embedder, progress=False)
    assert summary.unchanged == ["bericht"] and not summary.updated
    assert "bericht.txt" in _reasons(summary)["bericht.md"]
