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
