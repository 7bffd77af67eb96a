"""The reader of bare lines (ingest/plaintext.py): structure a plain text shows by layout."""

from ingest.plaintext import blocks_from_plain_text


def _spans(text: str) -> list[tuple[str, str, str | None]]:
    return [
        (b.kind, text[b.start:b.end], text[b.start:b.question_end] if b.question_end else None)
        for b in blocks_from_plain_text(text)
    ]


def test_a_question_line_with_its_answer_right_under_it_is_an_faq_entry():
    text = (
        "Vragen over de stage\n\n"
        "Krijg ik een vergoeding?\nDat hangt af van het bedrijf.\nHet is niet verplicht.\n\n"
        "Wat is een contract?\nEen afspraak tussen drie partijen.\n"
    )
    assert _spans(text) == [
        ("heading", "Vragen over de stage", None),
        ("qa", "Krijg ik een vergoeding?\nDat hangt af van het bedrijf.\nHet is niet verplicht.",
         "Krijg ik een vergoeding?"),
        ("qa", "Wat is een contract?\nEen afspraak tussen drie partijen.",
         "Wat is een contract?"),
    ]


def test_a_question_alone_or_inside_a_paragraph_stays_a_paragraph():
    text = (
        "Titel\n\n"
        "Wat wil je later worden?\n\n"  # a blank line after it: no answer under it
        "Dat is de vraag.\nWat wil je later worden?\nDaarover gaat het.\n"
    )
    assert [k for k, _, _ in _spans(text)] == ["heading", "paragraph", "paragraph"]
    assert _spans(text)[2][1] == "Dat is de vraag.\nWat wil je later worden?\nDaarover gaat het."
