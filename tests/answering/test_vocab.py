"""The answerer's general vocabulary: answer kinds asked for and held, reference words."""

import pytest

from assistant.answering.vocab import (
    answer_kind,
    asked_kind,
    asks_all_steps,
    case_conflict,
    case_values,
    holds_kind,
    points_back,
    step_number,
)


@pytest.mark.parametrize(
    "question, kind, good, bad",
    [
        ("Wanneer begon het?", "date", "op 1 juli 2017", "met veel scholen"),
        ("Hoeveel scholen doen mee?", "count", "twaalf scholen", "veel scholen"),
        ("Hoe lang duurt de opdracht?", "duration", "Dit duurt 50 minuten.", "Dit is leuk."),
        ("Wat is het percentage voor vmbo?", "percentage", "Dat is 42%.", "Dat is veel."),
        ("Wat kost deelname?", "amount", "Deelname kost € 25.", "Deelname is leuk."),
        ("Wat is het telefoonnummer?", "phone", "bel 030 - 123 45 67", "mail ons"),
        ("Wat is het e-mailadres?", "email", "info@school.nl", "bel ons"),
        ("Welke stappen zet ik?", "steps", "1. Lees het dossier.", "Lees het dossier."),
        ("How long does it take?", "duration", "two hours", "a while"),
        # The opening question word decides over a kind word later in the question.
        ("Wanneer wordt het streefpercentage gemeten?", "date", "in juni", "met een enquête"),
        ("Binnen hoeveel dagen komt het verslag?", "duration", "binnen drie dagen", "snel"),
        ("Hoeveel kost een gesprek?", "amount", "Het kost 20 euro.", "Het kost tijd."),
        ("Hoeveel budget is er na 2028?", "amount", "1,2 miljoen euro", "vier jaar"),
        # A compound whose head is money asks an amount, not a count.
        ("Hoeveel collegegeld betaal ik?", "amount", "2.601 euro", "twee keer"),
        ("Hoeveel reiskosten krijg ik terug?", "amount", "40 euro per maand", "vier ritten"),
        # What a thing "kost" in points is counted (in lessons, it lasts); a compound whose
        # head is time asks a duration.
        ("Hoeveel punten kost de speurtocht?", "count", "twee punten", "in het lokaal"),
        ("How many points does the hunt cost?", "count", "two points", "in the hall"),
        ("Hoeveel lessen kost de speurtocht?", "duration", "drie lessen", "in het lokaal"),
        ("Hoeveel lestijd kost de veiling?", "duration", "twee lesuren", "in het lokaal"),
        # Compound units after a number, a quarter of an hour, a lesson count; "een" with a
        # unit alone ("een meeloopdag" is a day out, not how long).
        ("Hoe snel beslist de gemeente?", "duration", "binnen tien werkdagen", "een meeloopdag"),
        ("Hoeveel tijd moet je vrijhouden?", "duration", "een kwartier", "op een dinsdag"),
        ("Hoeveel tijd kost de opdracht?", "duration", "twee lessen", "in een les"),
        ("Op welke data zijn de bijeenkomsten?", "date", "dinsdag 17 november", "in de aula"),
        # A grant asks an amount; "how far in advance" a duration.
        ("Hoeveel studiebeurs krijg ik?", "amount", "€ 350 per maand", "bij DUO"),
        ("Hoe ver van tevoren meld ik me aan?", "duration", "4 weken vooraf", "bij de decaan"),
        # Pay asks an amount, an age a number, "in welke week" a date.
        ("Wat verdient een bbl-student gemiddeld?", "amount", "1.280 euro per maand", "in de bouw"),
        ("Wat is het gemiddelde uurloon?", "amount", "€ 15,20", "per uur"),
        ("Vanaf welke leeftijd kun je beginnen?", "count", "vanaf 16 jaar", "na de zomer"),
        ("In welke week vallen de snuffelstages?", "date", "in week 23", "bij een bedrijf"),
        # A clock time answers "wanneer" too.
        ("Wanneer is het decanaat open?", "date", "open van 8.15 tot 16.00 uur", "in kamer B.12"),
        # A time told relative to something else answers "wanneer" too.
        ("Wanneer lever ik het in?", "date", "uiterlijk vier weken na de startles",
         "via de elektronische leeromgeving"),
        ("Wanneer is de collage af?", "date", "aan het einde van de tweede les", "met lijm"),
        # A time of day is no duration, and "2.601 euro" or "2,5 uur" is no time of day.
        ("Hoe laat begint de dag?", "time", "De dag begint om 9.00 uur.", "Hij duurt 2,5 uur."),
        ("What time does it start?", "time", "It starts at 13:30.", "It costs 2.601 euro."),
        # How often, also when it opens with "hoeveel": "zes keer per jaar" is the answer.
        ("Hoe vaak komt de werkgroep bijeen?", "frequency", "zes keer per jaar",
         "met vijf docenten"),
        ("Hoeveel keer per jaar is er overleg?", "frequency", "Het overleg is maandelijks.",
         "Er zijn drie docenten."),
    ],
)
def test_kinds(question, kind, good, bad):
    assert answer_kind(question) == kind
    assert holds_kind(kind, good) and not holds_kind(kind, bad)


