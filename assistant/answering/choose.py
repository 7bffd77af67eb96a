"""Stage 4, choose: which units make the answer.

The best unit first, with what it needs to stand alone: a list item brings its lead-in and
its whole list (so a how-to question gets the numbered steps), a unit that starts by pointing
back ("Dit", "Daarmee" ...) brings the sentence before it. A runner-up joins only when its own
probability passes `runner_up` and it says something the answer does not say yet. When no unit
is confident (best below `focus`), the answer is the focused part of the best passage: the
best unit with its neighbours. A question for all the steps of a procedure whose document
gives them as numbered titles ("Stap 1: kies een opleiding", a heading "Les 2: de
speurtocht") gets those titles in order, as a list of steps gets its items."""

from __future__ import annotations

import numpy as np

from assistant.answering.candidates import Candidate
from assistant.answering.vocab import points_back, step_number
from core.sentences import Unit
from core.text import terms


def _same_list(a: Candidate, b: Candidate) -> bool:
    return a.passage == b.passage and a.unit.list_id is not None and (
        a.unit.list_id == b.unit.list_id
    )


def with_context(c: Candidate, cands: list[Candidate], max_list: int) -> list[Candidate]:
    """The unit and what it needs to be read on its own."""
    if c.unit.list_id is not None and c.kind in ("item", "leadin"):
        members = [d for d in cands if _same_list(c, d)]
        items = [d for d in members if d.kind == "item"]
        if len(items) > max_list:  # a very long list: the item and its lead-in only
            members = [d for d in members if d.kind == "leadin" or d is c]
        return members
    out = [c]
    cur = c
    for _ in range(2):
        if not points_back(cur.text) or cur.position == 0:
            break
        prev = cands[cur.index - 1]
        if prev.passage != cur.passage or prev.kind in ("item", "row"):
            break
        out.insert(0, prev)
        cur = prev
    return out


def _tokens(text: str) -> set[str]:
    return set(terms(text, expand=False))


def near_duplicate(text: str, chosen: list[str], overlap: float) -> bool:
    t = _tokens(text)
    if not t:
        return True
    for other in chosen:
        o = _tokens(other)
        if o and len(t & o) / min(len(t), len(o)) >= overlap:
            return True
    return False


def step_titles(best: Candidate, cands: list[Candidate]) -> list[Candidate]:
    """The numbered step titles of the best unit's document among the candidates, one per
    number, in order: lines of their own ("Stap 2: meld je aan") and headings above units
    (made units of the passage they head, quoted as they stand). Fewer than two: none."""
    found: dict[int, Candidate] = {}
    for c in cands:
        if c.doc_id != best.doc_id:
            continue
        n = step_number(c.text)
        if n is not None:
            found.setdefault(n, c)
            continue
        for heading in c.section.split(" > ") if c.section else ():
            n = step_number(heading)
            if n is not None and n not in found:
                unit = Unit(c.passage, -1, -1, "item", heading)
                found[n] = Candidate(unit, -1, -1, c.of, c.title, c.section, c.doc_id)
    return [found[n] for n in sorted(found)] if len(found) >= 2 else []


def is_step_list(chosen: list[Candidate]) -> bool:
    return len(chosen) >= 2 and all(step_number(c.text) is not None for c in chosen)


def choose(
    cands: list[Candidate], p: np.ndarray, params: dict[str, float], all_steps: bool = False
) -> list[Candidate]:
    """`all_steps`: the question asks for the whole procedure (vocab.asks_all_steps)."""
    if not cands:
        return []
    max_list = int(params["max_list_items"])
    order = np.argsort(-p, kind="stable")
    best = cands[order[0]]
    if all_steps and best.kind not in ("item", "leadin"):
        steps = step_titles(best, cands)
        if steps:
            return steps
    chosen = with_context(best, cands, max_list)
    if p[order[0]] < params["focus"]:
        for j in (best.index - 1, best.index + 1):
            if 0 <= j < len(cands) and cands[j].passage == best.passage and cands[j] not in chosen:
                chosen.append(cands[j])
    lead = set(map(id, chosen))
    extra = 0
    for i in order[1 : 1 + int(params["runner_up_pool"])]:
        if extra >= int(params["max_runner_ups"]) or p[i] < params["runner_up"]:
            break
        c = cands[i]
        if c in chosen or near_duplicate(c.text, [d.text for d in chosen], params["duplicate"]):
            continue
        chosen.extend(d for d in with_context(c, cands, max_list) if d not in chosen)
        extra += 1
    # The best unit with what it needs (and, unconfident, its neighbours) first, in document
    # order; then the runners-up, by their passage's best unit and in document order.
    rank: dict[int, int] = {}
    for i in order:
        rank.setdefault(cands[i].passage, len(rank))
    return sorted(chosen, key=lambda c: (id(c) not in lead, rank[c.passage], c.unit.start))
