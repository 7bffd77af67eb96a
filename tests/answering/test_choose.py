"""Stage 4: the best unit with what it needs to stand alone, runners-up only when they
answer too and say something new, the focused passage when nothing is confident."""

import numpy as np

from answering.helpers import ITEMS, LEAD, PARA, passage
from assistant.answering.candidates import candidates
from assistant.answering.choose import choose
from assistant.answering.params import DEFAULTS
from assistant.retrieval import Passage
from core.blocks import Block

P = {**DEFAULTS, "runner_up": 0.5, "focus": 0.0, "max_runner_ups": 2}


def _probs(cands, **by_text):
    p = np.full(len(cands), 0.01)
    for i, c in enumerate(cands):
        for start, v in by_text.items():
            if c.text.startswith(start.replace("_", " ")):
                p[i] = v
    return p


def test_a_list_item_brings_its_lead_in_and_whole_list():
    cands = candidates([passage()], 5)
    p = _probs(cands, **{"2._Voer": 0.9})
    assert [c.text for c in choose(cands, p, P)] == [LEAD, *ITEMS]


def test_a_sentence_that_points_back_brings_the_one_before():
    cands = candidates([passage()], 5)
    p = _probs(cands, Dit=0.9)
    assert " ".join(c.text for c in choose(cands, p, P)) == PARA


def test_runner_up_only_above_its_threshold_and_never_a_repeat():
    cands = candidates([passage(0), passage(1)], 5)
    p = _probs(cands, Deelname=0.9, Je_betaalt=0.4)
    got = [c.text for c in choose(cands, p, P)]
    # The same sentence in the second document is a repeat; "Je betaalt" is below 0.5.
    assert got == ["Deelname is gratis voor scholen."]
    p = _probs(cands, Deelname=0.9, Je_betaalt=0.6)
    got = [c.text for c in choose(cands, p, P)]
    assert got == ["Deelname is gratis voor scholen.", "Je betaalt alleen de reiskosten."]


def test_nothing_confident_quotes_the_focused_part_of_the_passage():
    cands = candidates([passage()], 5)
    p = _probs(cands, Deelname=0.3)
    assert len(choose(cands, p, P)) == 1
    got = [c.text for c in choose(cands, p, {**P, "focus": 0.4})]
    assert got == ["3. Leg de afspraak vast.", "Deelname is gratis voor scholen.",
                   "Je betaalt alleen de reiskosten."]


def test_the_best_unit_comes_first_even_when_a_runner_up_stands_before_it():
    # The answer ("gratis") stands after the training's length in the passage; a runner-up
    # from earlier in the same passage follows it instead of opening the answer.
    cands = candidates([passage()], 5)
    p = _probs(cands, Deelname=0.9, De_training=0.6)
    got = [c.text for c in choose(cands, p, P)]
    assert got[0] == "Deelname is gratis voor scholen."
    assert "De training duurt twee dagdelen." in got[1:]


def _steps_passage(rank: int, lines: list[tuple[str, tuple[str, ...]]]) -> Passage:
    """A passage of one procedure's document: (text, heading path) per paragraph."""
    parts, blocks, pos = [], [], 0
    for text, section in lines:
        if parts:
            parts.append("\n\n")
            pos += 2
        blocks.append(Block("paragraph", pos, pos + len(text), section=section))
        parts.append(text)
        pos += len(text)
    text = "".join(parts)
    return Passage(
        chunk_id=f"s{rank}", doc_id="opdracht", title="Opdracht", doc_type="opdracht",
        section=" > ".join(lines[0][1]), page=None, start=0, end=len(text), score=1.0,
        text=text, dense_rank=rank + 1, bm25_rank=rank + 1, blocks=blocks,
    )


def test_all_steps_of_a_procedure_with_numbered_titles_are_its_titles_in_order():
    # Titles as lines of their own ("Stap 2: ..."), spread over passages out of order.
    top = ("Opdracht",)
    passages = [
        _steps_passage(0, [("Stap 2: meld je aan\nMeld je drie weken vooraf aan.", top)]),
        _steps_passage(1, [("Stap 1: kies een opleiding\nKies wat je aanspreekt.", top),
                           ("Stap 3: schrijf je verslag\nSchrijf 300 woorden.", top)]),
    ]
    cands = candidates(passages, 5)
    p = _probs(cands, Meld=0.9)
    got = [(c.text, c.passage) for c in choose(cands, p, P, all_steps=True)]
    assert got == [("Stap 1: kies een opleiding", 1), ("Stap 2: meld je aan", 0),
                   ("Stap 3: schrijf je verslag", 1)]
    # One step asked ("hoe meld ik me aan?"): the unit that answers it, not the procedure.
    assert choose(cands, p, P)[0].text == "Meld je drie weken vooraf aan."


def test_step_titles_may_be_the_headings_the_units_stand_under():
    passages = [_steps_passage(0, [("Vertel welk bedrijf de klas bezoekt.",
                                    ("Handleiding", "Werkwijze", "Les 1: voorbereiden")),
                                   ("De groepjes zoeken antwoorden.",
                                    ("Handleiding", "Werkwijze", "Les 2: de speurtocht"))])]
    cands = candidates(passages, 5)
    p = _probs(cands, Vertel=0.9)
    got = [c.text for c in choose(cands, p, P, all_steps=True)]
    assert got == ["Les 1: voorbereiden", "Les 2: de speurtocht"]
    # A single numbered title is no procedure: the usual answer.
    cands = candidates(passages[:1], 5)[:1]
    assert [c.text for c in choose(cands, _probs(cands, Vertel=0.9), P, all_steps=True)] == [
        "Vertel welk bedrijf de klas bezoekt."]
