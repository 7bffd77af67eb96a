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