def test_list_numbering_is_no_count_and_no_kind_holds_nothing():
    assert not holds_kind("count", "1. Lees het dossier.")
    assert not holds_kind(None, "2024")


@pytest.mark.parametrize(
    "text, count",
    [
        # A date's day is no count, nor is Dutch "ten" (a preposition) ...
        ("Het project is op 1 juli 2017 van start gegaan.", False),
        ("Het aanbod is er ten behoeve van docenten en ten aanzien van ouders.", False),
        # ... but a number before other words is, and so is an English number word in a
        # text that is not Dutch, or a Dutch one anywhere.
        ("Er doen 12 scholen mee, sinds juli.", True),
        ("Ten schools take part.", True),
        ("Het zijn ten minste drie scholen.", True),
    ],
)
def test_what_counts_as_a_count(text, count):
    assert holds_kind("count", text) is count


@pytest.mark.parametrize(
    "text, duration",
    [
        ("De workshop begint om 13.30 uur.", False),  # a clock time
        ("De workshop duurt 2,5 uur.", True),
        ("De markt is open van 9.00 tot 12.00 uur.", True),  # a span of two
        ("Reken op anderhalf uur.", True),
    ],
)
def test_a_clock_time_is_no_duration(text, duration):
    assert holds_kind("duration", text) is duration


def test_reference_words_and_language():
    assert points_back("Daarmee krijgt de leerling inzicht.")
    assert points_back("Deze gesprekken duren kort.")
    assert not points_back("De leerling krijgt inzicht.")


def test_names_and_places_are_read_with_their_capitals():
    # Case matters: any two words are no name and "in het" is no place.
    assert not holds_kind("person", "Dat doet men aan het begin van het jaar.")
    assert not holds_kind("place", "Dat doet men in het begin van het jaar.")
    assert holds_kind("person", "Neem contact op met Femke de Vries.")
    assert holds_kind("place", "De dag is in Waalhaven.")
    # "Wie ...?" is answered by a role or an organisation as well as by a name.
    assert holds_kind("person", "Het wordt betaald door het ministerie van OCW.")
    assert holds_kind("person", "Dat bespreek je met je mentor.")


def test_showing_how_is_no_time_question():
    # "Hoe laat je zien ...?" asks how to show something ("laten zien"), not a time of day.
    assert answer_kind("Hoe laat je zien dat je nauwkeurig bent?") != "time"
    assert answer_kind("Hoe laat is de uitreiking?") == "time"


def test_a_device_is_no_phone_number_question():
    # "met mijn telefoon" asks whether, not which number.
    assert answer_kind("Mag ik het gesprek opnemen met mijn telefoon?") != "phone"
    assert answer_kind("Wat is het telefoonnummer van de decaan?") == "phone"


