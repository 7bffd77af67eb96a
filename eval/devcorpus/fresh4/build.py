"""Write the PDF and DOCX documents of the fresh4 fold from the sources below.

    .venv/bin/python -m eval.devcorpus.fresh4.build

Everything in these documents is invented to evaluate the LOB Assistent and is no LOB policy
(see README.md). The writer comes from eval/devcorpus/build.py, so the output is deterministic.
"""

from __future__ import annotations

from pathlib import Path

from eval.devcorpus.build import INVENTED, write_documents

DOCS = Path(__file__).resolve().parent / "docs"

# -------------------------------------------------------------------------------- PDF sources

PRAKTIJKONDERWIJS = [
    ("h1", "Handreiking: loopbaanbegeleiding in het praktijkonderwijs"),
    ("p", "Een uitgave van Praktijkschool De Kruiwagen in Haverbeek, samen met het "
          "Samenwerkingsverband Passend Onderwijs Veenkwartier. Derde herziene versie, "
          "vastgesteld op 9 september 2025. Bedoeld voor mentoren, stagebegeleiders en "
          "jobcoaches in het praktijkonderwijs."),
    ("h2", "1. Praktijkonderwijs en loopbaan"),
    ("p", "Praktijkonderwijs (PrO) is een vorm van voortgezet onderwijs voor leerlingen van "
          "12 tot 18 jaar die vooral leren door te doen en voor wie een diploma in het vmbo "
          "niet haalbaar is. Het doel is dat een leerling na school een plek vindt op de "
          "arbeidsmarkt, in een vervolgopleiding of in dagbesteding. Loopbaanbegeleiding is "
          "in het PrO dus geen los vak, maar de rode draad van het hele programma: vanaf de "
          "eerste week werkt elke leerling aan zijn eigen uitstroomperspectief."),
    ("p", "De Kruiwagen telde op 1 oktober 2025 in totaal 186 leerlingen, verdeeld over vijf "
          "leerjaren. Een klas heeft hooguit 16 leerlingen. Elke leerling heeft een vaste "
          "mentor die hem of haar het hele traject volgt, zo mogelijk van het eerste tot het "
          "laatste jaar."),
    ("h2", "2. Het individueel ontwikkelingsplan"),
    ("p", "Elke leerling heeft een individueel ontwikkelingsplan (IOP). Daarin staan het "
          "uitstroomperspectief, de doelen voor de komende periode en de afspraken over "
          "stage en begeleiding. De mentor bespreekt het IOP twee keer per jaar met de "
          "leerling en de ouders of verzorgers, in oktober en in maart. Bij dat gesprek is "
          "vanaf leerjaar 3 ook de stagebegeleider aanwezig. Het IOP-gesprek duurt 45 "
          "minuten; plan voor leerlingen die snel vermoeid raken liever twee korte gesprekken "
          "van 20 minuten."),
    ("p", "Schrijf de doelen in het IOP in taal die de leerling zelf begrijpt. Niet: 'toont "
          "initiatief in de werksituatie', maar: 'ik vraag zelf om een nieuwe klus als ik "
          "klaar ben'. Een leerling die zijn doel kan navertellen, werkt er ook gerichter aan."),
    ("page",),
    ("h2", "3. De stageladder"),
    ("p", "Stage is in het PrO het belangrijkste middel om te ontdekken welk werk bij een "
          "leerling past. De Kruiwagen werkt met een stageladder: de leerling begint "
          "binnen de school en werkt toe naar een individuele stage bij een werkgever, die "
          "vaak overgaat in een baan."),
    ("table", "Tabel 1. De stageladder van De Kruiwagen",
     ["Soort stage", "Leerjaar", "Tijd per week", "Begeleiding"],
     [["interne stage (kantine, conciërge, groen)", "leerjaar 1 en 2", "4 uur",
       "praktijkdocent"],
      ["groepsstage bij een bedrijf", "leerjaar 3", "1 dag", "stagebegeleider ter plekke"],
      ["individuele stage bij een werkgever", "leerjaar 4", "2 dagen",
       "stagebegeleider, bezoek elke 3 weken"],
      ["plaatsingsstage met kans op werk", "leerjaar 5", "3 tot 4 dagen",
       "jobcoach van het samenwerkingsverband"]],
     [62, 30, 30, 48]),
    ("p", "Een leerling gaat pas een trede hoger als de stagebegeleider en de mentor het "
          "daarover eens zijn. Het leerjaar is een richtlijn, geen regel: een leerling die er "
          "klaar voor is, kan al in leerjaar 3 een individuele stage lopen."),
    ("h2", "4. Stappenplan voor een externe stage"),
    ("ol", [
        "Bespreek in het IOP-gesprek welke werkzaamheden de leerling aanspreken en wat hij al "
        "kan.",
        "Kies samen met de leerling maximaal drie stagebedrijven uit de stagebank van de "
        "school.",
        "Laat de leerling met hulp van de mentor een kort voorstelfilmpje van één minuut "
        "maken.",
        "Plan een kennismaking op het bedrijf, waarbij de stagebegeleider meegaat.",
        "Leg de afspraken vast in de stageovereenkomst, ondertekend door leerling, ouders, "
        "bedrijf en school.",
        "Oefen de reisroute minstens twee keer samen met de leerling voordat de stage begint.",
        "Evalueer na zes weken met het bedrijf en pas zo nodig het IOP aan.",
    ]),
    ("p", "Veel leerlingen in het PrO vinden nieuwe situaties spannend. Een vaste werkplek, "
          "een vaste collega als aanspreekpunt en een dagschema met pictogrammen helpen om de "
          "eerste weken goed door te komen."),
    ("page",),
    ("h2", "5. Certificaten en branchediploma's"),
    ("p", "Leerlingen in het PrO halen geen vmbo-diploma, maar kunnen wel certificaten "
          "halen die werkgevers herkennen, zoals een branchecertificaat voor de schoonmaak, "
          "de logistiek of de horeca. De Kruiwagen biedt er zeven aan. In het schooljaar "
          "2024-2025 haalden 61 leerlingen samen 97 certificaten. Een certificaat staat op "
          "het PrO-diploma dat elke leerling bij het verlaten van de school krijgt."),
    ("h2", "6. Uitstroom"),
    ("p", "In het schooljaar 2024-2025 verlieten 38 leerlingen De Kruiwagen. Van hen ging "
          "45 procent aan het werk, meestal met een contract bij het laatste stagebedrijf. "
          "Nog eens 37 procent stroomde door naar de entreeopleiding of mbo niveau 2. De "
          "overige leerlingen gingen naar dagbesteding of een leerwerktraject van de "
          "gemeente."),
    ("h2", "7. Nazorg"),
    ("p", "De school blijft twee jaar na het vertrek betrokken bij elke oud-leerling. De "
          "mentor belt na drie maanden, na een jaar en na twee jaar om te vragen hoe het gaat. "
          "Dreigt een oud-leerling zijn baan of opleiding te verliezen, dan schakelt de school "
          "binnen een week de jobcoach van het samenwerkingsverband in."),
    ("p", "Vragen over deze handreiking beantwoordt stagecoördinator Ilse Brinkerink via "
          "stage@dekruiwagen-haverbeek.example of 0591 482 310."),
    ("p", INVENTED),
]

