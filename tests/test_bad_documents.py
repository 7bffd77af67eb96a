"""A folder of real-world bad files: each is reported with its reason, the rest ingests."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from conftest import CORPUS, make_settings

from core.index import IndexStore
from ingest.pipeline import ingest


def _pdf(text: str | None, encrypt: bool = False) -> bytes:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    else:
        pdf.rect(20, 20, 50, 50)  # a page with only a drawing: no text layer
    data = bytes(pdf.output())
    if not encrypt:
        return data
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.encrypt("geheim")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))  # 30 MB of zeros
    return buf.getvalue()


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("messy")
    shutil.copy(CORPUS / "nazorg-en-lob.txt", folder / "nazorg-en-lob.txt")
    shutil.copy(CORPUS / "nazorg-en-lob.txt", folder / "kopie-van-nazorg.txt")
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "rommel.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "windows.txt").write_bytes(
        "Loopbaanoriëntatie in het vmbo: één gesprek per jaar met de decaan.".encode("cp1252")
    )
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage \x00\x01")
    (folder / "versleuteld.pdf").write_bytes(_pdf("Geheime LOB notitie", encrypt=True))
    (folder / "scan.pdf").write_bytes(_pdf(None))
    (folder / "goed.pdf").write_bytes(_pdf("Het LOB-portfolio helpt studenten in het mbo."))
    (folder / "geen-zip.docx").write_bytes(b"this is not a zip file at all")
    (folder / "bom.docx").write_bytes(_zip_bomb())
    with open(folder / "enorm.txt", "wb") as fh:  # 200 MB, sparse: costs no disk
        fh.truncate(200 * 1024 * 1024)
    return folder


@pytest.fixture(scope="module")
def summary(messy, tmp_path_factory, embedder):
    settings = make_settings(tmp_path_factory.mktemp("messy-data"), max_file_mb=1)
    result = ingest(messy, settings, embedder=embedder, progress=False)
    return settings, result


@pytest.mark.parametrize(
    "name, words",
    [
        ("leeg.txt", ["empty"]),
        ("rommel.txt", ["binary"]),
        ("kapot.pdf", ["corrupt"]),
        ("versleuteld.pdf", ["encrypted"]),
        ("scan.pdf", ["no text"]),
        ("geen-zip.docx", ["not a zip"]),
        ("bom.docx", ["zip bomb"]),
        ("enorm.txt", ["too large"]),
    ],
)
def test_each_bad_file_is_skipped_with_its_reason(summary, name, words):
    _, result = summary
    reasons = {s.path: s.reason for s in result.skipped}
    assert name in reasons, reasons
    assert all(w in reasons[name].lower() for w in words), reasons[name]


def test_the_rest_ingests(summary):
    settings, result = summary
    # The same document under two names is indexed once (the first in file order).
    assert sorted(result.added) == ["goed", "kopie-van-nazorg", "windows"]
    dup = [s for s in result.skipped if s.path == "nazorg-en-lob.txt"]
    assert dup and "duplicate" in dup[0].reason and "kopie-van-nazorg" in dup[0].reason
    store = IndexStore(settings, "e5")
    text, _ = store.document("windows")
    assert "Loopbaanoriëntatie" in text and "één" in text
    ids = [c.chunk_id for c in store.all_chunks()]
    assert len(ids) == len(set(ids)) == result.chunks_total
    assert sorted(store.load_lexical().chunk_ids) == sorted(ids)
