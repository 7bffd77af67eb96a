"""Fuzz the API from its own OpenAPI spec: whatever a client sends, never a 5xx; what comes
back is what the spec says (2xx), or a JSON error that says why (4xx), and what a 2xx says
holds for its operation."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from assistant.api.main import create_app
from assistant.service import LobService


@pytest.fixture(scope="module")
def fuzz_app(corpus_index, embedder, tmp_path_factory):
    # No admin token: the fuzzer must not delete the shared test index.
    settings = corpus_index.model_copy(update={"admin_token": None})
    return create_app(settings, service=LobService(settings, embedder=embedder), with_ui=False)


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


def _passages_point_into_their_text(hits: list[dict]) -> None:
    for h in hits:
        assert 0 <= h["start"] < h["end"] and h["end"] - h["start"] >= len(h["text"].strip())


def _answer_cites_what_it_lists(body: dict) -> None:
    numbers = [c["n"] for c in body["citations"]]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])}
    assert cited <= set(numbers) if body["answerable"] else True, body["answer"][:200]
    _passages_point_into_their_text(body["citations"])


# What a 2xx of each operation must say beyond its schema.
MEANS = {
    ("POST", "/api/v1/ask"): _answer_cites_what_it_lists,
    ("POST", "/api/v1/chat"): lambda b: _answer_cites_what_it_lists(b) is None
    and bool(b["session_id"]),
    ("GET", "/api/v1/search"): _passages_point_into_their_text,
    ("GET", "/api/v1/documents"): lambda b: [d["doc_id"] for d in b] == sorted(
        d["doc_id"] for d in b
    ),
    ("POST", "/v1/chat/completions"): lambda b: bool(b["choices"][0]["message"]["content"]),
    ("GET", "/health"): lambda b: b == {"status": "ok"},
    ("GET", "/ready"): lambda b: b["status"] == "ready" and b["chunks"] > 0,
}


# schemathesis' pytest plugin does not run on pytest 9 yet: drive its hypothesis strategies
# (one per operation of our OpenAPI spec) directly instead.
def test_every_operation_answers_as_its_spec_says(api_schema):
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) >= 12
    statuses: Counter[tuple[str, str, int]] = Counter()
    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=20, deadline=None, database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call()
            where = (case.method, case.operation.path)
            statuses[(*where, response.status_code)] += 1
            assert "Traceback" not in response.text
            if response.status_code < 300:
                case.validate_response(response, checks=[
                    not_a_server_error, response_schema_conformance, content_type_conformance,
                ])
                means = MEANS.get(where)
                kind = str(response.headers.get("content-type"))  # a list here
                if means is not None and "application/json" in kind:
                    assert means(response.json()) is not False, (where, response.text[:300])
            else:
                assert response.status_code < 500, (*where, response.text[:300])
                detail = response.json()["detail"]  # JSON, and it says why
                assert detail, (where, response.text[:300])
                assert len(json.dumps(detail)) < 20_000  # the input is not echoed back

        check()
    # The fuzzer really sent requests, good and bad ones, and every answering operation
    # answered at least once.
    assert sum(statuses.values()) > 10 * len(operations)
    ok = {(m, p) for (m, p, s) in statuses if s < 300}
    assert {("POST", "/api/v1/ask"), ("GET", "/api/v1/search"), ("GET", "/health")} <= ok, ok
    assert any(s >= 400 for (_, _, s) in statuses)
