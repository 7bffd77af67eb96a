"""Follow-up questions: turn "Wie betaalt dat?" into a query that retrieval can answer.

How it works: a question is a follow-up when there is history and the question leans on it
- it refers back (dat, dit, die, het project, ze, daar, ...; it, that, they in English), or
it starts with "En"/"And", or it has too few content words of its own to stand alone. The
retrieval query is then the question followed by the previous user turn(s), so BM25 and the
dense model see the topic (the project the previous turn asked about) and the new ask
("wie betaalt") together.
The question itself, not the history, still decides what kind of answer is wanted.
"""

from __future__ import annotations

import re

from core.text import terms

_REFERRING = {
    "dat", "dit", "die", "deze", "daar", "daarna", "daarvan", "daarbij", "daarvoor", "daarin",
    "ervan",
    "erbij", "ervoor", "erin", "ze", "zij", "hun", "hen", "hij", "het", "zo'n", "welke",
    "it", "that", "this", "they", "them", "those", "these", "there", "its", "their",
}
_OPENERS = re.compile(r"^\s*(en|maar|and|but|ook|also|what about|en wat)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’]+", re.UNICODE)


def follows_on(question: str) -> bool:
    """Opens with "En", "Maar", "Ook", "And" ...: it goes on from the turn before."""
    return bool(_OPENERS.match(question))


def is_followup(question: str, history: list[str]) -> bool:
    if not history:
        return False
    words = [w.lower() for w in _WORD.findall(question)]
    if follows_on(question):
        return True
    if len(terms(question, expand=False)) <= 2:
        return True
    # "het", "welke" and "die" are mostly articles and relative pronouns; "die" early in a
    # question ("Werkt die organisatie ...") points back.
    if "die" in words[:3]:
        return True
    return any(w in _REFERRING and w not in ("het", "welke", "die") for w in words)


def retrieval_query(
    question: str, history: list[str], turns: int = 1, max_context_chars: int | None = None
) -> str:
    """The query to retrieve with: the question, plus the topic from history if it needs it.

    At most `max_context_chars` of the history come along (settings.max_followup_context_chars),
    cut at a word boundary: the topic sits at the start of a turn, and a pasted essay as the
    previous turn must not make every follow-up a long (slow to embed) query.
    """
    question = question.strip()
    if not is_followup(question, history):
        return question
    context = " ".join(h.strip() for h in history[-turns:] if h.strip())
    if max_context_chars is not None:
        context = _clip(context, max_context_chars)
    return " ".join(p for p in (question, context) if p)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, ending at a word boundary when there is one."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if not text[limit].isspace():  # the cut falls inside a word: drop that word's start
        whole = _WHOLE_WORDS.match(head)
        head = whole.group(1) if whole else head  # one endless "word": cut it anyway
    return head.rstrip()


_WHOLE_WORDS = re.compile(r"(.*)\s", re.DOTALL)


def _previous_turn(history: list[str], max_context_chars: int | None) -> tuple[str, str]:
    """The previous question as `topic_documents` answers it again, and its retrieval query."""
    # As bounded as the context a follow-up carries: a pasted essay as the previous turn must
    # not make every follow-up embed and score it.
    previous = history[-1].strip()
    if max_context_chars is not None:
        previous = _clip(previous, max_context_chars)
    return previous, retrieval_query(previous, history[:-1], max_context_chars=max_context_chars)


def topic_documents(
    retriever, generator, history: list[str], k: int, max_context_chars: int | None = None
) -> list[str]:
    """The documents the previous turn's answer cited: a follow-up is about them. The
    previous question is answered again (the index is the same, so the answer is too) by the
    extractive answerer; without one, or when it refused, its best passage's document."""
    if not history:
        return []
    previous, query = _previous_turn(history, max_context_chars)
    passages = retriever.search(query, k=k)
    if not passages:
        return []
    if generator is not None:
        draft = generator.generate(previous, query, passages)
        if draft.answerable and draft.sentences:
            cited = passages + draft.extra
            return list(dict.fromkeys(cited[i].doc_id for _, i in draft.sentences))
    return [passages[0].doc_id]


def search(
    retriever, question: str, history: list[str], k: int, generator=None,
    doc_types: list[str] | None = None, rewrite=None, ahead=None,
) -> tuple[str, list]:
    """The retrieval query and passages for a question in a conversation (the Assistant and
    the training of its models both call this): the question with its topic for a
    follow-up, and the previous answer's documents as the follow-up's topic. `ahead(query)`:
    the texts whose query vectors the answer will need, embedded during the search."""
    limit = retriever.settings.max_followup_context_chars
    query = rewrite(question, history) if rewrite else retrieval_query(
        question, history, max_context_chars=limit)
    wanted = retriever.settings.topic_weight > 0 and is_followup(question, history)
    texts = list(ahead(query)) if ahead else []
    if wanted and history:
        # Every encode this follow-up needs is known now: the previous turn's search and
        # answer, then its own. Started together, they share the cores instead of queueing
        # one after another behind the previous turn's answer.
        previous, previous_query = _previous_turn(history, limit)
        again = getattr(generator, "query_texts", None)
        retriever.embed_ahead(
            [previous_query, query],
            [*(again(previous, previous_query) if again else []), *texts])
    topic = topic_documents(retriever, generator, history, k, limit) if wanted else None
    return query, retriever.search(query, k=k, doc_types=doc_types, topic=topic, ahead=texts)
