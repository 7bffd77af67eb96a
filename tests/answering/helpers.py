"""A small passage with every kind of block, for the stage tests."""

from __future__ import annotations

from assistant.retrieval import Passage
from core.blocks import Block

PARA = "De training duurt twee dagdelen. Dit maakt haar geschikt voor drukke teams."
LEAD = "Neem de volgende stappen:"
ITEMS = ["1. Lees het dossier.", "2. Voer het gesprek.", "3. Leg de afspraak vast."]
QUESTION = "Wat kost de training?"
ANSWER = "Deelname is gratis voor scholen. Je betaalt alleen de reiskosten."


def passage(rank: int = 0, title: str = "Handreiking") -> Passage:
    parts, blocks, pos = [], [], 0

    def add(text: str, kind: str, sep: str = "\n\n", **kw) -> None:
        nonlocal pos
        if parts:
            parts.append(sep)
            pos += len(sep)
        blocks.append(Block(kind, pos, pos + len(text), section=("Werkwijze",), **kw))
        parts.append(text)
        pos += len(text)

    add(PARA, "paragraph")
    add(LEAD, "paragraph")
    for i, item in enumerate(ITEMS):
        add(item, "list_item", sep="\n" if i else "\n\n", lead_in=LEAD)
    qa = f"{QUESTION}\n{ANSWER}"
    add(qa, "qa", question_end=pos + (2 if parts else 0) + len(QUESTION))
    text = "".join(parts)
    return Passage(
        chunk_id=f"c{rank}", doc_id=f"doc{rank}", title=title, doc_type="handreiking",
        section="Werkwijze", page=None, start=0, end=len(text), score=1.0 / (1 + rank),
        text=text, dense_rank=1, bm25_rank=1, blocks=blocks,
    )
