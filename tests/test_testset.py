"""The shipped evaluation set is valid and covers what it promises; the validator catches errors."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from eval.testset import (  # noqa: E402
    TAG_VOCABULARY,
    TestItem,
    TestSetError,
    corpus_texts,
    document_texts,
    load_testset,
    main,
    strip_front_matter,
    texts_for,
    validate,
)

TESTSET = PROJECT_ROOT / "eval" / "testset.jsonl"
CORPUS = PROJECT_ROOT / "corpus"
DOC_IDS = {
    "beleidsontwikkelingen",
    "expertisepunt-praktijk-en-ondersteuning",
    "ministerie-blijft-investeren-in-loopbaanbegeleiding",
    "nazorg-en-lob",
    "twaalf-scholen-lob-gelijke-kansen",
}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return corpus_texts(CORPUS)


@pytest.fixture(scope="module")
def items() -> list[TestItem]:
    return load_testset(TESTSET)


def _tag_count(items: list[TestItem], tag: str) -> int:
    return sum(1 for it in items if tag in it.tags)


def _good(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": "x-01",
        "q": "Wie betaalt het Expertisepunt LOB VO-MBO?",
        "history": [],
        "evidence": ["wordt gefinancierd door het ministerie van OCW"],
        "facts": ["ministerie van OCW"],
        "answerable": True,
        "lang": "nl",
        "tags": ["who", "expertisepunt-praktijk-en-ondersteuning"],
    }
    row.update(overrides)
    return row


def _write(tmp_path: Path, rows: list[Any]) -> Path:
    path = tmp_path / "set.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ the shipped set


def test_corpus_texts_strip_front_matter(texts: dict[str, str]) -> None:
    assert set(texts) == DOC_IDS
    for doc_id, text in texts.items():
        assert not text.startswith("---"), doc_id
        assert "publisher:" not in text, doc_id
    assert texts["nazorg-en-lob"].startswith("Expertisepunt LOB\n")


def test_shipped_set_loads_and_validates(items: list[TestItem], texts: dict[str, str]) -> None:
    assert validate(items, texts) == []
    assert main([str(TESTSET)]) == 0


def test_shipped_set_file_is_exact_json(items: list[TestItem]) -> None:
    lines = TESTSET.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(items)
    for line, item in zip(lines, items, strict=True):
        assert json.loads(line) == item.to_json()
        assert "\\u" not in line  # written with ensure_ascii=False


def test_coverage_counts(items: list[TestItem]) -> None:
    assert len(items) >= 90
    assert _tag_count(items, "followup") >= 12
    assert _tag_count(items, "paraphrase") >= 15
    assert _tag_count(items, "abbreviation") >= 12
    assert sum(1 for it in items if it.lang == "en") >= 8
    assert _tag_count(items, "english") >= 8
    unanswerable = [it for it in items if not it.answerable]
    assert len(unanswerable) >= 16
    assert _tag_count(unanswerable, "near-miss") >= 12
    assert _tag_count(unanswerable, "out-of-domain") >= 2
    for tag in ("name", "date", "number", "list", "definition"):
        assert _tag_count([it for it in items if it.answerable], tag) >= 3, tag
    # the question words vary
    for tag in ("who", "what", "when", "why", "how"):
        assert _tag_count(items, tag) >= 3, tag


def test_every_document_has_ten_answerable_questions(
    items: list[TestItem], texts: dict[str, str]
) -> None:
    per_doc = Counter(t for it in items if it.answerable for t in it.tags if t in DOC_IDS)
    assert set(per_doc) == DOC_IDS
    for doc_id in DOC_IDS:
        assert per_doc[doc_id] >= 10, (doc_id, per_doc[doc_id])
    # and the tag is honest: the document really holds that item's evidence
    for it in items:
        if it.answerable:
            tagged = [t for t in it.tags if t in DOC_IDS]
            assert any(ev in texts[d] for d in tagged for ev in it.evidence), it.id


def test_followups_have_short_history_and_need_it(items: list[TestItem]) -> None:
    followups = [it for it in items if "followup" in it.tags]
    assert all(1 <= len(it.history) <= 2 for it in followups)
    assert any(len(it.history) == 2 for it in followups)
    assert all(it.history == () for it in items if "followup" not in it.tags)


def test_required_followup_pair(items: list[TestItem]) -> None:
    matches = [
        it
        for it in items
        if it.history == ("Welke scholen doen mee aan LOB – Gelijke Kansen?",)
        and it.q == "Wie betaalt dat?"
    ]
    assert len(matches) == 1
    assert any("ministerie van OCW" in f for f in matches[0].facts)


def test_english_items_keep_dutch_evidence(items: list[TestItem], texts: dict[str, str]) -> None:
    english = [it for it in items if it.lang == "en" and it.answerable]
    assert len(english) >= 8
    for it in english:
        assert any(ev in t for ev in it.evidence for t in texts.values()), it.id


def test_ids_unique_and_questions_unique(items: list[TestItem]) -> None:
    assert len({it.id for it in items}) == len(items)
    keys = [(it.history, it.q) for it in items]
    assert len(set(keys)) == len(keys)


# ------------------------------------------------------------------ the loader catches bad lines


def test_loader_reads_a_good_file(tmp_path: Path) -> None:
    loaded = load_testset(_write(tmp_path, [_good(), _good(id="x-02")]))
    assert [it.id for it in loaded] == ["x-01", "x-02"]
    assert loaded[0].evidence == ("wordt gefinancierd door het ministerie van OCW",)


def test_loader_reports_missing_key(tmp_path: Path) -> None:
    bad = _good(id="x-02")
    del bad["facts"]
    with pytest.raises(TestSetError, match=r"line 2: .*missing key.*facts"):
        load_testset(_write(tmp_path, [_good(), bad]))


def test_loader_reports_unexpected_key(tmp_path: Path) -> None:
    with pytest.raises(TestSetError, match=r"line 1: .*unexpected key.*answer"):
        load_testset(_write(tmp_path, [_good(answer="OCW")]))


@pytest.mark.parametrize(
    ("override", "pattern"),
    [
        ({"answerable": "yes"}, "'answerable' must be bool"),
        ({"answerable": 1}, "'answerable' must be bool"),
        ({"history": "Welke scholen?"}, "'history' must be list"),
        ({"facts": ["OCW", 3]}, r"facts\[1\] must be str"),
        ({"id": 7}, "'id' must be str"),
        ({"q": ""}, "'q' is empty"),
        ({"lang": "de"}, "'lang' must be one of"),
    ],
)
def test_loader_reports_wrong_types(
    tmp_path: Path, override: dict[str, Any], pattern: str
) -> None:
    with pytest.raises(TestSetError, match=rf"line 3: .*{pattern}"):
        third = {"id": "x-03", **override}
        load_testset(_write(tmp_path, [_good(), _good(id="x-02"), _good(**third)]))


def test_loader_reports_duplicate_id(tmp_path: Path) -> None:
    with pytest.raises(TestSetError, match=r"line 3: duplicate id 'x-01' \(first on line 1\)"):
        load_testset(_write(tmp_path, [_good(), _good(id="x-02"), _good()]))


def test_loader_reports_invalid_json_and_non_objects(tmp_path: Path) -> None:
    with pytest.raises(TestSetError, match=r"line 2: invalid JSON"):
        load_testset(_write(tmp_path, [_good(), '{"id": "x-02",']))
    with pytest.raises(TestSetError, match=r"line 1: expected a JSON object"):
        load_testset(_write(tmp_path, ['["x-01"]']))
    with pytest.raises(TestSetError, match=r"line 2: empty line"):
        load_testset(_write(tmp_path, [_good(), "", _good(id="x-02")]))


# ------------------------------------------------------------------ the validator catches bad items


def _item(**overrides: Any) -> TestItem:
    row = _good(**overrides)
    for key in ("history", "evidence", "facts", "tags"):
        row[key] = tuple(row[key])
    return TestItem(**row)


def test_validator_accepts_a_good_item(texts: dict[str, str]) -> None:
    assert validate([_item()], texts) == []


def test_validator_catches_evidence_not_in_corpus(texts: dict[str, str]) -> None:
    bad = _item(evidence=("wordt gefinancierd door het ministerie van SZW",))
    problems = validate([bad], texts)
    assert any("x-01" in p and "evidence not in any document" in p for p in problems)


def test_validator_is_exact_about_evidence_characters(texts: dict[str, str]) -> None:
    # the document has curly quotes and an en dash; straight ones are not the same text
    ok = _item(
        evidence=("Het project ‘LOB – Gelijke Kansen’ is op 1 juli 2017",),
        facts=("1 juli 2017",),
        tags=("date", "twaalf-scholen-lob-gelijke-kansen"),
    )
    assert validate([ok], texts) == []
    bad = _item(
        evidence=("Het project 'LOB - Gelijke Kansen' is op 1 juli 2017",),
        facts=("1 juli 2017",),
        tags=("date", "twaalf-scholen-lob-gelijke-kansen"),
    )
    assert validate([bad], texts)


def test_validator_catches_fact_outside_evidence_document(texts: dict[str, str]) -> None:
    # "Deltion College" is in the corpus, but not in the document that holds this evidence
    problems = validate([_item(facts=("ministerie van OCW", "Deltion College"))], texts)
    assert any("Deltion College" in p for p in problems)
    # facts are matched case-insensitively
    assert validate([_item(facts=("MINISTERIE VAN ocw",))], texts) == []


def test_validator_catches_evidence_length_and_newlines(texts: dict[str, str]) -> None:
    assert validate([_item(evidence=("van OCW",))], texts)
    two_lines = "Voor meer informatie kunnen scholen terecht bij Marleen van de Wiel"
    assert validate([_item(evidence=(two_lines + "\nStimulering",))], texts)


def test_validator_checks_answerable_consistency(texts: dict[str, str]) -> None:
    assert validate([_item(evidence=())], texts)
    assert validate([_item(facts=())], texts)
    unanswerable = _item(answerable=False, tags=("unanswerable", "near-miss"))
    assert any("unanswerable item has evidence" in p for p in validate([unanswerable], texts))
    clean = _item(answerable=False, evidence=(), facts=(), tags=("unanswerable", "near-miss"))
    assert validate([clean], texts) == []


def test_validator_checks_followups_and_tags(texts: dict[str, str]) -> None:
    no_history = _item(tags=("followup", "expertisepunt-praktijk-en-ondersteuning"))
    assert any("empty history" in p for p in validate([no_history], texts))
    untagged_history = _item(history=("Wie is de projectleider?",))
    assert validate([untagged_history], texts)
    unknown_tag = _item(tags=("who", "expertisepunt-praktijk-en-ondersteuning", "tricky"))
    assert any("unknown tag 'tricky'" in p for p in validate([unknown_tag], texts))
    assert validate([_item(lang="en")], texts)  # English without the 'english' tag
    assert validate([_item(tags=("who", "nazorg-en-lob"))], texts)  # evidence is in another doc
    assert validate([_item(), _item()], texts)  # duplicate id


def test_strip_front_matter_variants() -> None:
    doc = "---\ntitle: x\ndate: ''\n---\nTekst\n---\nmeer"
    assert strip_front_matter(doc) == "Tekst\n---\nmeer"
    assert strip_front_matter("---\n---\nTekst") == "Tekst"
    assert strip_front_matter("Geen front matter\n---\n") == "Geen front matter\n---\n"


def test_corpus_texts_on_a_tmp_corpus(tmp_path: Path) -> None:
    (tmp_path / "doc-a.txt").write_text('---\ntitle: "A"\n---\nHallo LOB.\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("genegeerd", encoding="utf-8")
    assert corpus_texts(tmp_path) == {"doc-a": "Hallo LOB.\n"}


def test_main_reports_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, [_good(evidence=["deze zin staat niet in het corpus, echt niet"])])
    assert main([str(bad), "--corpus", str(CORPUS)]) == 1
    assert "evidence not in any document" in capsys.readouterr().out
    broken = _write(tmp_path, [_good(), "{"])
    assert main([str(broken)]) == 1
    assert "line 2" in capsys.readouterr().err


# ------------------------------------------------------------------ the development corpus

DEV = PROJECT_ROOT / "eval" / "devcorpus"
DEV_DOCS = DEV / "docs"
DEV_KINDS = ("handreiking", "opdracht", "factsheet", "faq", "beleid", "nieuws")
DEV_FORMATS = (".txt", ".md", ".html", ".pdf", ".docx")


@pytest.fixture(scope="module")
def dev_texts() -> dict[str, str]:
    return texts_for(DEV_DOCS)


@pytest.fixture(scope="module")
def dev_split() -> dict[str, list[str]]:
    return json.loads((DEV / "split.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev_folds() -> dict[str, list[TestItem]]:
    return {fold: load_testset(DEV / f"{fold}.jsonl") for fold in ("tuning", "heldout")}


def _suffix(doc_id: str) -> str:
    return next(p.suffix for p in DEV_DOCS.glob(f"{doc_id}.*"))


def test_dev_folds_validate_against_the_dev_documents(
    dev_texts: dict[str, str], dev_folds: dict[str, list[TestItem]]
) -> None:
    # every format is read through the loaders, as `lob ingest eval/devcorpus/docs` reads it
    assert len(dev_texts) >= 20
    assert {_suffix(d) for d in dev_texts} == set(DEV_FORMATS)
    for fold, items in dev_folds.items():
        assert validate(items, dev_texts) == [], fold
        assert main([str(DEV / f"{fold}.jsonl"), "--corpus", str(DEV_DOCS)]) == 0


def test_dev_split_is_by_document_and_each_fold_has_every_format_and_kind(
    dev_texts: dict[str, str], dev_split: dict[str, list[str]]
) -> None:
    assert set(dev_split) == {"tuning", "heldout"}
    tuning, heldout = set(dev_split["tuning"]), set(dev_split["heldout"])
    assert not tuning & heldout
    assert tuning | heldout == set(dev_texts)
    assert 0.5 <= len(tuning) / len(dev_texts) <= 0.7
    for fold in (tuning, heldout):
        assert {_suffix(d) for d in fold} == set(DEV_FORMATS)
        assert {k for d in fold for k in DEV_KINDS if d.startswith(k)} == set(DEV_KINDS)
        assert all(sum(_suffix(d) == f for d in fold) >= 1 for f in DEV_FORMATS)


def test_no_dev_question_is_about_a_document_of_the_other_fold(
    dev_split: dict[str, list[str]], dev_folds: dict[str, list[TestItem]]
) -> None:
    every = set(dev_split["tuning"]) | set(dev_split["heldout"])
    for fold, items in dev_folds.items():
        other = every - set(dev_split[fold])
        for it in items:
            docs = {t for t in it.tags if t in every}
            assert not docs & other, (fold, it.id)
            # a question without a document is out of domain
            assert docs or "out-of-domain" in it.tags, it.id


def test_dev_questions_cover_the_kinds(dev_folds: dict[str, list[TestItem]]) -> None:
    everything = [it for items in dev_folds.values() for it in items]
    assert len(everything) >= 300
    assert len({it.id for it in everything}) == len(everything)
    for fold, items in dev_folds.items():
        unanswerable = [it for it in items if not it.answerable]
        assert len(unanswerable) / len(items) >= 0.15, fold
        assert _tag_count(unanswerable, "near-miss") >= 10, fold
        # the documents issue: questions that need a table, an FAQ answer or a PDF paragraph
        needs_structure = [
            it for it in items if it.answerable and {"table", "faq", "pdf"} & set(it.tags)
        ]
        assert len(needs_structure) >= 15, fold
        for tag in ("table", "faq", "pdf", "steps", "followup", "paraphrase", "english",
                    "duration", "count", "percentage", "amount", "list", "definition",
                    "who", "when"):
            assert _tag_count(items, tag) >= 2, (fold, tag)
    assert all(t in TAG_VOCABULARY for t in ("duration", "count", "percentage", "amount",
                                             "steps", "table", "faq", "pdf"))


def test_dev_files_are_exact_json(dev_folds: dict[str, list[TestItem]]) -> None:
    for fold, items in dev_folds.items():
        lines = (DEV / f"{fold}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == [it.to_json() for it in items]


def test_document_texts_reads_every_format_like_ingest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\ntitle: A\n---\nHallo LOB.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("# Kop\n\nDe **decaan** helpt.\n", encoding="utf-8")
    (tmp_path / "sub" / "b.md.meta.yaml").write_text("title: B\n", encoding="utf-8")
    (tmp_path / ".verborgen.txt").write_text("niet lezen", encoding="utf-8")
    (tmp_path / "notities.odt").write_text("geen document", encoding="utf-8")
    texts = document_texts(tmp_path)
    assert set(texts) == {"a", "sub/b"}
    assert texts["a"].strip() == "Hallo LOB."
    assert "De decaan helpt." in texts["sub/b"]  # the stored text, without Markdown syntax
    # a folder with another format than .txt is read through the loaders
    assert texts_for(tmp_path) == texts
    # a folder of .txt files only keeps the plain reading of the bundled corpus
    assert texts_for(CORPUS) == corpus_texts(CORPUS)


def test_validator_folds_whitespace_in_the_stored_text() -> None:
    # a PDF line end or a table cell break inside evidence is a space, as eval.metrics folds it
    texts = {"doc": "Een gesprek duurt in de regel\n15 tot 20\tminuten."}
    item = _item(
        evidence=("Een gesprek duurt in de regel 15 tot 20 minuten.",),
        facts=("15 tot 20",),
        tags=("who", "doc"),
    )
    assert validate([item], texts) == []
