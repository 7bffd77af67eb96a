"""One set of question checks (assistant/checks.py), run by the service for every entry: the
API's routes, the OpenAI endpoint, the UI and the CLI refuse the same input with the same
reason, and the API's status comes from the error's type."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant import checks
from assistant.service import InvalidInput, NotFound, QuestionTooLong
from ui.app import answer_turn

LONG = "Wat is LOB? " * 200  # 2,400 characters: over the default 2,000


@pytest.mark.parametrize(
    "question, error, word",
    [("   \n", checks.QuestionEmpty, "empty"), (LONG, QuestionTooLong, "longer than 2000"),
     ("wat\x00is dit", checks.ControlCharacters, "control"),
     ("\ud800 LOB", checks.InvalidUnicode, "Unicode")],
)
def test_every_entry_refuses_the_same_question_for_the_same_reason(
    client, service, question, error, word
):
    for call in (lambda: service.ask(question), lambda: service.search(question),
                 lambda: service.feedback(question, "a", "up")):
        with pytest.raises(error, match=word):
            call()
    if "\ud800" in question:  # JSON bodies with a lone surrogate: the request models' 422
        return
    responses = [
        client.post("/api/v1/ask", json={"question": question}),
        client.post("/api/v1/chat", json={"message": question}),
        client.get("/api/v1/search", params={"q": question}),
        client.post("/v1/chat/completions",
                    json={"messages": [{"role": "user", "content": question}]}),
        client.post("/api/v1/feedback", json={"question": question, "answer": "a",
                                              "rating": "down"}),
    ]
    for r in responses:
        assert r.status_code == 422, (r.request.url, r.text[:200])
        assert word in r.json()["detail"], (r.request.url, r.text[:200])


def test_history_keeps_the_last_turns_and_bounds_each(service):
    settings = service.settings.model_copy(update={"max_history_turns": 3})
    assert checks.history(["a", " ", "b", "c", "d"], settings) == ["b", "c", "d"]
    assert checks.history(["a"], settings.model_copy(update={"max_history_turns": 0})) == []
    with pytest.raises(checks.TurnTooLong):
        checks.history(["x" * (settings.max_turn_chars + 1)], settings)


def test_the_ui_says_a_refusal_in_dutch(service):
    _, chat, sources, asked = answer_turn(service, LONG, [], [], None)
    assert chat[-1]["content"] == "Die vraag is te lang (max. 2000 tekens)."
    assert sources == "" and asked == []


def test_unknown_things_are_not_found_a_404(client, service, admin):
    with pytest.raises(NotFound):
        service.document("no-such-doc")
    assert client.get("/api/v1/documents/no-such-doc").status_code == 404
    assert client.delete("/api/v1/documents/no-such-doc", headers=admin).status_code == 404


def test_the_cli_goes_through_the_same_check(corpus_index):
    env = {**os.environ, "LOB_DATA_DIR": str(corpus_index.data_dir), "HF_HUB_OFFLINE": "1"}
    for args in (["ask", LONG], ["search", LONG], ["ask", "   "]):
        out = subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 2, out.stderr
        assert out.stderr.startswith("error: the question is "), out.stderr
    assert issubclass(QuestionTooLong, InvalidInput)