STUDIEKEUZE = [
    ("h1", "Factsheet: zo kozen onze eerstejaars, Hogeschool Veenstede 2025"),
    ("p", "Uitgegeven door het Bureau Studiesucces van Hogeschool Veenstede in Teuveren, "
          "februari 2026. Voor decanen, mentoren en loopbaanbegeleiders in havo, vwo en mbo "
          "in de regio Veenkwartier."),
    ("h2", "Over deze factsheet"),
    ("p", "Elk jaar vragen we de nieuwe voltijdstudenten in de eerste zes weken van hun "
          "studie hoe ze hun keuze hebben gemaakt. In september en oktober 2025 vulden 1.742 "
          "van de 2.315 eerstejaars de vragenlijst in, een respons van 75 procent. In juli "
          "2026 kijken we hoeveel van hen na het eerste jaar nog bij dezelfde opleiding "
          "staan ingeschreven. De uitvalcijfers in deze factsheet gaan over het cohort dat in "
          "september 2024 begon."),
    ("h2", "Instroom en keuzeactiviteiten per vooropleiding"),
    ("p", "Tabel 1 laat per vooropleiding zien hoeveel eerstejaars er in september 2025 "
          "begonnen en welk deel van hen vooraf een open dag, een meeloopdag of een "
          "proefstudeerdag bezocht. Als vooropleiding geldt het hoogste diploma waarmee de "
          "student is ingestroomd."),
    ("table", "Tabel 1. Eerstejaars 2025 en keuzeactiviteiten, per vooropleiding",
     ["Vooropleiding", "Eerstejaars", "Open dag", "Meeloopdag", "Proefstudeerdag"],
     [["havo (hoger algemeen voortgezet onderwijs)", "1.104", "88%", "41%", "23%"],
      ["vwo (voorbereidend wetenschappelijk onderwijs)", "212", "91%", "36%", "19%"],
      ["mbo niveau 4 (middenkader of specialist)", "846", "62%", "27%", "31%"],
      ["overig (buitenland, 21+-toets)", "153", "47%", "12%", "8%"]],
     [58, 26, 24, 28, 34]),
    ("p", "Havisten en vwo'ers bezochten bijna allemaal een open dag. Mbo-studenten deden "
          "dat minder vaak, maar kozen juist vaker voor een proefstudeerdag, waarop ze een "
          "hele dag lessen volgen en een kleine opdracht maken."),
    ("page",),
    ("h2", "Uitval na het eerste jaar"),
    ("p", "Van het cohort 2024 stopte 27 procent in of na het eerste jaar met de opleiding. "
          "Ongeveer de helft van hen begon daarna aan een andere opleiding, binnen of buiten "
          "Veenstede. Tabel 2 toont de uitval per vooropleiding en het deel van de uitvallers "
          "dat vóór 1 februari stopte. Wie vóór 1 februari stopt, hoeft het collegegeld voor "
          "de rest van het studiejaar niet te betalen en houdt zijn eerste jaar "
          "studiefinanciering beter intact."),
    ("table", "Tabel 2. Uitval cohort 2024 per vooropleiding",
     ["Vooropleiding", "Uitval na jaar 1", "Waarvan gestopt vóór 1 februari"],
     [["cohort 2024 met havodiploma", "29%", "44%"],
      ["cohort 2024 met vwo-diploma", "18%", "52%"],
      ["cohort 2024 met mbo-4-diploma", "26%", "38%"],
      ["cohort 2024, overige instroom", "34%", "29%"]],
     [70, 45, 55]),
    ("h2", "Samenhang met keuzeactiviteiten"),
    ("p", "Studenten die vooraf een meeloopdag of proefstudeerdag bij hun opleiding hadden "
          "gedaan, vielen minder vaak uit: 19 procent, tegen 31 procent van de studenten die "
          "alleen een open dag hadden bezocht. Studenten die geen enkele keuzeactiviteit "
          "hadden gedaan, vielen het vaakst uit: 42 procent. Dit verband zegt niet dat een "
          "meeloopdag uitval voorkomt; gemotiveerde studenten zoeken vaker zelf informatie op."),
    ("h2", "Redenen om te stoppen"),
    ("p", "In het exitgesprek noemden uitvallers het vaakst deze redenen (meer antwoorden "
          "mogelijk):"),
    ("ul", [
        "de opleiding was anders dan ik had verwacht (54 procent);",
        "ik wil eigenlijk een ander beroep (38 procent);",
        "de studie was te zwaar of te theoretisch (29 procent);",
        "persoonlijke omstandigheden of gezondheid (21 procent);",
        "ik kon studie en bijbaan niet combineren (11 procent).",
    ]),
    ("h2", "Wat betekent dit voor loopbaanbegeleiders?"),
    ("p", "Moedig leerlingen aan om niet alleen naar een open dag te gaan, maar ook een "
          "meeloopdag of proefstudeerdag te doen, het liefst bij twee opleidingen. Vraag na "
          "zo'n dag door: wat zag de leerling de studenten precies doen, en zou hij dat vier "
          "jaar lang willen? Voor mbo-studenten adviseert Veenstede daarnaast het keuzedeel "
          "dat voorbereidt op het hbo."),
    ("p", "Vragen over deze factsheet stelt u aan onderzoeker Maarten Oosterhuis van het "
          "Bureau Studiesucces. De volgende editie verschijnt in februari 2027."),
    ("p", INVENTED),
]

