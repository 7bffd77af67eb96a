"""A real server (uvicorn on a free loopback port) called with the official openai client."""

from __future__ import annotations

import httpx


def test_openai_client_plain(server):
    from openai import OpenAI

    client = OpenAI(base_url=f"{server}/v1", api_key="not-needed")
    assert [m.id for m in client.models.list()] == ["lob-assistent"]
    r = client.chat.completions.create(
        model="lob-assistent",
        messages=[
            {"role": "user", "content": "Welke scholen doen mee aan LOB – Gelijke Kansen?"},
            {"role": "assistant", "content": "…"},
            {"role": "user", "content": "Wanneer starten ze?"},
        ],
    )
    text = r.choices[0].message.content
    assert "februari" in text and "[1]" in text and "Bronnen:" in text


def test_openai_client_streaming(server):
    from openai import OpenAI

    client = OpenAI(base_url=f"{server}/v1", api_key="not-needed")
    stream = client.chat.completions.create(
        model="lob-assistent", stream=True,
        messages=[{"role": "user", "content": "Wat is een startkwalificatie?"}],
    )
    parts = [c.choices[0].delta.content or "" for c in stream if c.choices]
    text = "".join(parts)
    assert len(parts) > 2 and "mbo 2" in text and "Bronnen:" in text


def test_ui_and_docs_are_served(server):
    assert httpx.get(f"{server}/ui/", timeout=10).status_code == 200
    assert httpx.get(f"{server}/docs", timeout=10).status_code == 200
    r = httpx.get(server, timeout=10, follow_redirects=False)
    assert r.status_code in (302, 307) and r.headers["location"].endswith("/ui")
