"""`lob inspect FILE`: what the assistant read in a file, as a user runs it (a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

LOB = [sys.executable, "-m", "assistant.cli", "inspect"]

TEXT = """---
title: Stappenplan
doc_type: handreiking
---
Stappenplan keuzegesprek

Zo bereid je het gesprek voor:
1. Lees het portfolio.
2. Noteer drie vragen.

Het gesprek duurt twintig minuten. Plan het ruim voor de keuzedeadline.
"""


def _inspect(path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [*LOB, str(path), *args], env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )


def test_inspect_json_lists_the_blocks_with_exact_spans(tmp_path):
    f = tmp_path / "stappenplan.txt"
    f.write_text(TEXT, encoding="utf-8")
    out = _inspect(f, "--json")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["doc_id"] == "stappenplan" and got["title"] == "Stappenplan"
    kinds = [(b["type"], b["text"]) for b in got["blocks"]]
    assert kinds == [
        ("heading", "Stappenplan keuzegesprek"),
        ("paragraph", "Zo bereid je het gesprek voor:"),
        ("list_item", "1. Lees het portfolio."),
        ("list_item", "2. Noteer drie vragen."),
        ("paragraph", "Het gesprek duurt twintig minuten. Plan het ruim voor de keuzedeadline."),
    ]
    assert {b["section"] for b in got["blocks"][1:]} == {"Stappenplan keuzegesprek"}
    body = TEXT.split("---\n", 2)[2]
    for b in got["blocks"]:
        assert body[b["start"] : b["end"]] == b["text"]


def test_inspect_prints_one_line_per_block(tmp_path):
    f = tmp_path / "stappenplan.txt"
    f.write_text(TEXT, encoding="utf-8")
    out = _inspect(f)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("Stappenplan — 5 blocks")
    assert any(line.startswith("list_item") and "2. Noteer drie vragen." in line for line in lines)


def test_inspect_a_broken_file_is_one_error_line(tmp_path):
    f = tmp_path / "kapot.docx"
    f.write_bytes(b"geen zip")
    out = _inspect(f)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "kapot.docx" in out.stderr


def test_inspect_a_multi_page_pdf_reads_as_its_author_wrote_it(tmp_path):
    """Issue 14's check as a user makes it: whole paragraphs, no running header or page
    number, bullets with their items, the table as rows, pages on the blocks."""
    from formats.test_pdf import _handreiking

    f = tmp_path / "handreiking.pdf"
    f.write_bytes(_handreiking())
    out = _inspect(f, "--json")
    assert out.returncode == 0, out.stderr
    blocks = json.loads(out.stdout)["blocks"]
    texts = [b["text"] for b in blocks]
    assert not any("pagina" in t or "concept" in t for t in texts)
    assert "Scholen werken aan een doorlopende loopbaanbegeleiding. Een goed LOB-programma " \
           "bevat gesprekken, opdrachten en een portfolio." in texts
    assert "• een stage in het derde jaar" in texts and "2. Voer het gesprek." in texts
    table = next(b for b in blocks if b["type"] == "table")
    assert table["text"].split("\n")[2:] == ["vmbo\t120\t63%", "havo\t80\t51%", "mbo\t45\t38%"]
    assert [b["page"] for b in blocks][0] == 1 and table["page"] == 3
    human = _inspect(f).stdout
    assert "vmbo | 120 | 63%" in human
