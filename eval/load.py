"""A bounded load test on loopback: N concurrent users asking questions for S seconds.

    python -m eval.load --url http://127.0.0.1:8000 [--users 20] [--seconds 60] [--pid PID]

Prints requests, errors, throughput and latency p50/p95; with --pid also the server's
resident memory before and after (sessions and caches are bounded, so it must level off).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path

import httpx
import numpy as np

from eval.testset import load_testset

QUESTIONS = [it.q for it in load_testset(Path(__file__).parent / "testset.jsonl")]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def _user(client: httpx.AsyncClient, url: str, until: float, seed: int, out: dict):
    rng = random.Random(seed)
    while time.perf_counter() < until:
        q = rng.choice(QUESTIONS)
        t = time.perf_counter()
        try:
            r = await client.post(f"{url}/api/v1/ask", json={"question": q}, timeout=60)
            ok = r.status_code == 200 and "answer" in r.json()
        except httpx.HTTPError:
            ok = False
        out["latency"].append(time.perf_counter() - t)
        out["errors"] += 0 if ok else 1


async def run(url: str, users: int, seconds: float) -> dict:
    out: dict = {"latency": [], "errors": 0}
    limits = httpx.Limits(max_connections=users)
    async with httpx.AsyncClient(limits=limits) as client:
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(_user(client, url, until, i, out) for i in range(users)))
        elapsed = time.perf_counter() - start
    lat = np.array(out["latency"]) * 1000
    return {
        "users": users, "seconds": round(elapsed, 1), "requests": len(lat),
        "errors": out["errors"], "throughput_rps": round(len(lat) / elapsed, 2),
        "p50_ms": round(float(np.percentile(lat, 50)), 1) if len(lat) else None,
        "p95_ms": round(float(np.percentile(lat, 95)), 1) if len(lat) else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--pid", type=int, default=None, help="server pid, to report its RSS")
    args = ap.parse_args(argv)
    if not (1 <= args.users <= 200 and 0 < args.seconds <= 600):
        ap.error("users must be 1..200 and seconds 0..600: this is a bounded test")
    before = rss_mb(args.pid) if args.pid else None
    result = asyncio.run(run(args.url.rstrip("/"), args.users, args.seconds))
    if args.pid:
        result["rss_mb_before"] = round(before, 1) if before else None
        after = rss_mb(args.pid)
        result["rss_mb_after"] = round(after, 1) if after else None
    print(json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
