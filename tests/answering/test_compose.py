"""Stage 6: the chosen units as the Draft the Assistant numbers and cites."""

from answering.helpers import passage
from assistant.answering.candidates import candidates
from assistant.answering.compose import Draft, compose


def test_compose_keeps_text_and_passage_of_each_unit():
    cands = candidates([passage(0), passage(1)], 5)
    chosen = [cands[0], cands[-1]]
    d = compose(chosen, True, {"kind": None})
    assert isinstance(d, Draft) and d.answerable and d.signals == {"kind": None}
    assert d.sentences == [(cands[0].text, 0), (cands[-1].text, 1)]


def test_compose_says_where_each_unit_stands_and_a_step_heading_nowhere():
    from assistant.answering.candidates import Candidate
    from core.sentences import Unit

    p = passage(0)
    cands = candidates([p], 5)
    heading = Candidate(Unit(0, -1, -1, "item", "Stap 1: kies"), -1, -1, 1, "t", "Stap 1: kies")
    d = compose([*cands, heading], True, {})
    assert d.spans[-1] is None
    for (text, _), (start, end) in zip(d.sentences, d.spans[:-1]):
        # The Assistant marks this span in the source view: it is the quoted unit.
        assert " ".join(p.text[start:end].split()) == text
