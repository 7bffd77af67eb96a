"""The answer contract on every dev question, follow-up rewriting, refusals, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import PROJECT_ROOT

from assistant.answer import Assistant, _join
from assistant.followup import is_followup, retrieval_query
from eval.testset import load_testset

ITEMS = load_testset(PROJECT_ROOT / "eval" / "testset.jsonl")


@pytest.fixture(scope="module")
def results(corpus_index, retriever):
    assistant = Assistant(corpus_index, retriever=retriever)
    return assistant, {it.id: assistant.ask(it.q, list(it.history)).to_dict() for it in ITEMS}


def test_contract_holds_on_every_dev_question(results):
    assistant, out = results
    texts: dict[str, str] = {}
    for it in ITEMS:
        r = out[it.id]
        assert set(r) == {
            "answer", "answerable", "query", "citations", "timings_ms", "generator", "guard"
        }
        assert r["generator"] == "extractive" and r["guard"] is None
        assert isinstance(r["answer"], str) and r["answer"]
        assert isinstance(r["answerable"], bool)
        assert set(r["timings_ms"]) == {"retrieve", "answer"}
        numbers = {c["n"] for c in r["citations"]}
        assert numbers == set(range(1, len(r["citations"]) + 1))
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", r["answer"])}
        assert cited <= numbers, (it.id, r["answer"])
        if r["answerable"]:
            # Every sentence (or list item) ends with a citation.
            for line in r["answer"].split("\n"):
                assert re.search(r"\[\d+\]$", line.strip()), (it.id, line)
        for c in r["citations"]:
            if c["doc_id"] not in texts:
                texts[c["doc_id"]] = assistant.retriever.store.document(c["doc_id"])[0]
            assert texts[c["doc_id"]][c["start"] : c["end"]] == c["text"]
            # The quoted units the source view marks stand in the cited passage.
            assert all(c["start"] <= a < b <= c["end"] for a, b in c["quotes"]), c
        if r["answerable"]:
            assert any(c["quotes"] for c in r["citations"]), it.id


def test_quality_floors(results):
    """Floors on the original test set: facts in the answer, answer what can be answered,
    refuse what cannot. Fact recall is the CI gate's (Makefile `eval`); the refusal floor is
    the learned answerer's level (13 of 22, 0.591), below the 0.9 the hand-tuned rules
    reached on these very questions they were tuned on (issue 15: such numbers are not
    evidence; on new documents the learned answerer refuses better, eval/devcorpus's held-out
    and fresh folds). It was 0.682 (15 of 22) before English questions got a refusal
    threshold of their own (eval/train.py: _language_thresholds), which lets two English
    near misses here through and, cross-validated by document over the 764 development
    questions, refuses 3.5% of the answerable English ones instead of 10-13% at a slightly
    higher refusal recall overall (0.62 -> 0.63). The floor catches the loss of one more."""
    _, out = results
    answerable = [it for it in ITEMS if it.answerable]
    unanswerable = [it for it in ITEMS if not it.answerable]
    fact_hits = sum(
        all(f.lower() in out[it.id]["answer"].lower() for f in it.facts) for it in answerable
    )
    answered = sum(out[it.id]["answerable"] for it in answerable)
    refused = sum(not out[it.id]["answerable"] for it in unanswerable)
    fr = fact_hits / len(answerable)
    ar, rr = answered / len(answerable), refused / len(unanswerable)
    print(f"\nfact recall {fr:.3f}  answered {ar:.3f}  refused unanswerable {rr:.3f}")
    assert fr >= 0.88 and ar >= 0.95 and rr >= 0.59


@pytest.mark.parametrize("tag, floor", [("followup", 0.75), ("english", 0.7)])
def test_followups_and_english_get_their_facts(results, tag, floor):
    _, out = results
    items = [it for it in ITEMS if it.answerable and tag in it.tags]
    assert len(items) >= (10 if tag == "followup" else 5)
    hits = sum(all(f.lower() in out[it.id]["answer"].lower() for f in it.facts) for it in items)
    print(f"\n{tag}: {hits}/{len(items)} with all facts")
    assert hits / len(items) >= floor


@pytest.mark.xfail(strict=True, reason=(
    "issue 15: the learned answerer does not yet read 'betaalt' as 'heeft gelden beschikbaar "
    "gesteld' (the hand-made concept list that did is gone); strict: remove this mark when it "
    "passes"))
def test_headline_followup(results):
    assistant, _ = results
    r = assistant.ask("Wie betaalt dat?", ["Welke scholen doen mee aan LOB – Gelijke Kansen?"])
    assert r.answerable and "ministerie van OCW" in r.answer
    assert "Gelijke Kansen" in r.query


def test_a_followup_encodes_each_query_text_once(results, embedder, monkeypatch):
    """A follow-up embeds its query (with the topic) and its question, and for its topic the
    previous turn's question, each as retrieval embeds it (the answerer reads the same
    vectors): three texts, all started at once in the background, each encoded once,
    whichever thread asks for it first."""
    assistant, _ = results
    real = embedder._encode_query
    encoded: list[str] = []
    monkeypatch.setattr(embedder, "_encode_query", lambda t: encoded.append(t) or real(t))
    previous = "Welke scholen doen mee aan LOB – Gelijke Kansen?"
    question = "En wie betaalt dat project?"
    embedder.forget_queries()
    r = assistant.ask(question, [previous])
    dense = assistant.retriever.dense_text
    wanted = {dense(r.query), dense(question), dense(previous)}
    assert len(wanted) == 3
    assert sorted(encoded) == sorted(wanted)


@pytest.mark.parametrize("mode", ["text", "vector"])
def test_a_question_with_an_abbreviation_is_one_encode(corpus_index, embedder, monkeypatch,
                                                       mode):
    """Retrieval's dense query spells the abbreviation out, in the text ("text") or by
    adding its expansions' vectors to the question's ("vector", core/expansions.py); either
    way the answerer reads that same vector, so the question is encoded once."""
    from assistant.retrieval import Retriever
    from core.text import spell_out

    settings = corpus_index.model_copy(update={"dense_spell_out": mode})
    assistant = Assistant(settings, retriever=Retriever(settings, embedder=embedder))
    question = "Wat doet de school tegen VSV?"
    assistant.ask(question)  # the expansions' vectors are made once, not per question
    real = embedder._encode_query
    encoded: list[str] = []
    monkeypatch.setattr(embedder, "_encode_query", lambda t: encoded.append(t) or real(t))
    embedder.forget_queries()
    r = assistant.ask(question)
    assert encoded == [spell_out(question) if mode == "text" else question]
    assert spell_out(question) != question
    assert any("voortijdig" in c.text.lower() for c in r.citations)


def test_out_of_domain_is_refused_in_plain_dutch(results):
    assistant, _ = results
    r = assistant.ask("Wat is de beste pizzeria in Utrecht?")
    assert r.answerable is False and "niet beantwoorden" in r.answer
    assert len(r.citations) <= 2


FOLLOWUPS = [
    ("Welke scholen doen mee aan LOB – Gelijke Kansen?", "Wie betaalt dat?"),
    ("Wat is het Kennispunt GKDI?", "Hoe lang loopt het?"),
    ("Wat doet LOWAN?", "Werkt die organisatie ook samen met het Expertisepunt?"),
    ("Wat is de Subsidieregeling nazorg mbo?", "En tot wanneer is die verlengd?"),
    ("Wie is projectleider van het Expertisepunt LOB VO-MBO?", "Hoe kan ik haar bereiken?"),
    ("Wat is de Online Leergang LOB?", "Wat heb je aan het eind ervan in handen?"),
    ("Wat is een ISK?", "Waar stromen de leerlingen daarna naartoe?"),
    ("Welke drie actielijnen noemt OCW?", "In welke brief staan ze?"),
    ("What is the Expertisepunt LOB?", "Who funds it?"),
    ("Wat is Sterk Techniekonderwijs?", "En wie doen daaraan mee?"),
    ("Wat is VSV?", "Wat is een startkwalificatie dan?"),
]


@pytest.mark.parametrize("history, question", FOLLOWUPS)
def test_followups_carry_the_topic(history, question):
    assert is_followup(question, [history])
    query = retrieval_query(question, [history])
    assert query.startswith(question) and history in query


def test_standalone_questions_stay_as_they_are():
    q = "Wanneer is het Expertisepunt LOB VO-MBO van start gegaan?"
    assert not is_followup(q, ["Wat is LOB?"])
    assert retrieval_query(q, ["Wat is LOB?"]) == q
    assert retrieval_query("Wie betaalt dat?", []) == "Wie betaalt dat?"


def test_cli_ask_json_and_batch(corpus_index, tmp_path):
    import os

    env = {**os.environ, "LOB_DATA_DIR": str(corpus_index.data_dir), "HF_HUB_OFFLINE": "1"}
    one = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "Wat is een startkwalificatie?", "--json"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert one.returncode == 0, one.stderr
    r = json.loads(one.stdout)
    assert r["answerable"] and "mbo 2" in r["answer"] and r["citations"]

    batch = tmp_path / "b.jsonl"
    batch.write_text(
        '{"q": "Welke scholen doen mee aan LOB – Gelijke Kansen?", "history": []}\n'
        '{"q": "Wat is de beste pizzeria in Utrecht?", "history": []}\n'
    )
    many = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--batch", str(batch), "--json"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert many.returncode == 0, many.stderr
    lines = [json.loads(x) for x in many.stdout.splitlines()]
    assert [x["answerable"] for x in lines] == [True, False]
    assert "Deltion College" in lines[0]["answer"]


def test_list_items_and_step_titles_each_open_a_line():
    parts = ["Neem deze stappen: [1]", "Stap 1: kies een opleiding [1]",
             "Stap 2: meld je aan [2]", "1. Lees het dossier. [1]", "Daarna volgt het gesprek. [1]"]
    assert _join(parts).split("\n") == [
        "Neem deze stappen: [1]", "Stap 1: kies een opleiding [1]", "Stap 2: meld je aan [2]",
        "1. Lees het dossier. [1] Daarna volgt het gesprek. [1]"]


STEPS = ["kies een beroep", "zoek een gastbedrijf", "bereid je vragen voor",
         "loop een dag mee", "schrijf je verslag", "bespreek het met je mentor"]


def test_all_steps_of_a_procedure_come_from_its_whole_document(tmp_path, embedder):
    """Numbered step titles spread over more passages than are retrieved: the answer lists
    them all, in order, each cited to a passage that holds it."""
    from conftest import make_settings

    from assistant.retrieval import Retriever
    from ingest.pipeline import ingest

    body = ("Neem hier de tijd voor en overleg met je mentor als je twijfelt. Schrijf op wat "
            "je doet en waarom, want dat heb je later nodig in je loopbaandossier. ") * 3
    text = "Opdracht: een dag meelopen\n\n" + "\n\n".join(
        f"Stap {n}: {title}\n{body}" for n, title in enumerate(STEPS, start=1))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "opdracht-meelopen.txt").write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path / "d")
    ingest(docs, settings, embedder=embedder, progress=False)
    assistant = Assistant(settings, retriever=Retriever(settings, embedder=embedder))
    answer = assistant.ask("Welke stappen zet ik bij de opdracht een dag meelopen?", k=2)
    assert answer.answerable, answer.answer
    lines = answer.answer.split("\n")
    want = [f"Stap {n}: {title}" for n, title in enumerate(STEPS, start=1)]
    assert [re.sub(r" \[\d+\]$", "", line) for line in lines] == want
    texts = {c.n: c.text for c in answer.citations}
    for line in lines:
        title, n = re.fullmatch(r"(.*) \[(\d+)\]", line).groups()
        assert title in texts[int(n)], (title, n)
    # Two passages were retrieved; the steps stand in more: the rest came from the document.
    assert len(answer.citations) > 2
