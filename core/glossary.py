"""Education jargon: abbreviations as people type them, and what they stand for.

Used on both sides of the index: BM25 indexes a chunk under the abbreviation *and* its
expansion (so "VSV" finds "voortijdige schoolverlaters" and back), and a question's
abbreviations are spelled out for the dense model, which does not know them.
"""

from __future__ import annotations

# abbreviation -> expansions (the forms documents use). Keys are lower case.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "lob": ("loopbaanoriëntatie en -begeleiding", "loopbaanoriëntatie", "loopbaanbegeleiding"),
    "ocw": ("Onderwijs, Cultuur en Wetenschap",),
    "szw": ("Sociale Zaken en Werkgelegenheid",),
    "npo": ("Nationaal Programma Onderwijs",),
    "vsv": (
        "voortijdig schoolverlaten", "voortijdige schoolverlaters", "voortijdige schoolverlater"
    ),
    "isk": ("Internationale Schakelklas", "Internationale Schakelklassen"),
    "eoa": ("Eerste Opvang Anderstaligen",),
    "gkdi": ("Gelijke Kansen, Diversiteit en Inclusie",),
    "spv": ("Stichting Platforms VMBO",),
    "ptvt": ("Platform Talent voor Technologie",),
    "kis": ("Kennisplatform Integratie & Samenleving",),
    "lowan": ("Landelijke Werkgroep Onderwijs aan Nieuwkomers",),
    "vo": ("voortgezet onderwijs",),
    "vmbo": ("voorbereidend middelbaar beroepsonderwijs",),
    "mbo": ("middelbaar beroepsonderwijs",),
    "hbo": ("hoger beroepsonderwijs",),
    "havo": ("hoger algemeen voortgezet onderwijs",),
    "vwo": ("voorbereidend wetenschappelijk onderwijs",),
    "tl": ("theoretische leerweg",),
    "roc": ("regionaal opleidingencentrum",),
    "nvs-nvl": ("Nederlandse Vereniging van Schooldecanen en Leerlingbegeleiders",),
    "vvsl": ("Vereniging voor Schoolleiders",),
}

# Words a question uses for what a policy text says otherwise ("Wie betaalt dat?" is answered
# by "... heeft hiervoor gelden beschikbaar gesteld"). Each group is one concept; the answerer
# lets a question term match a sentence term of the same group. Stems of everyday Dutch
# policy language, not of any one document.
CONCEPTS: tuple[tuple[str, ...], ...] = (
    ("betalen", "betaalt", "financieren", "financiert", "gefinancierd", "gelden", "geld",
     "bekostigen", "bekostigd", "subsidie", "subsidiënten", "investeren", "budget",
     "fund", "funds", "funded", "funding", "pay", "pays", "paying", "paid", "finance"),
    ("doel", "doelstelling", "bedoeld", "beogen", "beoogd", "ambitie", "richt", "gericht",
     "goal", "aim", "purpose"),
    ("looptijd", "loopt", "duurt", "duur", "lopen", "duration", "lasts", "runs"),
    ("starten", "gestart", "start", "begonnen", "begint", "opgericht", "opgezet", "started",
     "began", "founded", "established", "launched"),
    ("contact", "contactpersoon", "bereiken", "terecht", "informatie", "benaderen", "mailen",
     "reach", "email"),
    ("helpen", "ondersteunen", "ondersteuning", "ondersteund", "begeleiden", "hulp", "steunen",
     "help", "support", "supports", "guidance"),
    ("samenwerken", "samenwerking", "samen", "partner", "partners", "partijen", "cooperate",
     "collaborate", "together", "parties"),
    ("leerlingen", "studenten", "jongeren", "scholieren", "deelnemers", "students", "pupils",
     "youth"),
    ("school", "scholen", "instellingen", "onderwijsinstellingen", "roc", "schools",
     "institutions", "colleges"),
    ("werk", "baan", "arbeidsmarkt", "werkgevers", "banenmarkt", "job", "jobs", "employers",
     "labour"),
    ("stoppen", "uitval", "uitvallers", "schoolverlaters", "voortijdig", "dropout", "dropouts"),
    ("nieuwkomers", "anderstaligen", "buitenland", "migratieachtergrond", "newcomers",
     "migrants", "refugees"),
)
