"""Write the PDF and DOCX documents of the fresh5 fold from the sources below.

    .venv/bin/python -m eval.devcorpus.fresh5.build

Everything in these documents is invented to evaluate the LOB Assistent and is no LOB policy
(see README.md). The writer comes from eval/devcorpus/build.py, so the output is deterministic.
"""

from __future__ import annotations

from pathlib import Path

from eval.devcorpus.build import INVENTED, write_documents

DOCS = Path(__file__).resolve().parent / "docs"

# -------------------------------------------------------------------------------- PDF sources

INTERVISIE = [
    ("h1", "Handreiking: intervisie voor decanen en LOB-coördinatoren"),
    ("p", "Een uitgave van het Intervisienetwerk Decanen Torvelden (IDT), samen met het "
          "Regionaal Bureau Leren en Werken Torvelden (RBLW) in Brammelo. Tweede versie, "
          "vastgesteld op 14 januari 2026. Bedoeld voor decanen, LOB-coördinatoren en "
          "loopbaanadviseurs in vmbo, havo, vwo en mbo."),
    ("h2", "1. Waarom intervisie?"),
    ("p", "Een decaan is op school vaak de enige in zijn soort. Collega's in de sectie of het "
          "team doen ander werk, en de vragen waar een decaan mee zit, bijvoorbeeld een "
          "leerling die tegen het advies van ouders in wil kiezen of een mentor die geen tijd "
          "maakt voor loopbaangesprekken, bespreek je niet even in de koffiekamer. Intervisie "
          "biedt daarvoor een vaste plek."),
    ("p", "Onder intervisie verstaan we in deze handreiking: een gestructureerd gesprek waarin "
          "een vaste groep vakgenoten, zonder externe deskundige, elkaar helpt om beter te "
          "worden in het eigen werk. Het uitgangspunt is steeds een echte situatie van een van "
          "de deelnemers. Intervisie is dus geen cursus en geen supervisie: niemand in de groep "
          "is de leraar van de ander."),
    ("p", "Het IDT bestaat sinds 2021. In het schooljaar 2025-2026 doen 46 decanen en "
          "LOB-coördinatoren van 19 scholen voor voortgezet onderwijs en 3 mbo-instellingen "
          "mee, verdeeld over 7 groepen."),
    ("h2", "2. Een groep samenstellen"),
    ("p", "Een intervisiegroep telt 5 tot 7 deelnemers. Met minder mensen komen er te weinig "
          "invalshoeken op tafel, met meer krijgt niet iedereen de kans om een eigen situatie "
          "in te brengen. Stel de groep gemengd samen: het liefst met deelnemers uit het vmbo, "
          "de havo of het vwo en het mbo, en nooit twee collega's van dezelfde school. Zo "
          "durven deelnemers vrijuit te praten over hun eigen organisatie. Een groep blijft "
          "een heel schooljaar bij elkaar."),
    ("p", "Nieuwe deelnemers melden zich uiterlijk 1 juli aan bij het RBLW. In de laatste "
          "week van augustus hoort iedereen in welke groep hij zit."),
    ("page",),
    ("h2", "3. Jaarplanning"),
    ("p", "Elke groep komt vijf keer per schooljaar bij elkaar, steeds op een andere school "
          "van een van de deelnemers. De eerste bijeenkomst wordt begeleid door een ervaren "
          "intervisiebegeleider van het RBLW; daarna leidt de groep zichzelf."),
    ("table", "Tabel 1. Jaarplanning van een intervisiegroep",
     ["Bijeenkomst", "Maand", "Duur", "Werkwijze"],
     [["bijeenkomst 1: de startbijeenkomst", "september", "3 uur",
       "kennismaken, leervragen, afspraken"],
      ["bijeenkomst 2: eerste intervisieronde", "november", "2 uur", "incidentmethode"],
      ["bijeenkomst 3: tweede intervisieronde", "januari", "2 uur", "roddelmethode"],
      ["bijeenkomst 4: derde intervisieronde", "maart", "2 uur", "incidentmethode"],
      ["bijeenkomst 5: de slotbijeenkomst", "juni", "1,5 uur", "terugblik en evaluatie"]],
     [62, 24, 20, 64]),
    ("p", "Bij de roddelmethode bespreken de deelnemers de situatie van de inbrenger alsof hij "
          "er niet bij is; de inbrenger draait zijn stoel om en luistert alleen. Veel groepen "
          "vinden dat in het begin onwennig, maar het levert vaak verrassend eerlijke "
          "invalshoeken op."),
    ("h2", "4. Stappenplan incidentmethode"),
    ("p", "De incidentmethode is de werkvorm waarmee de meeste groepen beginnen. Een ronde "
          "duurt 75 minuten. Eén deelnemer is gespreksleider en bewaakt de tijd; die rol "
          "wisselt per bijeenkomst."),
    ("ol", [
        "Iedere deelnemer noemt in één zin een situatie uit het eigen werk; de groep kiest "
        "er één uit. (10 minuten)",
        "De inbrenger vertelt wat er gebeurde en sluit af met een vraag aan de groep. "
        "(5 minuten)",
        "De deelnemers stellen alleen informatieve vragen, zonder advies of mening. "
        "(15 minuten)",
        "De inbrenger formuleert zijn vraag opnieuw, zo scherp mogelijk. (5 minuten)",
        "Iedere deelnemer schrijft voor zichzelf op wat hij in deze situatie zou doen. "
        "(10 minuten)",
        "De deelnemers lezen hun aanpak om de beurt voor; de inbrenger luistert zonder te "
        "reageren. (15 minuten)",
        "De inbrenger vertelt wat hij meeneemt en noemt een eerste actie met een datum. "
        "(10 minuten)",
        "De groep bespreekt kort hoe de ronde verliep en wat beter kan. (5 minuten)",
    ]),
    ("page",),
    ("h2", "5. Afspraken in de groep"),
    ("ul", [
        "Wat in de groep besproken wordt, blijft in de groep.",
        "Noem nooit de naam van een leerling, ouder of collega; spreek van 'een leerling uit "
        "havo 4'.",
        "Telefoons liggen tijdens de bijeenkomst uit en buiten bereik.",
        "Wie deelneemt, is bij minstens vier van de vijf bijeenkomsten aanwezig.",
        "Er worden geen notulen gemaakt; alleen de inbrenger noteert wat hij meeneemt.",
    ]),
    ("h2", "6. Facilitering en kosten"),
    ("p", "Het RBLW betaalt de begeleider van de startbijeenkomst; dat kost het bureau "
          "€ 385 per groep. Voor de overige bijeenkomsten betaalt een school niets, behalve "
          "koffie en een ruimte wanneer het zijn beurt is. De scholen in het IDT hebben "
          "afgesproken dat een deelnemer 14 taakuren per schooljaar krijgt voor de intervisie, "
          "inclusief reistijd. Wie vier of vijf bijeenkomsten bijwoont, krijgt een "
          "deelnamebewijs voor 12 uur professionalisering."),
    ("h2", "7. Wat vinden deelnemers ervan?"),
    ("p", "Na afloop van het schooljaar 2024-2025 vulden 38 van de 41 deelnemers de "
          "evaluatie in. Zij gaven de intervisie gemiddeld een 8,1. Van hen wilde 89 procent "
          "het jaar daarop weer meedoen. Als grootste opbrengst noemden zij: minder het gevoel "
          "er alleen voor te staan, nieuwe ideeën voor het LOB-programma en meer rust in "
          "lastige gesprekken met ouders."),
    ("p", "Vragen over deze handreiking of over deelname beantwoordt coördinator Bas Lammerink "
          "van het RBLW via intervisie@rblw-torvelden.example of 0523 614 490."),
    ("p", INVENTED),
]

