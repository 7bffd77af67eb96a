"""Stage 1: the units of the top passages, with what they stand under."""

from answering.helpers import ANSWER, ITEMS, QUESTION, passage
from assistant.answering.candidates import candidates
from core.blocks import Block


def test_every_block_kind_becomes_its_kind_of_candidate():
    cands = candidates([passage()], limit=5)
    kinds = [c.kind for c in cands]
    assert kinds == ["sentence", "sentence", "leadin", "item", "item", "item", "faq", "faq"]
    assert [c.text for c in cands if c.kind == "item"] == ITEMS
    lead = next(c for c in cands if c.kind == "leadin")
    assert all(c.unit.list_id == lead.unit.list_id for c in cands if c.kind == "item")
    faq = [c for c in cands if c.kind == "faq"]
    assert faq[0].context == QUESTION and " ".join(c.text for c in faq) == ANSWER
    assert cands[0].context == "Handreiking: Werkwijze"  # title and heading path
    assert [c.index for c in cands] == list(range(len(cands)))


def test_only_the_top_passages():
    cands = candidates([passage(0), passage(1), passage(2)], limit=2)
    assert {c.passage for c in cands} == {0, 1}


def test_bullets_inside_an_faq_answer_are_one_list_with_its_lead_in():
    text = "Wat moet erin?\nHet dossier bevat:\n• een actueel cv;\n• twee reflecties."
    block = Block("qa", 0, len(text), question_end=len("Wat moet erin?"))
    from assistant.retrieval import Passage

    p = Passage("c", "d", "T", "faq", None, None, 0, len(text), 1.0, text, blocks=[block])
    cands = candidates([p], limit=1)
    assert [c.kind for c in cands] == ["leadin", "item", "item"]
    assert len({c.unit.list_id for c in cands}) == 1
