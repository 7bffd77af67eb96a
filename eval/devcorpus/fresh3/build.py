"""Write the PDF and DOCX documents of the fresh3 fold from the sources below.

    .venv/bin/python -m eval.devcorpus.fresh3.build

Everything in these documents is invented to evaluate the LOB Assistent and is no LOB policy
(see README.md). The writer comes from eval/devcorpus/build.py, so the output is deterministic.
"""

from __future__ import annotations

from pathlib import Path

from eval.devcorpus.build import INVENTED, write_documents

DOCS = Path(__file__).resolve().parent / "docs"

# --------------------------------------------------------------------------------- PDF source

BEDRIJFSBEZOEK = [
    ("h1", "Handreiking: een leerzaam bedrijfsbezoek organiseren"),
    ("p", "Een uitgave van Stichting Bedrijf en School Ulvenmark, versie 2.0, oktober 2025. "
          "Voor docenten en LOB-coördinatoren van vmbo, havo, vwo en mbo in de regio "
          "Ulvenmark."),
    ("h2", "1. Wat is een bedrijfsbezoek?"),
    ("p", "Een bedrijfsbezoek is een begeleid bezoek van een groep leerlingen aan een "
          "werkplek, met een rondleiding, een gesprek met medewerkers en een opdracht. Anders "
          "dan bij een snuffelstage doet de leerling zelf geen werk: hij kijkt, vraagt en "
          "vergelijkt. Een goed bezoek duurt twee tot drie uur, de reistijd niet meegerekend. "
          "Langer heeft weinig zin; na drie uur neemt de aandacht van de meeste leerlingen "
          "sterk af."),
    ("p", "In het schooljaar 2024-2025 organiseerden de aangesloten scholen samen 186 "
          "bedrijfsbezoeken. Uit de evaluatie bleek dat leerlingen een bezoek het hoogst "
          "waardeerden als ze vooraf een eigen vraag hadden voorbereid. Zij gaven het bezoek "
          "gemiddeld een 7,9; leerlingen zonder voorbereiding gaven een 6,4."),
    ("h2", "2. Een geschikt bedrijf vinden"),
    ("p", "De stichting beheert een bedrijvenbank met ruim 340 bedrijven en instellingen in "
          "de regio die groepen ontvangen, van bakkerijen en garages tot ziekenhuizen en "
          "gemeentelijke diensten. U vraagt een bezoek aan via het aanvraagformulier op de "
          "website. De stichting zoekt een passend bedrijf en bevestigt het bezoek binnen "
          "tien werkdagen."),
    ("p", "Een groep bestaat uit hooguit 24 leerlingen. Is de klas groter, splits de groep "
          "dan of vraag twee bedrijven tegelijk aan. Per 12 leerlingen gaat er ten minste "
          "één begeleider mee; een stagiair telt niet als begeleider."),
    ("page",),
    ("h2", "3. Stappenplan"),
    ("p", "Het stappenplan hieronder is bruikbaar voor elk schooltype. Begin op tijd: de "
          "meeste bedrijven plannen hun rondleidingen ruim vooruit."),
    ("ol", [
        "Bepaal het LOB-doel: wat moeten leerlingen na afloop weten over het beroep of de "
        "sector?",
        "Vraag het bezoek aan via de bedrijvenbank, uiterlijk acht weken voor de gewenste "
        "datum.",
        "Bespreek met de contactpersoon van het bedrijf het programma en de "
        "veiligheidsregels.",
        "Laat elke leerling in de les vooraf twee eigen vragen voor de medewerkers opstellen.",
        "Regel vervoer, de toestemming van ouders en de verdeling van de begeleiders.",
        "Begeleid het bezoek en laat leerlingen hun antwoorden ter plekke noteren.",
        "Bespreek het bezoek binnen een week na in de klas en stuur het bedrijf een bedankje.",
    ]),
    ("p", "Voor een bezoek buiten de eigen gemeente geven ouders schriftelijk toestemming. "
          "Let op kleding: bij bouw, techniek en voedselverwerking zijn dichte schoenen "
          "verplicht en gaan lange haren in een staart. Sieraden blijven in de bus."),
    ("h2", "4. Rollen en taken"),
    ("table", "Tabel 1. Wie doet wat bij een bedrijfsbezoek",
     ["Taak", "Wie", "Uiterlijk"],
     [["Bezoek aanvragen bij de bedrijvenbank", "LOB-coördinator", "8 weken vooraf"],
      ["Busvervoer of fietsroute regelen", "administratie", "4 weken vooraf"],
      ["Toestemmingsbrief naar ouders sturen", "mentor", "3 weken vooraf"],
      ["Twee vragen per leerling voorbereiden", "leerlingen", "1 week vooraf"],
      ["Evaluatieformulier en bijdrage indienen", "docent", "5 werkdagen na"]],
     [86, 44, 40]),
    ("page",),
    ("h2", "5. Kosten en vervoer"),
    ("p", "Het bezoek zelf is gratis: de bedrijven in de bedrijvenbank vragen geen "
          "vergoeding. Voor busvervoer kunnen aangesloten scholen een bijdrage van de "
          "stichting krijgen van € 4,50 per leerling, met een maximum van € 300 per bezoek. "
          "De aanvraag voor die bijdrage gaat mee met het evaluatieformulier. Bezoeken "
          "binnen vijf kilometer van school gaan te voet of op de fiets; daarvoor geldt geen "
          "bijdrage."),
    ("h2", "6. Leerlingen met een beperking"),
    ("p", "Meld vooraf aan het bedrijf als een leerling in een rolstoel zit, slecht hoort of "
          "snel overprikkeld raakt. Niet elke werkplaats is toegankelijk. De stichting kan "
          "dan een vergelijkbaar bedrijf voorstellen met een rolstoeltoegankelijke route of "
          "een rustige ruimte waar een leerling even bij kan komen."),
    ("h2", "7. Evaluatie"),
    ("p", "Vul binnen vijf werkdagen na het bezoek het evaluatieformulier in. De stichting "
          "deelt de resultaten twee keer per jaar, in februari en juli, met de bedrijven. Een "
          "bedrijf dat drie keer achter elkaar een waardering onder de 6 krijgt, wordt niet "
          "meer actief aangeboden."),
    ("p", "Vragen over bedrijfsbezoeken beantwoordt projectleider Wessel Tuinstra via "
          "bezoek@bedrijfenschool-ulvenmark.example."),
    ("p", INVENTED),
]