VSO = [
    ("h1", "Factsheet: uitstroom uit het vso in Torvelden, 2025"),
    ("p", "Uitgegeven door het Samenwerkingsverband VO Torvelden in Kessendijk, maart 2026. "
          "Voor intern begeleiders, loopbaanbegeleiders, stagecoördinatoren en "
          "leerplichtambtenaren."),
    ("h2", "Over het vso in de regio"),
    ("p", "Het voortgezet speciaal onderwijs (vso) is bedoeld voor jongeren met een extra "
          "ondersteuningsbehoefte, bijvoorbeeld door een lichamelijke of verstandelijke "
          "beperking, een chronische ziekte of ernstige gedragsproblemen. Elke vso-leerling "
          "heeft een ontwikkelingsperspectiefplan (OPP), waarin staat naar welk uitstroomprofiel "
          "hij toewerkt: vervolgonderwijs, arbeidsmarkt of dagbesteding."),
    ("p", "In de regio Torvelden zijn drie vso-scholen: Vso De Zandloper in Oudwaarde, Vso "
          "Het Kantelpunt in Brammelo en Vso Kessenhorst in Kessendijk. Op 1 oktober 2025 "
          "zaten er samen 1.184 leerlingen op. In het kalenderjaar 2025 verlieten 268 "
          "leerlingen een van deze scholen. Deze factsheet gaat over die schoolverlaters."),
    ("h2", "Schoolverlaters per uitstroomprofiel"),
    ("p", "Tabel 1 toont per uitstroomprofiel hoeveel leerlingen de school in 2025 verlieten, "
          "welk deel een diploma of ten minste één branchecertificaat haalde en welk deel "
          "een jaar later nog op dezelfde plek zat. Dat laatste noemen we de bestendigheid "
          "van de uitstroom."),
    ("table", "Tabel 1. Schoolverlaters 2025 per uitstroomprofiel",
     ["Uitstroomprofiel", "Schoolverlaters", "Diploma of certificaat", "Bestendig na 1 jaar"],
     [["profiel vervolgonderwijs", "96", "71%", "84%"],
      ["profiel arbeidsmarktgericht", "118", "63%", "72%"],
      ["profiel dagbesteding", "54", "niet van toepassing", "93%"]],
     [56, 34, 40, 40]),
    ("p", "In het profiel vervolgonderwijs halen leerlingen een vmbo-diploma of een "
          "havodiploma, soms in deelcertificaten verspreid over meer jaren. In het profiel "
          "arbeidsmarktgericht halen leerlingen branchecertificaten, bijvoorbeeld voor de "
          "schoonmaak, de groenvoorziening of het magazijn."),
    ("page",),
    ("h2", "Waar gaan de leerlingen naartoe?"),
    ("p", "Tabel 2 toont de bestemming van alle schoolverlaters van de drie vso-scholen in de "
          "laatste drie jaar, als percentage van het aantal schoolverlaters in dat jaar."),
    ("table", "Tabel 2. Bestemming van vso-schoolverlaters in Torvelden",
     ["Bestemming", "2023", "2024", "2025"],
     [["mbo (entreeopleiding of niveau 2 tot en met 4)", "31%", "33%", "36%"],
      ["regulier voortgezet onderwijs", "6%", "5%", "4%"],
      ["betaald werk, ook met loonkostensubsidie", "24%", "26%", "25%"],
      ["beschut werk bij een sociaal werkbedrijf", "8%", "7%", "7%"],
      ["dagbesteding bij een zorgaanbieder", "21%", "20%", "20%"],
      ["geen bestemming of onbekend", "10%", "9%", "8%"]],
     [80, 25, 25, 25]),
    ("p", "Het aandeel dat naar het mbo gaat, is in drie jaar gestegen van 31 naar 36 procent. "
          "Het aandeel zonder bekende bestemming daalde van 10 naar 8 procent; dat waren in "
          "2025 nog 21 jongeren. Het samenwerkingsverband wil dat aantal in 2027 onder de 15 "
          "brengen."),
    ("h2", "Stage en loopbaanbegeleiding"),
    ("p", "Leerlingen in het arbeidsmarktgerichte profiel liepen in hun laatste schooljaar "
          "gemiddeld 2,5 dag per week stage. In het profiel vervolgonderwijs is de stage "
          "korter: gemiddeld 80 uur verspreid over het examenjaar. Van alle schoolverlaters "
          "van 2025 had 77 procent minstens één keer een driegesprek met ouders en de "
          "toekomstige school of werkgever gehad voordat zij de school verlieten."),
    ("h2", "Wat valt op?"),
    ("ul", [
        "Leerlingen die naar het mbo gaan, vallen vaker terug dan andere schoolverlaters: "
        "16 procent zat een jaar later niet meer op de opleiding.",
        "Een warme overdracht helpt: van de leerlingen met een driegesprek zat 86 procent een "
        "jaar later nog op dezelfde plek, tegen 64 procent van de leerlingen zonder.",
        "Jongens kozen vaker voor betaald werk (29 procent) dan meisjes (19 procent).",
    ]),
    ("h2", "Nazorg"),
    ("p", "De vso-scholen in Torvelden volgen elke schoolverlater een jaar lang. De "
          "stagecoördinator neemt na zes weken en na een jaar contact op. Loopt een plaatsing "
          "mis, dan meldt de school de jongere binnen vijf werkdagen bij het Regionaal Bureau "
          "Leren en Werken Torvelden."),
    ("p", "Vragen over deze factsheet stelt u aan analist Yvonne Stegeman van het "
          "samenwerkingsverband. De volgende editie verschijnt in maart 2027."),
    ("p", INVENTED),
]