# -------------------------------------------------------------------------------- DOCX source

VACATURES = [
    ("h1", "De vacaturedetective: docentenhandleiding"),
    ("p", "LOB-werkvorm van het team Loopbaan en Burgerschap van het Veenkwartier College in "
          "Sluisdonk, versie 3, november 2025. Geschikt voor de lessen loopbaan en burgerschap "
          "en voor het mentoruur."),
    ("h2", "Doel"),
    ("p", "Studenten leren een vacaturetekst te lezen als een bron van informatie over een "
          "beroep. Ze ontdekken welke kennis, vaardigheden en houding werkgevers vragen, en "
          "vergelijken dat met wat ze zelf al kunnen. Na afloop heeft elke student een "
          "persoonlijk lijstje van drie punten die hij of zij tijdens de opleiding of de "
          "beroepspraktijkvorming (bpv) nog wil ontwikkelen."),
    ("h2", "Doelgroep"),
    ("p", "Eerstejaarsstudenten van mbo niveau 2, 3 en 4, bij voorkeur in de eerste periode "
          "van het schooljaar, voordat zij hun eerste bpv-plaats zoeken. De werkvorm is ook "
          "bruikbaar in de bovenbouw van het vmbo (leerjaar 3 en 4). Groepsgrootte: een klas "
          "van 12 tot 28 studenten, die in duo's werkt."),
    ("h2", "Duur"),
    ("p", "Twee lesuren van 50 minuten, bij voorkeur direct na elkaar. Wie maar één lesuur "
          "heeft, laat stap 6 en 7 vallen en bespreekt de lijstjes in het volgende "
          "mentorgesprek."),
    ("h2", "Benodigdheden"),
    ("ul", [
        "per duo drie uitgeprinte vacatures uit het eigen vakgebied, niet ouder dan een maand;",
        "markeerstiften in drie kleuren: geel voor kennis, blauw voor vaardigheden en roze "
        "voor houding;",
        "het werkblad Vacaturedetective (twee kanten, map LOB jaar 1 op Teams);",
        "een laptop of telefoon per duo om onbekende woorden op te zoeken;",
        "een digibord met de dia Wat zegt deze vacature echt?",
    ]),
    ("h2", "Voorbereiding"),
    ("p", "Verzamel per opleiding ongeveer tien actuele vacatures op het niveau van de "
          "studenten. Kies er bewust een paar met vaag taalgebruik bij, zoals 'je bent een "
          "teamplayer met een hands-on mentaliteit', en één vacature met een salarisindicatie. "
          "Reken op ongeveer 45 minuten voorbereidingstijd de eerste keer; daarna gaat het "
          "sneller."),
    ("h2", "Werkwijze"),
    ("ol", [
        "Start met de vraag: wie heeft er weleens een vacature gelezen, en wat stond erin? "
        "(5 minuten)",
        "Laat op het digibord een voorbeeldvacature zien en markeer klassikaal één kennispunt, "
        "één vaardigheid en één houdingsaspect. (10 minuten)",
        "De duo's markeren hun drie vacatures in de drie kleuren. (20 minuten)",
        "Elk duo zoekt de drie onbekendste woorden op en schrijft ze in gewone taal op het "
        "werkblad. (10 minuten)",
        "Elke student vult voor zichzelf het rijtje Kan ik al, Kan ik een beetje, Kan ik nog "
        "niet in. (15 minuten)",
        "De duo's presenteren in één minuut de opvallendste eis die ze tegenkwamen. "
        "(20 minuten)",
        "Iedere student schrijft op de achterkant van het werkblad drie punten die hij of zij "
        "wil ontwikkelen. (10 minuten)",
    ]),
    ("h2", "Nabespreking"),
    ("p", "Vraag na welke eisen in bijna alle vacatures terugkwamen. Vaak zijn dat "
          "betrouwbaarheid, communicatie en flexibiliteit, en niet de vakkennis waar "
          "studenten aan denken. Bespreek ook wat een werkgever bedoelt met vage woorden als "
          "'stressbestendig' en 'proactief', en hoe een student kan laten zien dat hij die "
          "eigenschap heeft."),
    ("h2", "Beoordeling"),
    ("p", "De werkvorm wordt niet met een cijfer beoordeeld. Het werkblad telt als bewijsstuk "
          "voor het loopbaandossier en wordt afgetekend als beide kanten zijn ingevuld. De "
          "drie ontwikkelpunten komen terug in het eerstvolgende gesprek met de "
          "studieloopbaanbegeleider (slb'er)."),
    ("h2", "Variaties"),
    ("ul", [
        "Niveau 2: gebruik korte vacatures van hooguit een halve pagina en laat de "
        "woordenjacht weg.",
        "Niveau 4: laat studenten een vacature herschrijven tot een tekst die een "
        "vijftienjarige begrijpt.",
        "Bovenbouw vmbo: kies vacatures voor bijbanen en mbo-opleidingen in de eigen regio.",
    ]),
    ("h2", "Ervaringen"),
    ("p", "In het schooljaar 2024-2025 gaven 34 docenten de werkvorm in 47 klassen, met in "
          "totaal ongeveer 1.050 studenten. Studenten gaven de les gemiddeld een 7,2. De "
          "meest gehoorde opmerking was dat ze niet hadden verwacht dat werkgevers zoveel "
          "vragen naar houding en zo weinig naar diploma's."),
    ("p", "Vragen over deze werkvorm stelt u aan loopbaancoördinator Thijs Wolterink, "
          "t.wolterink@veenkwartiercollege.example."),
    ("p", INVENTED),
]

PDFS = {
    "handreiking-lob-praktijkonderwijs": (
        "Praktijkschool De Kruiwagen, Haverbeek",
        "Handreiking: loopbaanbegeleiding in het praktijkonderwijs",
        PRAKTIJKONDERWIJS,
    ),
    "factsheet-studiekeuze-eerstejaars-hbo": (
        "Bureau Studiesucces, Hogeschool Veenstede",
        "Factsheet: zo kozen onze eerstejaars, Hogeschool Veenstede 2025",
        STUDIEKEUZE,
    ),
}
DOCXS = {
    "opdracht-vacatures-ontleden-docentenhandleiding": (
        "De vacaturedetective: docentenhandleiding",
        VACATURES,
    ),
}


def main() -> None:
    write_documents(DOCS, PDFS, DOCXS)


if __name__ == "__main__":
    main()
