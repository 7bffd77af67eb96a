"""Write the PDF and DOCX documents of the development corpus from the sources below.

    .venv/bin/python -m eval.devcorpus.build

Every name of a school, organisation or person in these documents is invented; the documents
exist to evaluate the assistant and are no LOB policy (see README.md). The output is
deterministic: fixed creation dates, fixed zip timestamps, a core PDF font (no font file).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

DOCS = Path(__file__).resolve().parent / "docs"
FIXED = datetime(2025, 3, 1, 9, 0, 0, tzinfo=UTC)
NOTE = "Alle namen van scholen, organisaties en personen in dit document zijn verzonnen."
# The last line of every document of the fresh folds (their build.py import it).
INVENTED = ("Dit document is verzonnen voor de evaluatie van de LOB Assistent; alle namen van "
            "scholen, organisaties, personen en plaatsen zijn verzonnen en de inhoud is geen "
            "LOB-beleid.")

# A document is a list of blocks:
#   ("h1"|"h2"|"h3", text)  ("p", text)  ("ul", [items])  ("ol", [items])
#   ("table", caption, [header], [[cells], ...], [column widths in mm])  ("page",)

# --------------------------------------------------------------------------------- PDF sources

HANDREIKING_GESPREKKEN = [
    ("h1", "Handreiking loopbaangesprekken in het vmbo"),
    ("p", "Een uitgave van Stichting Loopbaanwijzer, versie 2.1, september 2024. Deze "
          "handreiking is geschreven voor mentoren en decanen in de onder- en bovenbouw van "
          "het vmbo."),
    ("h2", "1. Waarom een loopbaangesprek?"),
    ("p", "In het vmbo maakt een leerling twee grote keuzes: aan het eind van leerjaar 2 een "
          "profiel, en in het examenjaar een opleiding in het mbo. Wie zo'n keuze alleen op "
          "een test of een folder baseert, volgt vaak wat vrienden doen. Een gesprek waarin "
          "de leerling zelf aan het woord is, helpt om opgedane ervaringen te verbinden met "
          "wat hij of zij wil en kan."),
    ("p", "We noemen een gesprek een loopbaangesprek als het over de toekomst van de "
          "leerling gaat, en niet over cijfers, verzuim of gedrag. Onder vmbo-scholen in de "
          "regio Lindemeer bleek dat leerlingen met minstens drie loopbaangesprekken per "
          "schooljaar in hun eerste mbo-jaar minder vaak van opleiding wisselden."),
    ("h2", "2. De vijf loopbaancompetenties"),
    ("p", "De gesprekken sluiten aan bij de vijf loopbaancompetenties die in het vmbo "
          "centraal staan:"),
    ("ul", [
        "Kwaliteitenreflectie: nagaan waar je goed in bent en hoe je dat weet.",
        "Motievenreflectie: ontdekken wat je belangrijk vindt in werk en leven.",
        "Werkexploratie: onderzoeken welk werk bij je past, door te kijken, te doen en te "
        "vragen.",
        "Loopbaansturing: zelf stappen zetten en je plannen zo nodig bijstellen.",
        "Netwerken: mensen vinden en benaderen die je verder kunnen helpen.",
    ]),
    ("page",),
    ("h2", "3. Zo voer je een loopbaangesprek"),
    ("p", "Een gesprek duurt in de regel 15 tot 20 minuten. Plan het in een rustige ruimte, "
          "niet even tussendoor op de gang. Het stappenplan hieronder werkt in elk leerjaar."),
    ("ol", [
        "Bereid het gesprek voor: lees het loopbaandossier en de notities van de vorige keer.",
        "Open met een concrete ervaring, zoals een snuffelstage of een bijbaan.",
        "Vraag door op wat de leerling deed, voelde en leerde; stel vooral open vragen.",
        "Laat de leerling verwoorden wat de ervaring zegt over eigen kwaliteiten en motieven.",
        "Spreek samen een haalbare vervolgactie af, met een datum erbij.",
        "Leg de afspraak binnen twee werkdagen vast in het loopbaandossier.",
    ]),
    ("p", "Streef naar een verdeling van de spreektijd van ongeveer zeventig procent voor de "
          "leerling en dertig procent voor de begeleider. Geef geen advies voordat de "
          "leerling zelf een idee heeft verwoord."),
    ("h2", "4. Hoeveel gesprekken per leerjaar?"),
    ("p", "De stichting adviseert het volgende minimum. Een school mag meer gesprekken "
          "plannen, maar niet minder."),
    ("table", "Tabel 1. Minimaal aantal loopbaangesprekken per leerjaar",
     ["Leerjaar", "Aantal", "Gespreksvoerder", "Duur"],
     [["Leerjaar 1 (oriëntatie)", "2", "mentor", "15 minuten"],
      ["Leerjaar 2 (profielkeuze)", "3", "mentor en decaan", "20 minuten"],
      ["Leerjaar 3 (verdieping)", "2", "mentor", "15 minuten"],
      ["Leerjaar 4 (examenjaar)", "4", "decaan", "20 minuten"]],
     [62, 22, 48, 38]),
    ("page",),
    ("h2", "5. Ouders betrekken"),
    ("p", "Nodig ouders of verzorgers minstens één keer per jaar uit voor een "
          "driehoeksgesprek met de leerling en de mentor. In leerjaar 2 en in het examenjaar "
          "is dat extra belangrijk, omdat er dan een keuze wordt vastgelegd. Trek voor een "
          "driehoeksgesprek een half uur uit."),
    ("h2", "6. Scholing voor mentoren"),
    ("p", "Nieuwe mentoren volgen de training Het goede gesprek van Stichting "
          "Loopbaanwijzer. De training bestaat uit drie bijeenkomsten van 2,5 uur en één "
          "intervisiemoment. Deelname kost 375 euro per persoon; voor scholen die bij het "
          "netwerk zijn aangesloten is de training gratis."),
    ("h2", "7. Contact"),
    ("p", "Vragen over deze handreiking kunt u stellen aan Marloes Terpstra, adviseur vmbo "
          "bij Stichting Loopbaanwijzer, via vmbo@loopbaanwijzer.example."),
    ("p", NOTE),
]

HANDREIKING_OVERSTAP = [
    ("h1", "Handreiking warme overstap van vmbo naar mbo"),
    ("p", "Opgesteld door het Regionaal Overstappunt Lindemeer, samen met twee "
          "mbo-instellingen en elf scholen voor voortgezet onderwijs. Vastgesteld op "
          "14 januari 2025."),
    ("h2", "Inleiding"),
    ("p", "Bij een warme overstap geeft de vo-school wat zij weet over een leerling "
          "persoonlijk door aan de mbo-school, met toestemming van de leerling en de ouders. "
          "Zo krijgt een student vanaf de eerste lesdag de steun die hij nodig heeft. Een "
          "koude overstap, waarbij alleen een formulier wordt opgestuurd, gaat vaker mis in "
          "de eerste maanden."),
    ("h2", "Wie doet wat"),
    ("ul", [
        "De decaan van de vo-school coördineert de overdracht en bewaakt de termijnen.",
        "De mentor vult het overdrachtsformulier in en bespreekt het met de leerling.",
        "De intaker van de mbo-school voert het intakegesprek.",
        "Leerling en ouders geven schriftelijk toestemming om gegevens te delen.",
    ]),
    ("h2", "Stappenplan"),
    ("ol", [
        "De leerling meldt zich uiterlijk 1 april aan bij de gekozen mbo-opleiding.",
        "De mentor vult vóór 15 april het digitale overdrachtsformulier in.",
        "Leerling en ouders ondertekenen de toestemmingsverklaring.",
        "De mbo-school nodigt de leerling in april of mei uit voor een intakegesprek.",
        "Bij extra ondersteuning volgt vóór 1 juni een gesprek met de zorgcoördinator.",
        "In oktober laat de mbo-school weten hoe de student is gestart.",
    ]),
    ("page",),
    ("h2", "Termijnen in één overzicht"),
    ("table", "Tabel 1. Termijnen van de warme overstap",
     ["Wat", "Uiterlijk", "Wie"],
     [["Aanmelding bij de mbo-opleiding", "1 april", "leerling"],
      ["Overdrachtsformulier ingevuld", "15 april", "mentor"],
      ["Overdrachtsgesprek bij extra ondersteuning", "1 juni", "decaan"],
      ["Terugkoppeling over de start", "31 oktober", "mbo-school"]],
     [100, 35, 35]),
    ("h2", "Als het toch misgaat"),
    ("p", "Dreigt een student in de eerste tien weken uit te vallen, dan belt de mbo-school "
          "de decaan van de oude school. Samen zoeken zij binnen twee weken naar een "
          "oplossing, bijvoorbeeld een andere opleiding binnen dezelfde instelling."),
    ("p", "Het Regionaal Overstappunt houdt bij hoeveel studenten in het eerste jaar van "
          "opleiding wisselen. In het schooljaar 2023-2024 waren dat er 212."),
    ("page",),
    ("h2", "Privacy"),
    ("p", "Er worden alleen gegevens gedeeld die nodig zijn voor de begeleiding. Het "
          "overdrachtsformulier wordt een jaar na de overstap vernietigd."),
    ("h2", "Contact"),
    ("p", "Coördinator van het Regionaal Overstappunt is Sevda Yilmaz. Zij is bereikbaar "
          "via overstap@lindemeer.example."),
    ("p", NOTE),
]

FACTSHEET_MONITOR = [
    ("h1", "Factsheet LOB-monitor 2024"),
    ("p", "In het voorjaar van 2024 vroeg Kenniscentrum Keuzeleren leerlingen en studenten "
          "naar hun ervaringen met loopbaanbegeleiding. In totaal vulden 8.412 jongeren van "
          "46 scholen de vragenlijst in."),
    ("h2", "Respons"),
    ("table", "Tabel 1. Respons per onderwijstype",
     ["Onderwijstype", "Respondenten", "Scholen"],
     [["vmbo", "2.960", "15"], ["havo", "1.874", "10"], ["vwo", "1.203", "9"],
      ["mbo", "2.375", "12"]],
     [70, 50, 50]),
    ("h2", "Resultaten"),
    ("p", "Tabel 2 laat zien welk deel van de jongeren het eens is met vijf stellingen over "
          "loopbaanbegeleiding."),
    ("table", "Tabel 2. Aandeel dat het eens is met de stelling, per onderwijstype",
     ["Stelling", "vmbo", "havo", "vwo", "mbo"],
     [["Ik heb dit jaar een loopbaangesprek gehad", "81%", "64%", "58%", "72%"],
      ["Mijn school helpt me bij het kiezen", "74%", "55%", "49%", "61%"],
      ["Ik heb een open dag bezocht", "69%", "83%", "88%", "37%"],
      ["Ik weet welk beroep ik later wil", "43%", "39%", "34%", "79%"],
      ["Mijn ouders praten met mij over mijn keuze", "77%", "80%", "82%", "59%"]],
     [94, 19, 19, 19, 19]),
    ("page",),
    ("h2", "Opvallende uitkomsten"),
    ("ul", [
        "Havisten en vwo-leerlingen bezoeken veel vaker een open dag dan mbo-studenten.",
        "Toch zeggen zij minder vaak dat de school hen helpt bij het kiezen.",
        "Mbo-studenten hebben het vaakst een helder beroepsbeeld.",
        "Bij vwo-leerlingen is het loopbaangesprek het minst gebruikelijk.",
    ]),
    ("h2", "Verantwoording"),
    ("p", "De vragenlijst stond open van 4 maart tot en met 12 april 2024. Percentages zijn "
          "afgerond op hele getallen. De monitor wordt om de twee jaar herhaald; de "
          "volgende meting is gepland in het voorjaar van 2026."),
    ("p", "Contactpersoon is dr. Yusuf Demir, onderzoeker bij Kenniscentrum Keuzeleren."),
    ("p", NOTE),
]

BELEIDSKADER = [
    ("h1", "Beleidskader loopbaanoriëntatie en -begeleiding 2025-2028"),
    ("p", "Vastgesteld door het college van burgemeester en wethouders van de gemeente "
          "Lindemeer op 3 december 2024. Verantwoordelijk wethouder: Ria Bosman."),
    ("h2", "Aanleiding"),
    ("p", "In onze regio verlaten elk jaar ongeveer 340 jongeren het onderwijs zonder "
          "startkwalificatie. Veel van hen twijfelden al bij de overstap naar het mbo over "
          "hun keuze. Daarom wil de gemeente dat scholen eerder, en samen met werkgevers, "
          "aan loopbaanbegeleiding werken."),
    ("h2", "Doelen"),
    ("ol", [
        "In 2028 heeft elke vo-school een LOB-programma met bedrijfsbezoeken in leerjaar 2 en 3.",
        "Het aantal voortijdig schoolverlaters daalt van ongeveer 340 naar hoogstens 250.",
        "Jaarlijks bieden minstens 60 werkgevers een meeloopdag of gastles aan.",
    ]),
    ("h2", "Budget"),
    ("p", "Voor de uitvoering trekt de gemeente in totaal 1,2 miljoen euro uit voor vier "
          "jaar. Het grootste deel gaat naar een regeling waarmee scholen activiteiten "
          "vergoed kunnen krijgen."),
    ("table", "Tabel 1. Jaarlijkse bedragen",
     ["Onderdeel", "Per jaar"],
     [["Subsidieregeling LOB-activiteiten", "180.000 euro"],
      ["Coördinator school en werkgevers", "65.000 euro"],
      ["Regionale beroepenweek", "40.000 euro"],
      ["Monitoring en onderzoek", "15.000 euro"]],
     [110, 60]),
    ("page",),
    ("h2", "Subsidie aanvragen"),
    ("p", "Een school kan per schooljaar maximaal 12.500 euro aanvragen. Aanvragen voor "
          "het schooljaar 2025-2026 moeten uiterlijk 1 juli 2025 binnen zijn. De gemeente "
          "neemt binnen acht weken een besluit."),
    ("p", "Een aanvraag komt in aanmerking als aan deze voorwaarden is voldaan:"),
    ("ul", [
        "Het plan beschrijft welke loopbaancompetenties aan bod komen.",
        "Minstens één werkgever of mbo-instelling werkt mee.",
        "De school betaalt zelf 25 procent van de kosten.",
        "Na afloop levert de school een kort verslag in.",
    ]),
    ("h2", "Evaluatie"),
    ("p", "In het najaar van 2026 volgt een tussentijdse evaluatie. De eindevaluatie staat "
          "gepland voor 2028 en wordt uitgevoerd door een onafhankelijk bureau."),
    ("p", NOTE),
]

HANDREIKING_OUDERS = [
    ("h1", "Handreiking ouders betrekken bij loopbaankeuzes"),
    ("p", "Ouderplatform Keuzekracht, tweede druk, mei 2024."),
    ("h2", "Waarom ouders ertoe doen"),
    ("p", "Voor de meeste jongeren zijn ouders en verzorgers de belangrijkste "
          "gesprekspartner bij een studiekeuze, belangrijker dan de decaan of vrienden. "
          "Tegelijk kennen veel ouders het onderwijs van nu slecht: opleidingen en beroepen "
          "zijn veranderd sinds zij zelf van school gingen. Een school die ouders goed "
          "informeert, helpt dus ook de leerling."),
    ("h2", "Drie rollen voor ouders"),
    ("ul", [
        "Gesprekspartner: thuis doorpraten over een stage of een open dag.",
        "Netwerk: het eigen werk en de eigen contacten openstellen voor meeloopdagen.",
        "Ambassadeur: als gastspreker in de klas vertellen over het eigen beroep.",
    ]),
    ("h2", "Activiteiten per leerjaar"),
    ("table", "Tabel 1. Voorgestelde ouderactiviteiten",
     ["Leerjaar", "Activiteit", "Maand"],
     [["Leerjaar 1", "Informatieavond over de profielen", "november"],
      ["Leerjaar 2", "Ouders vertellen over hun beroep", "februari"],
      ["Leerjaar 3", "Workshop open dagen bezoeken", "oktober"],
      ["Examenjaar", "Driehoeksgesprek over de aanmelding", "januari"]],
     [35, 95, 40]),
    ("page",),
    ("h2", "Een ouderavond organiseren in vijf stappen"),
    ("ol", [
        "Kies één thema per avond, bijvoorbeeld de overstap naar het mbo.",
        "Verstuur de uitnodiging minstens drie weken vooraf, ook in eenvoudige taal.",
        "Vraag twee of drie oud-leerlingen om over hun ervaringen te vertellen.",
        "Houd het plenaire deel korter dan 45 minuten en laat tijd voor vragen aan tafels.",
        "Stuur binnen een week een samenvatting naar alle ouders, ook naar wie er niet was.",
    ]),
    ("h2", "Ouders die moeilijk te bereiken zijn"),
    ("p", "Niet alle ouders komen naar school. Een huisbezoek door de mentor of een gesprek "
          "op een andere plek, zoals een buurthuis, verlaagt de drempel. Zet voor ouders die "
          "het Nederlands minder goed beheersen een tolk of een sleutelpersoon uit de eigen "
          "gemeenschap in."),
    ("p", "Op de scholen in het netwerk van Keuzekracht steeg de opkomst bij ouderavonden "
          "op deze manier van 35 naar 58 procent."),
    ("h2", "Meer weten?"),
    ("p", "Neem contact op met Thijs van Oorschot, coördinator van Ouderplatform Keuzekracht."),
    ("p", NOTE),
]

PDFS = {
    "handreiking-lob-gesprekken-vmbo": (
        "Handreiking loopbaangesprekken vmbo - Stichting Loopbaanwijzer",
        "Handreiking loopbaangesprekken in het vmbo", HANDREIKING_GESPREKKEN),
    "handreiking-overstap-vo-mbo": (
        "Warme overstap vo-mbo - Regionaal Overstappunt Lindemeer",
        "Handreiking warme overstap van vmbo naar mbo", HANDREIKING_OVERSTAP),
    "factsheet-lob-monitor-2024": (
        "LOB-monitor 2024 - Kenniscentrum Keuzeleren",
        "Factsheet LOB-monitor 2024", FACTSHEET_MONITOR),
    "beleidskader-lob-lindemeer": (
        "Beleidskader LOB 2025-2028 - Gemeente Lindemeer",
        "Beleidskader loopbaanoriëntatie en -begeleiding 2025-2028", BELEIDSKADER),
    "handreiking-ouderbetrokkenheid-lob": (
        "Ouders en loopbaankeuzes - Ouderplatform Keuzekracht",
        "Handreiking ouders betrekken bij loopbaankeuzes", HANDREIKING_OUDERS),
}

# -------------------------------------------------------------------------------- DOCX sources

KWALITEITEN_DOCENT = [
    ("h1", "Docentenhandleiding: Dit kan ik!"),
    ("p", "In deze LOB-opdracht ontdekken leerlingen hun eigen kwaliteiten door feedback te "
          "vragen aan mensen om hen heen. Het LOB-team van Het Baken College heeft de "
          "opdracht ontwikkeld; auteur is decaan Femke Jansma."),
    ("h2", "Doel"),
    ("p", "Na afloop kan de leerling drie eigen kwaliteiten noemen en bij elke kwaliteit een "
          "voorbeeld uit het eigen leven geven. De opdracht oefent de loopbaancompetentie "
          "kwaliteitenreflectie."),
    ("h2", "Doelgroep"),
    ("p", "Leerlingen van vmbo leerjaar 2 en havo leerjaar 3. De opdracht is ook bruikbaar "
          "in de entreeopleiding van het mbo."),
    ("h2", "Duur"),
    ("p", "Twee lessen van 50 minuten, met een week ertussen om feedback op te halen."),
    ("h2", "Benodigdheden"),
    ("ul", [
        "Werkblad Dit kan ik! (één per leerling)",
        "Tien kwaliteitenkaartjes per tweetal",
        "Een mobiele telefoon of een papieren formulier om feedback te verzamelen",
        "Het loopbaandossier van de leerling",
    ]),
    ("h2", "Werkwijze"),
    ("h3", "Les 1"),
    ("ol", [
        "Bespreek klassikaal wat een kwaliteit is en hoe die verschilt van een vaardigheid.",
        "Leerlingen kiezen uit de kaartjes vijf kwaliteiten die volgens henzelf bij hen passen.",
        "In tweetallen geven ze elkaar bij elke gekozen kwaliteit een voorbeeld.",
        "Leg het huiswerk uit: vraag drie mensen buiten school welke drie kwaliteiten zij "
        "bij jou zien.",
    ]),
    ("h3", "Les 2"),
    ("ol", [
        "Leerlingen leggen hun eigen keuze naast de feedback en markeren de overlap.",
        "Ze kiezen drie kwaliteiten en schrijven bij elk een voorbeeld.",
        "Sluit af met een kringgesprek: welke kwaliteit verraste je?",
    ]),
    ("h2", "Tijdsindeling"),
    ("table", None, ["Onderdeel", "Tijd"],
     [["Uitleg en kaartjes kiezen", "20 minuten"],
      ["Voorbeelden geven in tweetallen", "25 minuten"],
      ["Uitleg van het huiswerk", "5 minuten"],
      ["Feedback verzamelen (thuis)", "een week"],
      ["Vergelijken en afronden", "50 minuten"]], None),
    ("h2", "Beoordeling"),
    ("p", "De opdracht krijgt geen cijfer. De leerling bewaart het ingevulde werkblad in het "
          "loopbaandossier en de mentor bespreekt het in het eerstvolgende loopbaangesprek."),
    ("h2", "Tips"),
    ("ul", [
        "Krijgt een leerling weinig reacties, laat dan ook een docent of sporttrainer meedoen.",
        "Gebruik de uitkomst later bij de opdracht over beroepen die bij je passen.",
    ]),
    ("p", NOTE),
]

KWALITEITEN_JONGEREN = [
    ("h1", "Dit kan ik! Opdracht voor jou"),
    ("p", "Iedereen is ergens goed in. Maar weet jij precies waarin? In deze opdracht zoek je "
          "het uit, samen met mensen die je goed kennen."),
    ("h2", "Wat ga je doen?"),
    ("p", "Eerst kies je zelf kwaliteiten die bij je passen. Daarna vraag je anderen wat zij "
          "in jou zien. Aan het eind weet je drie dingen waar je sterk in bent, met een "
          "voorbeeld erbij."),
    ("h2", "Stap voor stap"),
    ("ol", [
        "Leg de kwaliteitenkaartjes voor je neer en lees ze allemaal door.",
        "Kies vijf kaartjes die volgens jou het best bij je passen en schrijf ze op je werkblad.",
        "Vertel je klasgenoot bij elk kaartje wanneer je die kwaliteit hebt laten zien.",
        "Stuur thuis een bericht naar drie mensen die je goed kennen, bijvoorbeeld je oom, je "
        "trainer of je baas van je bijbaan. Vraag: welke drie dingen kan ik goed?",
        "Schrijf hun antwoorden op je werkblad.",
        "Zet een streep onder de kwaliteiten die jij en de anderen allebei noemden.",
        "Kies je top drie en schrijf bij elke kwaliteit een voorbeeld.",
    ]),
    ("h2", "Wat lever je in?"),
    ("p", "Je bewaart het ingevulde werkblad in je loopbaandossier. Je levert het niet in bij "
          "de docent en je krijgt er geen cijfer voor."),
    ("h2", "Hoeveel tijd kost het?"),
    ("p", "Je werkt er twee lessen aan. Tussen de lessen zit een week, zodat je de antwoorden "
          "van thuis kunt verzamelen."),
    ("h2", "Voorbeelden van kwaliteiten"),
    ("table", None, ["Kwaliteit", "Zo laat je het zien"],
     [["Behulpzaam", "Je helpt een klasgenoot die vastloopt"],
      ["Creatief", "Je bedenkt een andere oplossing als iets niet lukt"],
      ["Nauwkeurig", "Je controleert je werk voordat je het inlevert"],
      ["Doorzetter", "Je blijft oefenen tot het lukt"]], None),
    ("h2", "Tip"),
    ("p", "Vind je het spannend om het te vragen? Begin dan bij iemand die je vertrouwt. De "
          "meeste mensen vinden het leuk om iets positiefs over je te zeggen."),
    ("p", NOTE),
]

INTERVIEW = [
    ("h1", "Interview een professional"),
    ("p", "LOB-opdracht voor havo 4, vwo 4 en vwo 5, ontwikkeld door de sectie LOB van het "
          "Maasoever Lyceum. Versie januari 2025."),
    ("h1", "Deel A: Docentenhandleiding"),
    ("h2", "Doel"),
    ("p", "Leerlingen verkennen een beroep dat hen trekt door iemand te interviewen die dat "
          "werk doet. Zo oefenen ze de competenties werkexploratie en netwerken."),
    ("h2", "Doelgroep"),
    ("p", "Havo 4, vwo 4 en vwo 5."),
    ("h2", "Duur"),
    ("p", "Reken op ongeveer vijf uur studielast: een voorbereidende les van 60 minuten, het "
          "interview zelf van 45 tot 60 minuten, drie uur uitwerken en een korte presentatie "
          "in de slotles."),
    ("h2", "Benodigdheden"),
    ("ul", [
        "Interviewleidraad (bijlage 1)",
        "Telefoon of laptop om het gesprek op te nemen, alleen met toestemming",
        "Beoordelingsformulier (bijlage 2)",
    ]),
    ("h2", "Werkwijze"),
    ("ol", [
        "Leg in de startles de opdracht uit en laat iedere leerling een beroep kiezen.",
        "Leerlingen zoeken via hun eigen netwerk of via de decaan een professional.",
        "Ze stellen minstens tien vragen op, waarvan drie over de opleidingsroute.",
        "Het interview vindt plaats op de werkplek of online.",
        "Leerlingen schrijven een verslag van 600 tot 800 woorden met een eigen reflectie.",
        "In de slotles presenteert elke leerling in vijf minuten de belangrijkste inzichten.",
    ]),
    ("h2", "Beoordeling"),
    ("p", "Het verslag wordt beoordeeld met voldaan of niet voldaan en telt mee voor het "
          "LOB-dossier in het PTA. Leerlingen die niemand kunnen vinden, melden dat uiterlijk "
          "twee weken na de startles bij decaan Joost Verbeek."),
    ("table", None, ["Criterium", "Weging"],
     [["Kwaliteit van de interviewvragen", "30%"],
      ["Verslag van het gesprek", "30%"],
      ["Reflectie op de eigen keuze", "40%"]], None),
    ("h1", "Deel B: Opdracht voor de leerling"),
    ("p", "Heb je je wel eens afgevraagd hoe de werkdag van een dierenarts, een advocaat of "
          "een ICT-beheerder eruitziet? In deze opdracht vraag je het gewoon aan iemand die "
          "dat werk doet."),
    ("h2", "Wat moet je doen?"),
    ("ul", [
        "Kies een beroep dat je interessant vindt, ook als je nog twijfelt.",
        "Zoek iemand die dit werk doet: vraag je ouders, buren, de sportclub of de decaan.",
        "Bereid minstens tien vragen voor.",
        "Vraag altijd toestemming voordat je het gesprek opneemt.",
        "Schrijf een verslag en vertel in de klas wat je hebt geleerd.",
    ]),
    ("h2", "Voorbeeldvragen"),
    ("ul", [
        "Hoe ziet een gewone werkdag eruit?",
        "Welke opleiding heeft u gedaan, en zou u die opnieuw kiezen?",
        "Wat is het minst leuke deel van uw werk?",
        "Welk advies geeft u aan iemand van mijn leeftijd?",
    ]),
    ("h2", "Inleveren"),
    ("p", "Lever je verslag in via de elektronische leeromgeving, uiterlijk vier weken na de "
          "startles."),
    ("p", NOTE),
]

OPEN_DAG = [
    ("h1", "Haal meer uit een open dag"),
    ("p", "Opdracht voor leerlingen van vmbo 3 en 4, havo 4 en 5 en vwo 5 en 6. Gemaakt door "
          "de decanen van Scholengroep Rivierland."),
    ("h2", "Waarom deze opdracht?"),
    ("p", "Op een open dag loop je al snel rond zonder te weten wat je wilt vragen. Dan ga "
          "je naar huis met een tas vol folders, maar zonder antwoorden. Met deze opdracht "
          "bereid je je bezoek voor, zodat je opleidingen beter kunt vergelijken."),
    ("h2", "Voor je gaat"),
    ("ol", [
        "Zoek op welke open dagen er zijn en kies er minstens twee uit.",
        "Bekijk de website van de opleiding en schrijf drie dingen op die je nog niet weet.",
        "Maak een lijstje van vijf vragen. Minstens één vraag gaat over stage of praktijk.",
        "Spreek af met wie je gaat. Een ouder of vriend ziet vaak andere dingen dan jij.",
    ]),
    ("h2", "Tijdens de open dag"),
    ("ul", [
        "Volg een proefles of workshop als dat kan.",
        "Praat met een student, niet alleen met docenten.",
        "Let op de sfeer: voel je je er welkom?",
    ]),
    ("h2", "Na afloop"),
    ("p", "Vul binnen drie dagen na je bezoek het vergelijkingsschema in. Geef elk onderdeel "
          "een cijfer van 1 tot 5."),
    ("table", None, ["Onderdeel", "Opleiding 1", "Opleiding 2"],
     [["Inhoud van de lessen", "", ""],
      ["Stage en praktijkopdrachten", "", ""],
      ["Sfeer en begeleiding", "", ""],
      ["Reistijd vanaf huis", "", ""]], None),
    ("h2", "Voor de docent"),
    ("p", "De voorbereiding kost in de klas één lesuur van 45 minuten. De nabespreking past "
          "in het mentoruur. Volgens de decanen van Rivierland bezoeken leerlingen die deze "
          "opdracht maken gemiddeld 2,4 open dagen, tegen 1,6 zonder voorbereiding."),
    ("p", NOTE),
]

FACTSHEET_BPV = [
    ("h1", "Factsheet tevredenheid over de bpv 2024"),
    ("p", "ROC Lindemeer onderzoekt elk jaar hoe studenten hun beroepspraktijkvorming (bpv) "
          "ervaren. In november 2024 vulden 3.118 studenten de vragenlijst in; de respons was "
          "41 procent."),
    ("h2", "Tevredenheid per niveau"),
    ("table", None,
     ["Niveau", "Tevreden over de stageplek", "Tevreden over begeleiding school",
      "Stage zelf gevonden"],
     [["Niveau 1 (entreeopleiding)", "68%", "71%", "22%"],
      ["Niveau 2 (basisberoepsopleiding)", "74%", "63%", "45%"],
      ["Niveau 3 (vakopleiding)", "81%", "59%", "61%"],
      ["Niveau 4 (middenkaderopleiding)", "85%", "57%", "72%"]], None),
    ("h2", "Per sector"),
    ("ul", [
        "Zorg en welzijn: 83 procent tevreden over de stageplek.",
        "Techniek en bouw: 79 procent tevreden.",
        "Economie en handel: 72 procent tevreden.",
        "Horeca en toerisme: 66 procent tevreden.",
    ]),
    ("h2", "Belangrijkste conclusies"),
    ("ul", [
        "Hoe hoger het niveau, hoe tevredener studenten over hun stageplek zijn.",
        "Over de begeleiding vanuit school zijn studenten op niveau 4 het minst positief.",
        "Op niveau 1 vindt maar een klein deel zelf een stage; de meesten krijgen hulp van school.",
    ]),
    ("h2", "Wat gaat het ROC doen?"),
    ("p", "Vanaf februari 2025 bezoekt de praktijkopleider van school elke bpv-student "
          "minstens twee keer per stageperiode. Daarnaast begint een proef met een stagebank "
          "voor de niveaus 1 en 2."),
    ("p", "Vragen over deze factsheet kunnen naar Noor Achterberg van de afdeling Kwaliteit."),
    ("p", NOTE),
]

DOCXS = {
    "opdracht-mijn-kwaliteiten-docentenhandleiding": (
        "Docentenhandleiding: Dit kan ik!", KWALITEITEN_DOCENT),
    "opdracht-mijn-kwaliteiten-jongeren": ("Dit kan ik! Opdracht voor jou", KWALITEITEN_JONGEREN),
    "opdracht-interview-een-professional": ("Interview een professional", INTERVIEW),
    "opdracht-open-dag-voorbereiden": ("Haal meer uit een open dag", OPEN_DAG),
    "factsheet-bpv-tevredenheid": ("Factsheet tevredenheid over de bpv 2024", FACTSHEET_BPV),
}

# ------------------------------------------------------------------------------------ writers


def build_pdf(running_header: str, title: str, blocks: list) -> bytes:
    from fpdf import FPDF

    class Handreiking(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", "I", 8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 6, running_header, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("helvetica", "", 8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 10, f"pagina {self.page_no()}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = Handreiking(format="A4")
    # cp1252 covers the Dutch letters and the bullet; a core font needs no font file.
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(FIXED)
    pdf.set_title(title)
    pdf.set_author("fictief (evaluatiecorpus)")
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for block in blocks:
        kind = block[0]
        if kind == "page":
            pdf.add_page()
        elif kind in ("h1", "h2", "h3"):
            size = {"h1": 17, "h2": 13, "h3": 11.5}[kind]
            pdf.ln(3)
            pdf.set_font("helvetica", "B", size)
            pdf.multi_cell(width, size * 0.5, block[1], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "p":
            pdf.set_font("helvetica", "", 10.5)
            pdf.multi_cell(width, 5.2, block[1], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
        elif kind in ("ul", "ol"):
            pdf.set_font("helvetica", "", 10.5)
            for n, item in enumerate(block[1], start=1):
                mark = "\u2022" if kind == "ul" else f"{n}."
                pdf.set_x(pdf.l_margin + 3)
                pdf.cell(7, 5.2, mark)
                pdf.multi_cell(width - 10, 5.2, item, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(0.8)
            pdf.ln(2)
        elif kind == "table":
            _, caption, header, rows, widths = block
            if caption:
                pdf.set_font("helvetica", "B", 10)
                pdf.multi_cell(width, 5.5, caption, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            pdf.set_font("helvetica", "", 10)
            with pdf.table(col_widths=widths, width=sum(widths), align="LEFT",
                           text_align="LEFT", line_height=6) as table:
                for cells in [header, *rows]:
                    row = table.row()
                    for cell in cells:
                        row.cell(cell)
            pdf.ln(4)
        else:
            raise ValueError(f"unknown block {kind!r}")
    return bytes(pdf.output())


def build_docx(title: str, blocks: list) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.title = title
    props.author = "fictief (evaluatiecorpus)"
    props.last_modified_by = "fictief (evaluatiecorpus)"
    props.created = FIXED.replace(tzinfo=None)
    props.modified = FIXED.replace(tzinfo=None)
    props.revision = 1
    document.styles["Normal"].font.size = Pt(11)
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            document.add_heading(block[1], level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind in ("ul", "ol"):
            style = "List Bullet" if kind == "ul" else "List Number"
            for item in block[1]:
                document.add_paragraph(item, style=style)
        elif kind == "table":
            _, caption, header, rows, _widths = block
            if caption:
                document.add_paragraph(caption)
            table = document.add_table(rows=1 + len(rows), cols=len(header))
            table.style = "Table Grid"
            for i, text in enumerate(header):
                cell = table.rows[0].cells[i]
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for r, cells in enumerate(rows, start=1):
                for i, text in enumerate(cells):
                    table.rows[r].cells[i].text = text
        else:
            raise ValueError(f"unknown block {kind!r}")
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated FIXED, so a rebuild gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_documents(docs: Path, pdfs: dict, docxs: dict) -> None:
    """Each source as docs/<doc_id>.pdf or .docx (pdfs: {doc_id: (running header, title,
    blocks)}, docxs: {doc_id: (title, blocks)}); the fresh folds' build.py use it too."""
    docs.mkdir(parents=True, exist_ok=True)
    for doc_id, (header, title, blocks) in pdfs.items():
        (docs / f"{doc_id}.pdf").write_bytes(build_pdf(header, title, blocks))
    for doc_id, (title, blocks) in docxs.items():
        (docs / f"{doc_id}.docx").write_bytes(build_docx(title, blocks))
    print(f"wrote {len(pdfs)} PDF and {len(docxs)} DOCX files to {docs}")


def main() -> None:
    write_documents(DOCS, PDFS, DOCXS)


if __name__ == "__main__":
    main()
