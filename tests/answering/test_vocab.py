"""The answerer's general vocabulary: answer kinds asked for and held, reference words."""

import pytest

from assistant.answering.vocab import answer_kind, holds_kind, is_english, points_back


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


def test_reference_words_and_language():
    assert points_back("Daarmee krijgt de leerling inzicht.")
    assert points_back("Deze gesprekken duren kort.")
    assert not points_back("De leerling krijgt inzicht.")
    assert is_english("How long does the assignment take?")
    assert not is_english("Hoe lang duurt de opdracht?")


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
