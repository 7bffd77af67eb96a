"""What kind of answer a question asks for, and whether a sentence holds it.

"Wanneer" wants a date, "hoeveel" a number, "telefoonnummer" a phone number. The answerer
prefers sentences that hold the wanted kind, and refuses when the best it has does not:
a missing date is the surest sign the documents do not answer a "wanneer" question.
"""

from __future__ import annotations

import re

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from core.text import LIST_ITEM

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
)
# "een" is left out: as the article it is in almost every sentence.
_NUMBER_WORDS = (
    "één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|honderd"
)
_UNITS = "jaar|jaren|maanden|maand|weken|week|dagen|dag|uur|uren"
_ORG_WORDS = (
    "Hogeschool|Universiteit|College|Raad|Stichting|Platform|Ministerie|Kennispunt|"
    "Expertisepunt|Servicepunt|Programma|Project|Regeling|Alliantie|Gemeente|School|Gelijke|"
    "Kansen|Sociale|Zaken|Nationaal|Onderwijs|Internationale|Eerste|Opvang|Sterk|Connect|Groen"
)

# kind: (the question asks for it, a sentence holds it); the first kind that matches wins.
ANSWER_TYPES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "phone": (
        re.compile(r"telefoon|bellen|phone|call\b", re.I),
        re.compile(r"(?:\+31|\b0)[\d\s-]{8,}\d"),
    ),
    "email": (
        re.compile(r"e-?mail|mailadres", re.I),
        re.compile(r"\S+@\S+\.\w+"),
    ),
    "money": (
        re.compile(r"hoeveel (geld|euro)|welk bedrag|bedrag|kost|how much money|budget", re.I),
        re.compile(r"€|\beuro\b|\bmiljoen\b|\bbedrag", re.I),
    ),
    "duration": (
        re.compile(r"hoe lang|how long|welke looptijd|looptijd", re.I),
        re.compile(
            rf"\b(\d+(,\d+)?|{_NUMBER_WORDS}) ({_UNITS})\b"
            r"|\bt/m\b|tot en met|\btot\b.*\b(19|20)\d\d",
            re.I,
        ),
    ),
    "date": (
        re.compile(r"wanneer|welke datum|welk jaar|in welke maand|sinds wanneer|"
                   r"tot wanneer|\bwhen\b|what year|which year|what date|since which", re.I),
        re.compile(
            rf"\b(19|20)\d\d\b|\b({_MONTHS})\b|\bmedio\b|\bzomer\b|"
            r"\b(schooljaar|studiejaar|periode)\b",
            re.I,
        ),
    ),
    "number": (
        re.compile(r"hoeveel|how many|how much", re.I),
        # A count, not a year: "twaalf scholen", "8 mbo-scholen", not "tussen 2009 en 2014".
        re.compile(rf"\b(?!(19|20)\d\d\b)\d+|\b({_NUMBER_WORDS})\b", re.I),
    ),
    "person": (
        re.compile(r"hoe heet|wat is de naam|wie is de (minister|projectleider|directeur|"
                   r"voorzitter|contactpersoon)|what is the name|who is the", re.I),
        # Two capitalised words, not an organisation ("Kennispunt Gelijke Kansen"); names
        # of people take no article ("het Kennisplatform Integratie" is no person).
        re.compile(
            r"(?<!het )(?<!de )(?<!een )(?<!Het )(?<!De )"
            r"\b(?!(?:" + _ORG_WORDS + r")\b)[A-Z][a-z]+ (?:(?:van|de|der|den) )*"
            r"(?!(?:" + _ORG_WORDS + r")\b)[A-Z][a-z]+\b"
        ),
    ),
    "place": (
        re.compile(r"in welke (stad|plaats|provincie|gemeente)|waar (werd|wordt|is|was) .*"
                   r"(gehouden|gevestigd|georganiseerd)|\bwhere (is|was)\b", re.I),
        re.compile(r"\b(in|te) [A-Z][a-z]{2,}"),
    ),
    "url": (
        re.compile(r"welke website|wat is de website|webadres|\burl\b|which website", re.I),
        re.compile(r"www\.|https?://|\w+\.nl\b", re.I),
    ),
}


def expected_type(question: str) -> str | None:
    for name, (asks, _) in ANSWER_TYPES.items():
        if asks.search(question):
            return name
    return None


def holds_type(kind: str | None, text: str) -> bool:
    """Does the text hold an answer of this kind? List numbering ("1. ...") is no number."""
    if kind is None:
        return True
    body = LIST_ITEM.sub("", text, count=1) if LIST_ITEM.match(text) else text
    return bool(ANSWER_TYPES[kind][1].search(body))


_WHO = re.compile(r"^\s*(en\s+)?(wie|door wie|met wie|bij wie)\b|\bwho\b", re.I)
# An organisation or a person: a capitalised word past the first, or an abbreviation.
_NAMED = re.compile(r"(?<!^)(?<![.!?] )\b([A-Z][a-z]+|[A-Z]{2,})\b")


def asks_who(question: str) -> bool:
    return bool(_WHO.search(question))


def names_someone(text: str) -> bool:
    return bool(_NAMED.search(text.strip()))


_LIST_QUESTION = re.compile(
    r"^\s*(en\s+)?(welke|noem|which|what are the|wat zijn de)\b", re.I
)


def list_question(question: str) -> re.Match[str] | None:
    """'Welke scholen ...' asks for an enumeration; the match ends where the head noun starts."""
    return _LIST_QUESTION.match(question)


# Words only one of the two languages uses as function words.
_EN_ONLY = frozenset(STOPWORDS_EN) - frozenset(STOPWORDS_DUTCH)
_NL_ONLY = frozenset(STOPWORDS_DUTCH) - frozenset(STOPWORDS_EN)


def is_english(question: str) -> bool:
    words = re.findall(r"[a-z]+", question.lower())
    return sum(w in _EN_ONLY for w in words) > sum(w in _NL_ONLY for w in words)
