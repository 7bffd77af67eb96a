"""A short, bounded load run against the real server: concurrent users, zero errors."""

from __future__ import annotations

import asyncio

from eval.load import run


def test_concurrent_users_get_answers(server):
    result = asyncio.run(run(server, users=8, seconds=6))
    assert result["requests"] > 8 and result["errors"] == 0
    assert result["p95_ms"] is not None