def test_a_follow_up_without_a_kind_of_its_own_asks_what_the_previous_turn_asked():
    # The query of a follow-up is the question followed by the previous turn.
    q = "En bij havo/vwo?"
    assert asked_kind(q, f"{q} Wat is het percentage voor vmbo?") == "percentage"
    # Its own words decide when they ask something.
    q = "En hoe lang duurt dat?"
    assert asked_kind(q, f"{q} Wanneer is de open dag?") == "duration"
    # No history: nothing to inherit.
    assert asked_kind("En een huisbezoek?", "En een huisbezoek?") is None
    # A full question without a question word asks yes or no, and one with its own question
    # word asks what it asks: neither takes the previous turn's kind.
    q = "Krijgt de leerling daar een cijfer voor?"
    assert asked_kind(q, f"{q} Hoe lang duurt de opdracht?") is None
    q = "Wat wil die alliantie bereiken?"
    assert asked_kind(q, f"{q} Wanneer is die alliantie opgericht?") is None


def test_years_months_and_weekdays_pin_a_question_to_one_case():
    assert case_values("Hoeveel switchten er in 2023-2024 en in 2022?") == {
        "year": {frozenset({2023, 2024}), frozenset({2022})}}
    assert case_values("Op vrijdag 3 Mei") == {"month": {"mei"}, "weekday": {"vrijdag"}}
    assert case_values("Hoeveel studenten?") == {}
    asked = case_values("Hoeveel eerstejaars switchten in 2023-2024?")
    # Another school year, and no 2023-2024: another case.
    assert case_conflict(asked, "In het studiejaar 2024-2025 stapten 412 eerstejaars over.")
    # The same school year, however written, or a year within it: no conflict.
    assert not case_conflict(asked, "In 2023/24 stapten 390 eerstejaars over.")
    assert not case_conflict(case_values("Hoeveel in 2024?"), "schooljaar 2023-2024: 3")
    # A unit that names no year says nothing against the asked one.
    assert not case_conflict(asked, "Veel eerstejaars stappen over.")
    days = case_values("Welke scholen bieden meeloopdagen op vrijdag aan?")
    assert case_conflict(days, "Je kiest uit een dinsdag of een donderdag.")
    assert not case_conflict(days, "Op dinsdag en vrijdag kan het.")
    assert not case_conflict({}, "In 2024 waren het er drie.")


def test_school_types_and_numbered_levels_pin_a_question_too():
    assert case_values("Hoeveel mbo-studenten en havisten?") == {"school": {"mbo", "havo"}}
    # "mbo" is no part of "vmbo", and "wo" only a word of its own.
    assert case_values("vmbo-leerlingen in een woonwijk") == {"school": {"vmbo"}}
    asked = case_values("Hoeveel uur per dag mag een mbo-student tijdens de bpv werken?")
    assert case_conflict(asked, "Een vmbo-leerling van 14 werkt hooguit zeven uur per dag.")
    assert not case_conflict(asked, "Vmbo-leerlingen en mbo-studenten werken acht uur.")
    assert case_values("Op niveau 3 en 4 meestal twintig weken, in leerjaar 2") == {
        "level": {3, 4}, "grade": {2}}
    level = case_values("Welk deel van de niveau 2-studenten vond zelf een stage?")
    assert case_conflict(level, "Op niveau 3 en 4 vond 80 procent zelf een plek.")
    assert not case_conflict(level, "Op niveau 2, 3 en 4 vond 80 procent zelf een plek.")


def test_the_whole_procedure_and_its_numbered_step_titles():
    assert asks_all_steps("Welke stappen zet ik bij de meeloopdag?")
    assert asks_all_steps("Hoe verloopt een exitgesprek, stap voor stap?")
    assert asks_all_steps("What steps does a student take?")
    # One step of it: the "steps" kind, but not the whole procedure.
    assert answer_kind("Hoe meld ik me aan?") == "steps"
    assert not asks_all_steps("Hoe meld ik me aan?")
    assert step_number("Stap 2: meld je aan") == 2
    assert step_number("Les 3 - terugkijken") == 3
    assert step_number("Step 10. Hand it in") == 10
    # A sentence that starts with such a word is no title.
    assert step_number("Les 3 duurt vijftig minuten.") is None
    assert step_number("Meld je in stap 2 aan.") is None


def test_how_long_is_a_text_is_its_length():
    assert answer_kind("Hoe lang moet het verslag zijn?") == "duration"
    assert holds_kind("duration", "Schrijf een verslag van 300 tot 500 woorden.")
    assert holds_kind("duration", "Lever één tot twee A4 in.")
    assert not holds_kind("duration", "Je schrijft een verslag over je stage.")