# -------------------------------------------------------------------------------- DOCX source

BEROEPSBEELDEN = [
    ("h1", "Wie zie jij in dit beroep? Docentenhandleiding"),
    ("p", "LOB-werkvorm over beroepsbeelden en genderstereotypen van het Kaapstede College in "
          "Brakkenburg, sectie LOB, versie januari 2026."),
    ("h2", "Doel"),
    ("p", "Leerlingen worden zich bewust van de beelden die zij hebben bij beroepen en van de "
          "rol die het geslacht daarin speelt. Veel jongeren strepen een beroep weg omdat het "
          "een 'mannenberoep' of een 'vrouwenberoep' zou zijn, zonder te weten wat het werk "
          "inhoudt. Na afloop kan elke leerling één beroep noemen dat hij of zij eerder had "
          "uitgesloten en nu wil onderzoeken."),
    ("h2", "Doelgroep"),
    ("p", "Leerlingen van de brugklas en leerjaar 2 van vmbo, havo en vwo. De werkvorm is "
          "bedoeld voor een hele klas, met een maximum van 30 leerlingen. Hij werkt het best "
          "voordat leerlingen hun profiel of sector kiezen."),
    ("h2", "Duur"),
    ("p", "Eén lesuur van 60 minuten, plus een huiswerkopdracht van ongeveer 30 minuten."),
    ("h2", "Benodigdheden"),
    ("ul", [
        "16 beroepskaarten met alleen de naam van het beroep (map Beeldvorming op de "
        "LOB-schijf);",
        "16 fotokaarten van echte beroepsbeoefenaars uit de serie Zo werk ik van Platform "
        "Loopbaan Ulvenmark;",
        "per leerling een schetsblad en kleurpotloden;",
        "post-its in twee kleuren, geel en groen;",
        "het werkblad Mijn beroep onder de loep, voor thuis.",
    ]),
    ("h2", "Voorbereiding"),
    ("p", "Kies acht beroepen waarover de klas waarschijnlijk een uitgesproken beeld heeft, "
          "bijvoorbeeld verpleegkundige, automonteur, pedicure, piloot, "
          "kinderopvangmedewerker, elektricien, kapper en softwareontwikkelaar. Zoek de "
          "bijbehorende fotokaarten erbij. Zorg dat op de helft van de foto's iemand staat "
          "die niet in het verwachte plaatje past, zoals een mannelijke pedicure of een "
          "vrouwelijke automonteur."),
    ("h2", "Werkwijze"),
    ("ol", [
        "Lees een beroepsnaam voor en laat leerlingen in twee minuten een persoon tekenen die "
        "dat beroep uitoefent.",
        "Herhaal dit voor vier beroepen, zonder commentaar te geven op de tekeningen.",
        "Hang de tekeningen per beroep op en laat de klas turven hoeveel mannen en hoeveel "
        "vrouwen er getekend zijn.",
        "Laat daarna de fotokaarten van de echte beroepsbeoefenaars zien.",
        "Laat leerlingen op een gele post-it schrijven wat hen verraste en op een groene "
        "post-it welk beroep ze nu anders bekijken.",
        "Bespreek klassikaal waar de beelden vandaan komen: ouders, films, sociale media of "
        "eigen ervaring.",
        "Geef het werkblad mee als huiswerk: de leerling zoekt een beroep uit dat hij of zij "
        "eerder had uitgesloten.",
    ]),
    ("h2", "Nabespreking"),
    ("p", "Stel vragen als: Waarom tekende bijna iedereen een man bij de piloot? Ken je zelf "
          "iemand die dit werk doet? Wat zou je ervan vinden als iemand jou een beroep "
          "afraadt omdat je een jongen of een meisje bent? Geef zelf geen oordeel over de "
          "tekeningen; het gaat erom dat leerlingen hun eigen beelden opmerken, niet dat ze "
          "het juiste antwoord geven."),
    ("h2", "Achtergrond"),
    ("p", "In de regio Ulvenmark koos in 2024 nog geen 9 procent van de meisjes in het vmbo "
          "voor een technisch profiel, en was 14 procent van de leerlingen in het profiel "
          "Zorg en welzijn een jongen. Onderzoek laat zien dat jongeren al op de basisschool "
          "beroepen in hokjes beginnen te stoppen. Een les als deze verandert dat niet in één "
          "keer, maar laat leerlingen wel zien dat ze een keuze hebben."),
    ("h2", "Tips"),
    ("p", "Sommige leerlingen tekenen voor de grap een karikatuur. Neem ook die serieus: "
          "vraag wat de tekening zegt over het beeld van het beroep. Geef de werkvorm niet "
          "vlak na een profielkeuzemoment, maar ruim ervoor, zodat er nog tijd is om een "
          "beroep te onderzoeken. Vraag eventueel een ouder met een verrassend beroep om in "
          "een volgende les te vertellen over het werk."),
    ("h2", "Afronding en loopbaandossier"),
    ("p", "Het ingevulde werkblad gaat in het loopbaandossier en wordt besproken in het "
          "mentorgesprek in de week na de les. In het schooljaar 2024-2025 werd de werkvorm "
          "in 21 klassen gegeven. Na afloop zei 63 procent van de leerlingen een beroep te "
          "willen onderzoeken dat ze eerst hadden uitgesloten."),
    ("p", "Vragen over deze werkvorm stelt u aan LOB-coördinator Jorien Blaauwgeers."),
    ("p", INVENTED),
]

PDFS = {
    "handreiking-bedrijfsbezoek-organiseren": (
        "Stichting Bedrijf en School Ulvenmark",
        "Handreiking: een leerzaam bedrijfsbezoek organiseren",
        BEDRIJFSBEZOEK,
    ),
}
DOCXS = {
    "opdracht-beroepsbeelden-gender-docentenhandleiding": (
        "Wie zie jij in dit beroep? Docentenhandleiding",
        BEROEPSBEELDEN,
    ),
}


def main() -> None:
    write_documents(DOCS, PDFS, DOCXS)


if __name__ == "__main__":
    main()
