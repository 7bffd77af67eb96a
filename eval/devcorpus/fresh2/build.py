"""Write the PDF and DOCX documents of the fresh2 fold from the sources below.

    .venv/bin/python -m eval.devcorpus.fresh2.build

Everything in these documents is invented to evaluate the LOB Assistent and is no LOB policy
(see README.md). The writer comes from eval/devcorpus/build.py, so the output is deterministic.
"""

from __future__ import annotations

from pathlib import Path

from eval.devcorpus.build import INVENTED, write_documents

DOCS = Path(__file__).resolve().parent / "docs"

# --------------------------------------------------------------------------------- PDF source

STUDIEKEUZECHECK = [
    ("h1", "Handreiking: leerlingen voorbereiden op de studiekeuzecheck"),
    ("p", "Een uitgave van het Decanennetwerk Ravenstreek, versie 1.0, januari 2026. Voor "
          "decanen en mentoren van havo 5 en vwo 6."),
    ("h2", "1. Wat is de studiekeuzecheck?"),
    ("p", "Wie zich vóór 1 mei aanmeldt voor een bacheloropleiding zonder selectie, heeft "
          "recht op een studiekeuzecheck. Dat is een activiteit van de hogeschool of "
          "universiteit waarin de aankomende student ervaart of de opleiding bij hem past. "
          "Hogeschool Aan de Ree noemt het een matchingsdag; andere instellingen spreken van "
          "een proefstudeerdag of een kennismakingsgesprek. De vorm verschilt per opleiding: "
          "een vragenlijst, een online opdracht, een proefcollege, een gesprek of een "
          "combinatie daarvan."),
    ("p", "Na de check krijgt de leerling een advies: positief, positief met "
          "aandachtspunten, of twijfel. Het advies is niet bindend. Een leerling met een "
          "negatief advies mag zich toch inschrijven, maar doet er goed aan het advies met "
          "de decaan te bespreken. Bij sommige opleidingen is meedoen aan de check wel "
          "verplicht; wie zonder geldige reden wegblijft, kan dan worden geweigerd."),
    ("h2", "2. Waarom voorbereiden?"),
    ("p", "Uit een rondvraag onder 212 oud-leerlingen van scholen in de Ravenstreek bleek dat "
          "ruim een derde de studiekeuzecheck als een toets had ervaren waarvoor je moest "
          "slagen. Daardoor gaven ze sociaal wenselijke antwoorden en leerden ze weinig over "
          "hun eigen keuze. Een goede voorbereiding helpt leerlingen de check te zien als "
          "wat hij is: een kans om de opleiding te testen, en niet andersom."),
    ("page",),
    ("h2", "3. Zo bereid je de leerling voor"),
    ("p", "Plan met elke leerling die zich heeft aangemeld een voorbereidingsgesprek van een "
          "half uur. Het stappenplan hieronder kan ook in een mentorles worden gebruikt."),
    ("ol", [
        "Controleer in Studielink of de aanmelding vóór 1 mei is afgerond.",
        "Zoek samen op wat de opleiding bij de check vraagt en wanneer die is.",
        "Laat de leerling de motivatievragen eerst zelf beantwoorden, zonder hulp.",
        "Bespreek de antwoorden: zijn ze eerlijk, en passen ze bij eerdere LOB-ervaringen?",
        "Laat de leerling drie eigen vragen voor de opleiding opschrijven.",
        "Spreek af dat de leerling het advies na ontvangst met de decaan deelt.",
    ]),
    ("p", "Schrijf de motivatie nooit voor de leerling. Docenten van de opleiding herkennen "
          "teksten die door een volwassene zijn geschreven, en de leerling mist zo juist de "
          "reflectie waar het om gaat."),
    ("h2", "4. Planning in het examenjaar"),
    ("table", "Tabel 1. Jaarplanning studiekeuzecheck voor havo 5 en vwo 6",
     ["Periode", "Activiteit", "Wie"],
     [["September en oktober", "open dagen en meeloopdagen bezoeken", "leerling"],
      ["November", "voorlichtingsavond voor ouders", "decaan"],
      ["Januari", "voorlopige studiekeuze in het mentorgesprek", "mentor"],
      ["Februari tot 1 mei", "aanmelden in Studielink", "leerling"],
      ["April tot juni", "studiekeuzecheck bij de opleiding", "hogeschool of universiteit"],
      ["Binnen twee weken na het advies", "adviesgesprek", "decaan"]],
     [50, 75, 45]),
    ("page",),
    ("h2", "5. Na een twijfeladvies"),
    ("p", "Een twijfeladvies is geen afwijzing. Bespreek met de leerling waar de twijfel "
          "vandaan komt: de inhoud van de opleiding, de manier van studeren of de motivatie. "
          "Wie ondanks het advies wil beginnen, maakt een plan voor de eerste tien weken. Wie "
          "wil overstappen, kan zich tot 1 mei nog voor een andere opleiding aanmelden en "
          "behoudt dan het recht op een check."),
    ("p", "In het schooljaar 2024-2025 kregen 1.043 leerlingen uit de regio een advies. 78 "
          "procent kreeg een positief advies, 16 procent een positief advies met "
          "aandachtspunten en 6 procent een twijfeladvies. Van de leerlingen met een "
          "twijfeladvies koos 44 procent alsnog een andere opleiding."),
    ("h2", "6. Leerlingen met een functiebeperking"),
    ("p", "Leerlingen met dyslexie, autisme of een andere beperking kunnen vooraf bij de "
          "opleiding vragen om aanpassingen tijdens de check, zoals extra tijd of een "
          "rustige ruimte. Dat moet uiterlijk tien werkdagen voor de check. De decaan helpt "
          "met het aanvragen."),
    ("p", "Meer informatie geeft Anouk Verschuren, coördinator van het Decanennetwerk "
          "Ravenstreek, via netwerk@decanen-ravenstreek.example."),
    ("p", INVENTED),
]