# -------------------------------------------------------------------------------- DOCX source

TECHNIEKWEEK = [
    ("h1", "Techniek van dichtbij: excursieweek naar techniekbedrijven, docentenhandleiding"),
    ("p", "LOB-programma van de sectie Techniek en het decanaat van het Vakcollege Oudwaarde, "
          "versie 1.1, 6 oktober 2026. Voor mentoren en docenten die de excursieweek in "
          "leerjaar 2 begeleiden."),
    ("h2", "Doel"),
    ("p", "Leerlingen maken in één week kennis met vijf verschillende technische bedrijven in "
          "de regio Torvelden. Ze zien met eigen ogen wat technici doen, praten met "
          "medewerkers die niet veel ouder zijn dan zijzelf en ontdekken welk soort techniek "
          "hen aanspreekt. Na de week kan elke leerling onderbouwen of een techniekprofiel, "
          "zoals Produceren, installeren en energie (PIE) of Bouwen, wonen en interieur (BWI), "
          "bij hem of haar past."),
    ("h2", "Doelgroep"),
    ("p", "Alle leerlingen van leerjaar 2 van de basisberoepsgerichte, kaderberoepsgerichte "
          "en gemengde leerweg, ook leerlingen die al denken dat ze geen techniek willen "
          "kiezen. De week valt ruim voor de profielkeuze in maart. Een excursiegroep bestaat "
          "uit 14 tot 16 leerlingen met twee begeleiders."),
    ("h2", "Duur"),
    ("p", "De excursieweek loopt van maandag 8 tot en met vrijdag 12 februari 2027. Elke dag "
          "bezoekt een groep één bedrijf, van 8.45 tot ongeveer 12.30 uur. 's Middags volgt "
          "een verwerkingsles van twee lesuren van 45 minuten op school. Daarnaast is er in de "
          "week ervoor één voorbereidingsles van 45 minuten in het mentoruur."),
    ("h2", "Benodigdheden"),
    ("ul", [
        "het excursieboekje Techniek van dichtbij, één per leerling (sectiemap op de "
        "gedeelde schijf);",
        "het ondertekende toestemmingsformulier van ouders of verzorgers;",
        "veiligheidsschoenen en een hesje voor bedrijven die daarom vragen; de school leent "
        "ze uit;",
        "de busplanning van vervoerder Ganzevoort, te vinden op het mededelingenbord;",
        "een telefoon per tweetal om foto's en een filmpje van maximaal twee minuten te "
        "maken.",
    ]),
    ("h2", "Voorbereiding"),
    ("p", "De decaan benadert de bedrijven uiterlijk tien weken voor de excursieweek en "
          "stelt met elk bedrijf een programma op: een rondleiding, een gesprek met een "
          "medewerker of leerling-werknemer en liefst een korte doe-opdracht. Mentoren "
          "verdelen de klas uiterlijk op vrijdag 15 januari 2027 in excursiegroepen en "
          "zorgen dat alle toestemmingsformulieren vóór 29 januari binnen zijn. Leerlingen "
          "zonder formulier blijven op school en maken een vervangende opdracht."),
    ("h2", "Werkwijze"),
    ("ol", [
        "Voorbereidingsles: bespreek het programma van de week en laat iedere leerling drie "
        "vragen opschrijven die hij aan een medewerker wil stellen.",
        "Verzamel elke ochtend om 8.30 uur bij de fietsenstalling en controleer de "
        "aanwezigheid en de veiligheidsschoenen.",
        "Tijdens het bezoek vullen de leerlingen per bedrijf de pagina Wat zag ik, wat deed "
        "ik, wat vond ik? in het excursieboekje in.",
        "Laat elk tweetal één foto maken van een beroep in actie, met toestemming van het "
        "bedrijf.",
        "In de verwerkingsles 's middags geven leerlingen het bedrijf van die dag een cijfer "
        "op drie punten: het werk, de werkplek en de mensen.",
        "Op vrijdagmiddag maakt elke leerling een top drie van de bedrijven en schrijft bij "
        "elk bedrijf één zin waarom.",
        "Bespreek de top drie in het eerstvolgende mentorgesprek en leg hem vast in het "
        "loopbaandossier.",
    ]),
    ("h2", "Veiligheid"),
    ("p", "Volg altijd de huisregels van het bedrijf. Leerlingen lopen in groepjes achter een "
          "medewerker aan en raken geen machines aan zonder uitdrukkelijke toestemming. Bij "
          "een ongeval belt de begeleider eerst 112 indien nodig en daarna de "
          "schoolleiding via het noodnummer op de achterkant van het excursieboekje."),
    ("h2", "Kosten"),
    ("p", "Het busvervoer kost voor de hele week € 2.860 en wordt betaald uit het "
          "LOB-budget van de school. Ouders betalen een bijdrage van € 12,50 voor lunch en "
          "drinken. Leerlingen voor wie dat een probleem is, kunnen zich melden bij de "
          "mentor; de school heeft daarvoor een klein potje."),
    ("h2", "Beoordeling"),
    ("p", "De excursieweek wordt niet met een cijfer beoordeeld. Het ingevulde excursieboekje "
          "geldt als LOB-activiteit voor het loopbaandossier en wordt door de mentor "
          "afgetekend."),
    ("h2", "Ervaringen"),
    ("p", "In februari 2026 gingen 152 leerlingen op excursie naar negen bedrijven, onder meer "
          "een installatiebedrijf, een jachtwerf, een melkfabriek en een bedrijf dat "
          "zonnepanelen legt. Vóór de week noemde 34 procent van de leerlingen een "
          "techniekprofiel als eerste keus, na de week 41 procent. Vooral meisjes waren "
          "verrast door de jachtwerf en de melkfabriek."),
    ("p", "Vragen over de excursieweek stelt u aan decaan Dennis Achterhof, "
          "d.achterhof@vakcollege-oudwaarde.example."),
    ("p", INVENTED),
]

PDFS = {
    "handreiking-decanen-intervisie": (
        "Intervisienetwerk Decanen Torvelden",
        "Handreiking: intervisie voor decanen en LOB-coördinatoren",
        INTERVISIE,
    ),
    "factsheet-uitstroom-vso-torvelden": (
        "Samenwerkingsverband VO Torvelden",
        "Factsheet: uitstroom uit het vso in Torvelden, 2025",
        VSO,
    ),
}
DOCXS = {
    "opdracht-techniekexcursieweek-docentenhandleiding": (
        "Techniek van dichtbij: excursieweek naar techniekbedrijven, docentenhandleiding",
        TECHNIEKWEEK,
    ),
}


def main() -> None:
    write_documents(DOCS, PDFS, DOCXS)


if __name__ == "__main__":
    main()
