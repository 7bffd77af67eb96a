"""assistant/staleness.py on the ingested corpus: a cited passage of an older document gets
the nearest passage of a newer document on the same subject, and only that."""

from __future__ import annotations

import json

import pytest
from conftest import PROJECT_ROOT

from assistant.service import LobService
from assistant.staleness import newer_sources
from core.schema import Citation

OLD, NEW = "beleidsontwikkelingen", "nazorg-en-lob"  # the same subsidy, 2021 and 2023


@pytest.fixture(scope="module")
def service(corpus_index, embedder):
    return LobService(corpus_index, embedder=embedder, retention=False)


@pytest.fixture(scope="module")
def cited(service):
    (p,) = service.search("Subsidie Nazorg mbo 2022/2023 aanvragen", 1, doc_ids=[OLD])
    return [Citation.of(p, 1)]


def dates(service) -> dict:
    return {d.doc_id: d.date for d in service.documents()}


def test_a_newer_document_on_the_subject_is_found(service, cited):
    known = dates(service)
    assert known[OLD].startswith("2021") and known[NEW] == "2023"  # dates from ingest
    threshold = service.settings.staleness_min_similarity
    (newer,) = newer_sources(service.store.chunks, cited, known, threshold)
    assert newer.of == 1 and newer.doc_id == NEW
    assert "nazorg" in newer.text.lower() and newer.similarity >= threshold


def test_never_an_older_or_undated_document(service, cited):
    known = dates(service)
    threshold = service.settings.staleness_min_similarity
    assert newer_sources(service.store.chunks, cited, {**known, NEW: "2020"}, threshold) == []
    assert newer_sources(service.store.chunks, cited, {**known, NEW: None}, threshold) == []
    assert newer_sources(service.store.chunks, cited, {**known, OLD: None}, threshold) == []


def test_not_below_the_threshold(service, cited):
    assert newer_sources(service.store.chunks, cited, dates(service), 0.999) == []


def test_the_service_numbers_the_newer_source_and_says_so(service):
    answer = service.ask("Tot wanneer kon je de subsidie Nazorg mbo 2022/2023 aanvragen?")
    sources, notices = service.sources(answer)
    assert answer.answerable and notices, answer.answer
    note = notices[0]
    new = next(s for s in sources if s.n == note.new)
    assert new.doc_id == NEW and new.n == len(answer.citations) + 1
    assert f"[{note.old}]" in note.text and "(2023)" in note.text


STALENESS = [json.loads(line) for line in
             (PROJECT_ROOT / "eval" / "staleness.jsonl").read_text("utf-8").splitlines()
             if line.strip()]


@pytest.mark.parametrize("item", STALENESS, ids=[i["id"] for i in STALENESS])
def test_dev_questions_get_a_notice_exactly_when_a_newer_text_covers_them(service, item):
    # eval/staleness.jsonl: questions whose answer rests on an older text that a newer one
    # covers (a notice, also when the answer cites the newer one already), and questions no
    # newer document speaks of (none).
    answer = service.ask(item["q"])
    sources, notices = service.sources(answer)
    assert bool(notices) == item["notice"], (answer.answer, [n.text for n in notices])
    for note in notices:
        assert {note.old, note.new} <= {s.n for s in sources} and note.old != note.new