# -------------------------------------------------------------------------------- DOCX source

WAARDENVEILING = [
    ("h1", "De waardenveiling: docentenhandleiding"),
    ("p", "LOB-werkvorm van het Ravelijn College in Oudemolen, sectie LOB, versie september "
          "2025."),
    ("h2", "Doel"),
    ("p", "Leerlingen ontdekken welke waarden zij belangrijk vinden in hun toekomstige werk, "
          "zoals vrijheid, zekerheid of samenwerking. Ze oefenen motievenreflectie: nadenken "
          "over wat je drijft en waarom. Na afloop kan elke leerling drie werkwaarden noemen "
          "en bij elk ervan een beroep bedenken dat daar goed of juist slecht bij past."),
    ("h2", "Doelgroep"),
    ("p", "Leerlingen van vmbo leerjaar 3 en havo 3, in een klas van maximaal 28 leerlingen. "
          "De werkvorm werkt het best in een groep die elkaar al een beetje kent, dus niet in "
          "de eerste weken van het schooljaar."),
    ("h2", "Duur"),
    ("p", "Twee lesuren van 50 minuten. Het eerste lesuur is voor de veiling zelf, het "
          "tweede voor de nabespreking en de verwerking."),
    ("h2", "Benodigdheden"),
    ("ul", [
        "een set van 20 waardenkaarten per klas (te vinden in de LOB-kast van lokaal C.04);",
        "per leerling een biedformulier en een startbudget van 1.000 speelmunten;",
        "een hamer of bel voor de veilingmeester;",
        "het werkblad Mijn drie werkwaarden;",
        "een digibord om de stand van de biedingen bij te houden.",
    ]),
    ("h2", "Voorbereiding"),
    ("p", "Kopieer de biedformulieren en werkbladen een dag van tevoren. Hang de "
          "waardenkaarten zichtbaar op het bord. Bekende waarden op de kaarten zijn onder "
          "meer: veel verdienen, anderen helpen, creatief zijn, buiten werken, zekerheid over "
          "een vaste baan, eigen baas zijn en status."),
    ("h2", "Werkwijze"),
    ("ol", [
        "Leg uit dat de klas een veiling houdt waarin niet spullen, maar waarden te koop zijn.",
        "Geef de leerlingen vijf minuten om op hun biedformulier hun budget over de waarden "
        "te verdelen.",
        "Veil de waarden één voor één; het minimumbod is 50 munten en er wordt geboden in "
        "stappen van 50.",
        "Noteer bij elke verkochte waarde de koper en het bedrag op het digibord.",
        "Bespreek na de veiling welke waarden het meest opbrachten en welke niemand wilde.",
        "Laat leerlingen op het werkblad hun drie belangrijkste werkwaarden opschrijven, ook "
        "als ze die niet hebben gekocht.",
        "Laat ze in tweetallen bij elke waarde een passend beroep zoeken.",
    ]),
    ("h2", "Nabespreking"),
    ("p", "Stel vragen als: Waarom bood je zoveel op deze waarde? Welke waarde liet je gaan en "
          "had je daar spijt van? Welke waarde vinden je ouders belangrijk, en is dat ook de "
          "jouwe? Laat leerlingen zelf het woord doen; de docent vat niet samen wat een "
          "leerling 'eigenlijk' bedoelt."),
    ("h2", "Tips"),
    ("p", "Sommige leerlingen bieden hun hele budget in één keer op één waarde. Laat dat "
          "gebeuren: het levert meestal het mooiste gesprek op. Leerlingen die niets kopen, "
          "vraag je in de nabespreking welke waarde ze gekocht zouden hebben als ze het "
          "dubbele budget hadden gehad."),
    ("h2", "Afronding en LOB-dossier"),
    ("p", "Het ingevulde werkblad gaat in het loopbaandossier en levert 1 LOB-punt op. In het "
          "volgende loopbaangesprek pakt de mentor de drie werkwaarden erbij. In het "
          "schooljaar 2024-2025 deden 14 klassen mee; 92 procent van de leerlingen leverde het "
          "werkblad in."),
    ("p", "Vragen over deze werkvorm stelt u aan LOB-coördinator Femke Dijkgraaf."),
    ("p", INVENTED),
]

PDFS = {
    "handreiking-studiekeuzecheck-havo-vwo": (
        "Decanennetwerk Ravenstreek",
        "Handreiking: leerlingen voorbereiden op de studiekeuzecheck",
        STUDIEKEUZECHECK,
    ),
}
DOCXS = {
    "opdracht-waardenveiling-docentenhandleiding": (
        "De waardenveiling: docentenhandleiding",
        WAARDENVEILING,
    ),
}


def main() -> None:
    write_documents(DOCS, PDFS, DOCXS)


if __name__ == "__main__":
    main()
