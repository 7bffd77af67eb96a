"""The answerer's general vocabulary: what kind of answer a question asks for, whether a unit
holds one, and the words with which a sentence points back to the one before it.

Dutch and English question words and the shapes of answers (dates, amounts, e-mail
addresses ...), nothing of any particular document: the learned model decides how much each
signal weighs. Everything here is a plain regex, reviewed as vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from assistant.followup import follows_on
from core.english import is_dutch
from core.glossary import ORGANISATION_TYPES, SCHOOL_TYPES
from core.text import LIST_ITEM

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|january|february|march|may|june|july|august|october"
)
_WEEKDAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
# "een" is left out: as the article it is in almost every sentence.
_NL_NUMBER_WORDS = (
    "één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|vijftien|twintig|dertig|"
    "veertig|vijftig|honderd|duizend"
)
_EN_NUMBER_WORDS = "two|three|four|five|six|seven|eight|nine|ten|twelve"
_NUMBER_WORDS = f"{_NL_NUMBER_WORDS}|{_EN_NUMBER_WORDS}"
_EN_COUNT = re.compile(rf"\b({_EN_NUMBER_WORDS})\b", re.I)
# Lessons count as time in school ("twee lessen"); "les" alone is left out: "in een les" is
# mostly where, not how long.
_UNITS = (
    "jaar|jaren|maanden|maand|weken|week|dagen|dag|uur|uren|minuten|minuut|lesuren|lesuur|"
    "lessen|kwartier|dagdelen|dagdeel|schooljaren|years?|months?|weeks?|days?|hours?|"
    "minutes?|lessons"
)
# Words that name a kind of organisation in Dutch and English: data, core/vocabulary.yaml.
_ORG_TYPES = "|".join(ORGANISATION_TYPES)

# kind: (the question asks for it, a unit holds it). The first kind whose question pattern
# matches wins, so the specific kinds come before the general ones.
ANSWER_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "phone": (
        # The number, not the device: "opnemen met mijn telefoon" asks no phone number.
        re.compile(r"telefoonnummer|\bnummer\b|bellen|\bbel\b|phone number|\bcall\b", re.I),
        re.compile(r"(?:\+31|\b0)[\d\s-]{8,}\d"),
    ),
    "email": (
        re.compile(r"e-?mail|mailadres|\bmailen\b", re.I),
        re.compile(r"\S+@\S+\.\w+"),
    ),
    "url": (
        re.compile(r"website|webadres|webpagina|\burl\b|\blink\b|\bsite\b", re.I),
        re.compile(r"www\.|https?://|\b[\w-]+\.(nl|com|org|eu|net)\b", re.I),
    ),
    "percentage": (
        re.compile(r"percentage|procent|\bwelk deel\b|hoeveel procent|percent|\bshare\b", re.I),
        re.compile(r"\d+([.,]\d+)?\s?(%|procent|percent)|\bprocent\b", re.I),
    ),
    "amount": (
        # "hoeveel collegegeld / lesgeld / reiskosten": a compound whose head is money.
        re.compile(r"hoeveel (\w*geld|\w*kosten|\w*beurs|subsidie|euro|kost|bedraagt|betaal)\b|"
                   r"bedrag|\bkost|"
                   r"\bprijs|vergoeding|\bverdien|\w*loon\b|salaris|"
                   r"subsidie (is|bedraagt)|"
                   r"how much (money|does)|\bcost|\bprice|\bbudget|\bfee\b|\bearn|salary|"
                   r"\bwages?\b", re.I),
        re.compile(r"€|\beuro\b|\bmiljoen\b|\bduizend euro|\bgratis\b|\bkosteloos\b|\bfree\b",
                   re.I),
    ),
    # A time of day ("om 9.00 uur"), asked before a duration: "hoe laat" is no "hoe lang".
    "time": (
        # Not "hoe laat je zien ...?" ("how do you show"): "laten" with its subject.
        re.compile(r"hoe laat(?!\s+(je|jij|u|ik|we|wij|ze|zij|hij|men)\b)|om hoeveel uur|"
                   r"hoe vroeg|\btijdstip\b|what time|at what hour", re.I),
        re.compile(rf"\b\d{{1,2}}[.:]\d{{2}}\b(?![.,]\d)|\bom (\d{{1,2}}|{_NUMBER_WORDS})( uur)?\b|"
                   r"\b('s ochtends|'s middags|'s avonds|ochtend|middag|avond|morning|afternoon|"
                   r"evening)\b|\b\d{1,2}\s?(am|pm)\b", re.I),
    ),
    # How often: "zes keer per jaar", "elke week", "jaarlijks".
    "frequency": (
        re.compile(r"hoe vaak|hoe dikwijls|hoeveel keer|hoeveel maal|hoe regelmatig|how often|"
                   r"how many times|how frequently", re.I),
        re.compile(r"\b(keer|maal|times|once|twice)\b|\bper (jaar|week|maand|dag|periode|"
                   r"schooljaar|kwartaal|les|year|week|month|day)\b|\b(wekelijks|maandelijks|"
                   r"jaarlijks|dagelijks|tweewekelijks|weekly|monthly|yearly|annually|daily)\b|"
                   r"\b(elke|iedere|every) (week|maand|dag|les|periode|jaar|schooljaar|year|month|"
                   r"day)\b", re.I),
    ),
    "duration": (
        re.compile(rf"hoe lang|hoelang|how long|looptijd|\bduur\b|\bduurt\b|hoeveel tijd|"
                   r"hoe snel|how soon|how quickly|hoe ver van tevoren|how far in advance|"
                   # "hoeveel lestijd / reistijd": a compound whose head is time.
                   rf"how much time|hoeveel (\w*tijd|{_UNITS})\b|how many ({_UNITS})\b", re.I),
        # A clock time ("om 13.30 uur") is no duration, a span of two is ("9.00-12.00 uur").
        # After a number a unit may head a compound ("vijf schooldagen", "tien werkdagen";
        # not a weekday); after "een" it stands alone ("een uur", not "een meeloopdag").
        re.compile(rf"(?<!\d[.:])\b(?!\d{{1,2}}[.:]\d\d\s?uur\b)"
                   rf"(\d+([.,]\d+)?|{_NUMBER_WORDS})\s?-?\s?(?!(?:{_WEEKDAYS})\b)[a-z]*"
                   rf"({_UNITS})\b|\b(een half|anderhalf|een)\s({_UNITS})\b"
                   r"|\b\d+\s?(tot|à|-|–)\s?\d+\s?(min|minuten|uur|weken|dagen)\b"
                   r"|\b\d{1,2}[.:]\d\d\s?(tot|-|–)\s?\d{1,2}[.:]\d\d\b"
                   r"|\bt/m\b|tot en met"
                   # "Hoe lang moet het verslag zijn?": a text's length is its "hoe lang".
                   rf"|\b(\d+|{_NUMBER_WORDS})(\s?(tot|à|-|–)\s?(\d+|{_NUMBER_WORDS}))?\s?"
                   r"(woorden|pagina'?s|a4|words|pages)\b", re.I),
    ),
    "date": (
        re.compile(r"wanneer|welke dat(um|a)\b|welk jaar|in welke maand|welke dag|sinds wanneer|"
                   r"tot wanneer|uiterlijk|deadline|in welke week|\bwhen\b|what year|which year|"
                   r"what date|which date|what day|by when|since when", re.I),
        re.compile(
            rf"\b(19|20)\d\d\b|\b({_MONTHS})\b|\b\d{{1,2}}[-/]\d{{1,2}}([-/]\d{{2,4}})?\b|"
            # A clock time answers "wanneer" too ("open van 8.15 tot 16.00 uur").
            r"\b\d{1,2}[.:]\d{2}\b(?![.,]\d)|"
            rf"\b({_WEEKDAYS})\b|"
            r"\b(voorjaar|najaar|zomer|winter|herfst|schooljaar|periode|kwartaal|semester)\b|"
            # A time told relative to something else: "vier weken na de startles", "aan het
            # einde van de tweede les", "voor de herfstvakantie", "in week 12".
            rf"\b(\d+|{_NUMBER_WORDS}|een)\s+({_UNITS})\s+(na|voor|vóór|later|eerder|"
            rf"after|before)\b|\b(na|binnen|over|within|after) (\d+|{_NUMBER_WORDS}|een) "
            rf"({_UNITS})\b|\b(begin|einde|eind|afloop|start) van\b|\w+vakantie\b|"
            r"\b(week|lesweek|blok) \d+\b|\b(eerste|tweede|derde|vierde|laatste|volgende) "
            r"(les|week|lesweek|periode|blok)\b",
            re.I,
        ),
    ),
    "count": (
        # An age is a number too ("vanaf welke leeftijd", "hoe oud").
        re.compile(r"hoeveel|how many|aantal|number of|leeftijd|hoe oud|what age|how old",
                   re.I),
        # A count, not a year or a date's day: "twaalf scholen", "8 mbo-scholen", not
        # "tussen 2009 en 2014" or "op 1 juli". English number words: see `holds_kind`.
        re.compile(rf"\b(?!(19|20)\d\d\b)\d+\b(?!\s*(?:{_MONTHS})\b)|\b({_NL_NUMBER_WORDS})\b",
                   re.I),
    ),
    "person": (
        re.compile(r"\bwie\b|door wie|bij wie|met wie|hoe heet|wat is de naam|contactpersoon|"
                   r"\bwho\b|whom|what is the name", re.I),
        # A person, a role or an organisation ("wie betaalt?" is often answered by one): two
        # capitalised words not at a sentence start (case matters here: with re.I any two
        # words would do), a role word, a kind of organisation or an acronym.
        re.compile(r"(?<=[a-z,] )[A-Z][a-z]+ (?:(?:van|de|der|den|ter|te) )*[A-Z][a-z]+\b|"
                   r"(?i:\b(decaan|decanen|mentor|mentoren|docent|docenten|coördinator|"
                   r"directeur|ouders|leerling|leerlingen|student|studenten|schoolleider|"
                   r"loopbaanbegeleider|slb'?er|teacher|parents|coordinator)\b)|"
                   rf"\b({_ORG_TYPES})\b|\b[A-Z]{{2,}}\b"),
    ),
    "organisation": (
        re.compile(r"welke (organisatie|instantie|instelling|partij|school)|door welke|"
                   r"which (organisation|organization|institution)|uitgegeven|uitgever", re.I),
        re.compile(rf"\b({_ORG_TYPES})\b|\b[A-Z]{{2,}}\b"),
    ),
    "place": (
        re.compile(r"\bwaar\b|in welke (stad|plaats|provincie|gemeente|regio)|locatie|adres|"
                   r"\bwhere\b|which (city|place|town)", re.I),
        # A name after a preposition (the capital matters: "in het" is no place).
        re.compile(r"(?i:\b(in|te|op|bij|at)) [A-Z][a-z]{2,}|(?i:\b(locatie|adres|gebouw|zaal|"
                   r"lokaal|aula|online)\b)"),
    ),
    "steps": (
        re.compile(r"welke stappen|stappenplan|hoe (ga|pak|maak|vraag|doe|zet|bereid|meld|"
                   r"schrijf|begin|kan|moet)|\bwerkwijze\b|\bsteps\b|\bhow (do|can|should) "
                   r"(i|we|you)\b", re.I),
        re.compile(r"^\s*(\d{1,2}[.)]|stap \d|step \d)", re.I),
    ),
    "list": (
        re.compile(r"^\s*(en\s+)?(welke|noem|wat zijn de|which|what are the|list)\b", re.I),
        re.compile(r"^\s*(?:[-*•–·▪◦]|\d{1,2}[.)])\s|[,;] .+[,;] |:\s*$", re.I),
    ),
    "definition": (
        re.compile(r"^\s*(en\s+)?wat (is|zijn|betekent|houdt .* in|verstaan)|wat wordt .* "
                   r"bedoeld|^\s*what (is|are|does)|\bmean(s|ing)?\b", re.I),
        re.compile(r"\b(is|zijn|betekent|houdt in|verstaan we|bedoelen we|means|is a|are)\b",
                   re.I),
    ),
}
KINDS: tuple[str, ...] = tuple(ANSWER_KINDS)
# Kinds whose absence from every good unit is a sign the documents do not answer.
CONCRETE_KINDS = frozenset(
    {"phone", "email", "url", "percentage", "amount", "duration", "date", "count"}
)


# "Wat is" and "welke" open almost any question: they decide only when nothing else does.
# "Hoeveel" opens a count unless a later word says what of ("hoeveel budget" is an amount).
_GENERIC_KINDS = frozenset({"list", "definition", "count"})
_OPENING = re.compile(r"^\W*(?:(?:en|and|maar|but)\s+)?", re.I)


def answer_kind(question: str) -> str | None:
    """The kind of answer the question's own words ask for, or None.

    The question word it opens with decides first ("Wanneer wordt het percentage gemeten?"
    wants a date, not a percentage); else the first kind, in ANSWER_KINDS' order, whose
    words appear anywhere."""
    start = _OPENING.match(question).end()
    for name, (asks, _) in ANSWER_KINDS.items():
        m = asks.search(question, start)
        if name not in _GENERIC_KINDS and m and m.start() == start:
            return name
    counted = _COUNTED.match(question)
    for name, (asks, _) in ANSWER_KINDS.items():
        if name == "amount" and counted and not asks.search(_COST.sub(" ", question)):
            continue  # "Hoeveel lessen kost het?": lessons are counted, not paid
        if asks.search(question):
            return name
    return None


# A question that opens by naming what it counts: "kost" then says what the thing takes of
# it; only money makes "kost" an amount ("hoeveel euro kost het?").
_COUNTED = re.compile(r"^\W*(?:(?:en|and)\s+)?(?:hoeveel|how many)\s+\w", re.I)
_COST = re.compile(r"\b(?:kost|kosten|costs?)\b", re.I)


def asked_kind(question: str, query: str) -> str | None:
    """The kind a question in a conversation asks for: its own words decide ("hoe lang duurt
    dat?" wants a duration whatever came before); a follow-up whose words ask none ("En bij
    havo/vwo?", "En een huisbezoek?") asks what the previous turn asked. `query` is the
    question followed by the previous turn for a follow-up (assistant/followup.py)."""
    kind = answer_kind(question)
    if (kind is None and query != question and query.startswith(question)
            and _elliptical(question)):
        kind = answer_kind(query[len(question):].strip())
    return kind


# Question words: a question holding one asks what it asks itself ("Wat wil die alliantie
# bereiken?" after a "wanneer" is no date question).
_QUESTION_WORD = re.compile(r"\b(wie|wat|wanneer|waar\w*|hoe|hoeveel|welke?|who|what|when|"
                            r"where|why|how|which)\b", re.I)


def _elliptical(question: str) -> bool:
    """A follow-up that leaves out what it asks: no question word, and it opens with "en" /
    "and" or is a few words ("En bij havo/vwo?", "Op niveau 2?"). A full question without
    a question word asks yes or no ("Krijgt de leerling daar een cijfer voor?")."""
    if _QUESTION_WORD.search(question):
        return False
    return follows_on(question) or len(question.split()) <= 4


def holds_kind(kind: str | None, text: str) -> bool:
    """Does the text hold an answer of this kind? List numbering ("1. ...") is no count."""
    if kind is None:
        return False
    if kind in ("steps", "list"):
        return bool(ANSWER_KINDS[kind][1].search(text))
    body = LIST_ITEM.sub("", text, count=1) if LIST_ITEM.match(text) else text
    if ANSWER_KINDS[kind][1].search(body):
        return True
    # An English number word counts unless the text is Dutch: there "ten" is a preposition
    # ("ten minste", "ten aanzien van"), not ten.
    return kind == "count" and bool(_EN_COUNT.search(body)) and not is_dutch(body)


# Values that pin a question to one case of what it asks about: a year (or school year), a
# month, a day of the week, a school type. A unit giving other values of that sort and none
# of the asked ones is about another case ("in 2023-2024" against "in 2024-2025", "op
# vrijdag" against "een dinsdag of een donderdag", "mbo-studenten" against "vmbo-leerlingen"):
# the classic near miss.
_YEAR = re.compile(r"\b(?:19|20)\d\d(?:\s?[-/–]\s?(?:(?:19|20)?\d\d))?\b")
_CASE_SORTS: dict[str, re.Pattern[str]] = {
    # The Dutch month names also spell the English september, november and december.
    "month": re.compile(rf"\b(?:{_MONTHS})\b", re.I),
    "weekday": re.compile(rf"\b(?:{_WEEKDAYS}|monday|tuesday|wednesday|thursday|friday|"
                          r"saturday|sunday)\b", re.I),
}


# A school type's word starts, each at a word's start: "mbo" is not in "vmbo", and "wo"
# stands alone. Data: core/vocabulary.yaml.
_SCHOOL = {
    name: re.compile("|".join(
        rf"\b{re.escape(w)}\b" if len(w) <= 2 else rf"\b{re.escape(w)}" for w in words), re.I)
    for name, words in SCHOOL_TYPES.items()
}


# Numbered cases: an mbo level ("niveau 2", "niveau 3 en 4"), a school year of a pupil
# ("leerjaar 3", "klas 2", "4 havo" is left to the school type).
_NUMBERED_SORTS: dict[str, re.Pattern[str]] = {
    "level": re.compile(r"\b(?:niveau|level)s?\s+[1-4](?:\s*(?:,|en|of|and|or|-|t/m)\s*[1-4])*\b",
                        re.I),
    "grade": re.compile(r"\b(?:leerjaar|klas|jaar)\s+[1-6](?:\s*(?:,|en|of|-|t/m)\s*[1-6])*\b"
                        r"(?![.,]\d)", re.I),
}


def _year_values(text: str) -> set[frozenset[int]]:
    """Each year or span of years as the set of its years ("2023-2024", "2023/24")."""
    out = set()
    for m in _YEAR.finditer(text):
        parts = re.split(r"\s?[-/–]\s?", m.group())
        first = int(parts[0])
        years = {first}
        if len(parts) > 1:
            last = int(parts[1]) if len(parts[1]) == 4 else first // 100 * 100 + int(parts[1])
            years.add(last)
        out.add(frozenset(years))
    return out


def case_values(text: str, sorts: Collection[str] | None = None) -> dict[str, set]:
    """The years, months, weekdays, numbered levels and school types a text names, by sort
    (sorts it names none of left out); with `sorts`, only those (a unit is read only for
    what its question pins down: this runs on every candidate)."""
    def wanted(sort: str) -> bool:
        return sorts is None or sort in sorts

    found: dict[str, set] = {}
    years = _year_values(text) if wanted("year") else set()
    if years:
        found["year"] = years
    for sort, pattern in _CASE_SORTS.items():
        values = {v.lower() for v in pattern.findall(text)} if wanted(sort) else set()
        if values:
            found[sort] = values
    for sort, pattern in _NUMBERED_SORTS.items():
        if not wanted(sort):
            continue
        values = {int(n) for m in pattern.finditer(text) for n in re.findall(r"\d", m.group())}
        if values:
            found[sort] = values
    if wanted("school"):
        schools = {name for name, pattern in _SCHOOL.items() if pattern.search(text)}
        if schools:
            found["school"] = schools
    return found


def _compatible(sort: str, asked, given) -> bool:
    if sort != "year":
        return asked == given
    # A year fits a school year that holds it; two spans of years must be the same.
    return asked == given or (len(asked) == 1 or len(given) == 1) and bool(asked & given)


def case_conflict(asked: dict[str, set], text: str) -> bool:
    """The text names values of a sort the question pins down, and none of the asked ones."""
    if not asked:
        return False
    given = case_values(text, asked.keys())
    return any(
        sort in given and not any(_compatible(sort, a, g) for a in values for g in given[sort])
        for sort, values in asked.items()
    )


# A question for the whole way through, not one step of it ("welke stappen zet ik?" against
# "hoe meld ik me aan?", which the "steps" kind takes too).
_ALL_STEPS = re.compile(
    r"welke stappen|stappenplan|stap voor stap|\bwerkwijze\b|hoe verloopt|in welke volgorde|"
    r"\b(what|which) steps\b|\bstep by step\b|\bthe steps\b", re.I)
# A numbered title of one step of a procedure ("Stap 2: meld je aan", "Les 3: terugkijken",
# "Fase 1 - oriënteren"): a line of its own or a heading, with the step's text under it.
STEP_TITLE = re.compile(
    r"^\s*(?:stap|step|fase|phase|les|lesson|ronde|round|deel|part|week|dag|day)\s+"
    r"(\d{1,2})\s*[:.)\u2013-]\s*\S", re.I)


def asks_all_steps(question: str) -> bool:
    return bool(_ALL_STEPS.search(question))


def step_number(text: str) -> int | None:
    """The number of a step title ("Stap 2: meld je aan" -> 2), else None."""
    m = STEP_TITLE.match(text)
    return int(m.group(1)) if m else None


# A unit that starts with one of these leans on the sentence before it.
REFERENCE_START = re.compile(
    r"^\s*(dit|deze|dat|die|daarmee|daardoor|daarom|daarbij|daarvoor|daarna|daarnaast|"
    r"hierdoor|hiermee|hiervoor|hierbij|hierin|hierna|zij|ze|hij|het gaat|ook|bovendien|"
    r"this|these|that|those|they|it|thereby|therefore)\b",
    re.I,
)


def points_back(text: str) -> bool:
    return bool(REFERENCE_START.match(text))

