"""/v1/chat/completions: sources as Markdown links with title and year, usage in words."""

from __future__ import annotations

import json
import re

Q = "Wat is het doel van de Subsidieregeling nazorg mbo?"
LINK = re.compile(r"^\[(\d+)\] \[(.+) \(((?:19|20)\d\d|datum onbekend)\)\]\((http://[^)]+/view\?[^)]+)\)")


def test_sources_are_markdown_links_and_usage_counts_words(client):
    body = {"messages": [{"role": "user", "content": Q}]}
    got = client.post("/v1/chat/completions", json=body).json()
    text = got["choices"][0]["message"]["content"]
    links = [LINK.match(line) for line in text.splitlines() if line.startswith("[")]
    assert links and all(links), text
    n, title, year, url = links[0].groups()
    assert n == "1" and title and "/api/v1/documents/" in url
    assert client.get(url.split("#")[0]).status_code == 200  # the link opens the source
    assert got["usage"] == {
        "prompt_tokens": len(Q.split()), "completion_tokens": len(text.split()),
        "total_tokens": len(Q.split()) + len(text.split()),
    }


def test_a_stream_can_ask_for_usage(client):
    body = {"messages": [{"role": "user", "content": Q}], "stream": True,
            "stream_options": {"include_usage": True}}
    with client.stream("POST", "/v1/chat/completions", json=body) as r:
        events = [line[6:] for line in r.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    last = json.loads(events[-2])
    text = "".join(
        json.loads(e)["choices"][0]["delta"].get("content", "")
        for e in events[:-2] if json.loads(e)["choices"]
    )
    assert last["choices"] == [] and last["usage"]["completion_tokens"] == len(text.split())
