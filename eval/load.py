"""A bounded load test on loopback, on questions never asked before: first 1 user, then N users
at once, against the same server in the same run.

    python -m eval.load --url http://127.0.0.1:8000 [--users 20] [--seconds 30] [--pid PID]
    python -m eval.load --serve DATA_DIR [--users 20] [--seconds 30]   # starts `lob serve`

Why novel questions: the server remembers recent query vectors, so a question asked again is
answered without embedding it, and a load test that repeats its questions measures that
memory (1 user: 85 requests/s) rather than a new user's wait (18 requests/s). Every text sent
in a run, warm-up included, is sent once: the pool is the questions of eval/testset.jsonl
and of the development corpus (eval/devcorpus/tuning.jsonl, heldout.jsonl), each in every
wording of `WORDINGS`, all shuffled together with a seed, so both phases ask texts of the
same mix of lengths. The report counts the texts sent and the distinct texts, and they must
be equal, and gives each phase's mean question length.

Prints, per phase, requests, errors, requests/s, latency p50/p95/p99 and the cores busy on
the machine, then the N-user throughput over the 1-user throughput; with --pid (or --serve)
also the cores the server used and its resident memory before, between and after the
phases, and its peak. Exit code 1 on any error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import numpy as np

from core.config import PROJECT_ROOT

SOURCES = (
    PROJECT_ROOT / "eval" / "testset.jsonl",
    PROJECT_ROOT / "eval" / "devcorpus" / "tuning.jsonl",
    PROJECT_ROOT / "eval" / "devcorpus" / "heldout.jsonl",
)
# Other ways a teacher might put the same question; "{q}" is the question as written.
WORDINGS = (
    "{q}",
    "Kun je me vertellen: {q}",
    "Ik vroeg me af: {q}",
    "Weet jij dit? {q}",
    "Vraag van een mentor: {q}",
    "{q} Graag een kort antwoord.",
    "Even een vraag. {q}",
    "{q} Waar staat dat?",
    "Een collega vraagt: {q}",
    "{q} Dank je!",
    "Hoi, {q}",
    "Nog een vraag over LOB: {q}",
)


def base_questions(sources: tuple[Path, ...] = SOURCES) -> list[str]:
    """The questions of these JSONL files, each once, in file order."""
    out: dict[str, None] = {}
    for path in sources:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.setdefault(json.loads(line)["q"].strip(), None)
    return list(out)


class QuestionPool:
    """Hands out question texts, never the same text twice: every wording of every question
    (`WORDINGS` x base) in one seeded shuffle; raises `PoolExhausted` past len(base) x
    len(WORDINGS). One shuffle, so that any stretch of the pool mixes the wordings alike:
    handing out the plain questions first gave the 1-user phase texts of 18.4 e5 tokens and
    the 20-user phase, which came after, ones of 22.4 (an encode costs by the token), and the
    ratio of the two phases measured their questions as much as the server."""

    def __init__(self, base: list[str], seed: int = 0) -> None:
        if not base:
            raise ValueError("no questions to ask")
        self._texts = self._generate(list(base), random.Random(seed))
        self.sent: list[str] = []

    @staticmethod
    def _generate(base: list[str], rng: random.Random) -> Iterator[str]:
        pairs = [(w, q) for w in WORDINGS for q in base]
        rng.shuffle(pairs)
        seen: set[str] = set()
        for wording, q in pairs:
            text = wording.format(q=q)
            if text not in seen:  # a wording could reproduce another question's text
                seen.add(text)
                yield text

    def take(self) -> str:
        try:
            text = next(self._texts)
        except StopIteration:
            raise PoolExhausted(f"all {len(self.sent)} question texts are used") from None
        self.sent.append(text)
        return text

    @property
    def unique(self) -> bool:
        return len(set(self.sent)) == len(self.sent)


class PoolExhausted(RuntimeError):
    pass


def rss_mb(pid: int, field: str = "VmRSS") -> float | None:
    """A process's resident memory (VmRSS) or its peak (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, all threads) a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float | None:
    """CPU time all processes of the machine have used so far (every core, not idle)."""
    try:
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """Cores used during a phase: by the server (when its pid is known) and by the whole
    machine. On a shared machine the second figure says whether a core was free at all: 20
    users can only go faster than 1 if the server gets a second core."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.t = time.perf_counter()
        self.server = cpu_seconds(pid) if pid else None
        self.machine = machine_busy_seconds()

    def read(self) -> dict[str, float | None]:
        wall = time.perf_counter() - self.t
        out: dict[str, float | None] = {}
        if self.server is not None:
            now = cpu_seconds(self.pid)
            out["server_cores"] = round((now - self.server) / wall, 2) if now else None
        if self.machine is not None:
            now = machine_busy_seconds()
            out["machine_busy_cores"] = round((now - self.machine) / wall, 2) if now else None
        if out.get("server_cores") is not None and out.get("machine_busy_cores") is not None:
            out["others_cores"] = round(out["machine_busy_cores"] - out["server_cores"], 2)
        return out


async def _user(client: httpx.AsyncClient, url: str, until: float, pool: QuestionPool,
                out: dict) -> None:
    while time.perf_counter() < until:
        try:
            q = pool.take()
        except PoolExhausted:
            out["pool_exhausted"] = True
            return
        out["chars"].append(len(q))
        t = time.perf_counter()
        try:
            r = await client.post(f"{url}/api/v1/ask", json={"question": q}, timeout=60)
            ok = r.status_code == 200 and "answer" in r.json()
            detail = "" if ok else f"{r.status_code} {r.text[:200]}"
        except httpx.HTTPError as exc:
            ok, detail = False, repr(exc)
        out["latency"].append(time.perf_counter() - t)
        if not ok:
            out["errors"] += 1
            out["examples"] = (out.get("examples") or [])[:4] + [f"{q!r}: {detail}"]


def _pct(lat_ms: np.ndarray, p: float) -> float | None:
    return round(float(np.percentile(lat_ms, p)), 1) if len(lat_ms) else None


async def run(url: str, users: int, seconds: float, pool: QuestionPool | None = None) -> dict:
    """`users` users asking one question after another for `seconds`, each a new text."""
    pool = pool or QuestionPool(base_questions())
    out: dict = {"latency": [], "errors": 0, "chars": []}
    limits = httpx.Limits(max_connections=users)
    async with httpx.AsyncClient(limits=limits) as client:
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(_user(client, url, until, pool, out) for _ in range(users)))
        elapsed = time.perf_counter() - start
    lat = np.array(out["latency"]) * 1000
    result = {
        "users": users, "seconds": round(elapsed, 1), "requests": len(lat),
        "errors": out["errors"], "throughput_rps": round(len(lat) / elapsed, 2),
        "p50_ms": _pct(lat, 50), "p95_ms": _pct(lat, 95), "p99_ms": _pct(lat, 99),
        # What the phase asked: an encode's cost grows with the question's length.
        "question_chars_mean": round(float(np.mean(out["chars"])), 1) if out["chars"] else None,
    }
    if out.get("examples"):
        result["error_examples"] = out["examples"]
    if out.get("pool_exhausted"):
        result["pool_exhausted"] = True
    return result


async def _warm_up(url: str, pool: QuestionPool, n: int) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(n):
            await client.post(f"{url}/api/v1/ask", json={"question": pool.take()}, timeout=120)


def compare(url: str, users: int, seconds: float, pid: int | None = None, seed: int = 0,
            warmup: int = 3) -> dict:
    """1 user, then `users` users, for `seconds` each, on one pool of novel questions."""
    pool = QuestionPool(base_questions(), seed=seed)
    memory: dict[str, float | None] = {}
    asyncio.run(_warm_up(url, pool, warmup))
    if pid:
        memory["rss_mb_before"] = rss_mb(pid)
    meter = CpuMeter(pid)
    one = asyncio.run(run(url, 1, seconds, pool))
    one["cpu"] = meter.read()
    if pid:
        memory["rss_mb_between"] = rss_mb(pid)
    meter = CpuMeter(pid)
    many = asyncio.run(run(url, users, seconds, pool))
    many["cpu"] = meter.read()
    if pid:
        memory["rss_mb_after"] = rss_mb(pid)
        memory["rss_mb_peak"] = rss_mb(pid, "VmHWM")
    ratio = (round(many["throughput_rps"] / one["throughput_rps"], 2)
             if one["throughput_rps"] else None)
    return {
        "one_user": one, "n_users": many, "throughput_ratio": ratio,
        "questions_sent": len(pool.sent), "questions_distinct": len(set(pool.sent)),
        "all_novel": pool.unique, "loadavg": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(), **memory,
    }


def render(result: dict) -> str:
    rows = [("1 user", result["one_user"]), (f"{result['n_users']['users']} users",
                                             result["n_users"])]
    lines = ["| | requests | errors | requests/s | p50 ms | p95 ms | p99 ms "
             "| server cores | machine busy cores | question chars |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in rows:
        cpu = r.get("cpu") or {}
        lines.append(f"| {name} | {r['requests']} | {r['errors']} | {r['throughput_rps']} "
                     f"| {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
                     f"| {cpu.get('server_cores', '–')} | {cpu.get('machine_busy_cores', '–')} "
                     f"| {r.get('question_chars_mean', '–')} |")
    lines.append("")
    lines.append(f"throughput {result['n_users']['users']} users / 1 user: "
                 f"{result['throughput_ratio']}x; {result['questions_sent']} questions sent, "
                 f"{result['questions_distinct']} distinct; load average {result['loadavg']} "
                 f"on {result['cpus']} CPUs")
    if result.get("rss_mb_before") is not None:
        lines.append(f"server RSS MB: before {result['rss_mb_before']}, between "
                     f"{result.get('rss_mb_between')}, after {result.get('rss_mb_after')}, "
                     f"peak {result.get('rss_mb_peak')}")
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(data_dir: Path, log_path: Path, **env: str) -> Iterator[tuple[str, int]]:
    """A real `lob serve` on `data_dir` on a free loopback port; yields (url, pid)."""
    port = _free_port()
    full_env = {**os.environ, "LOB_DATA_DIR": str(data_dir), "GRADIO_ANALYTICS_ENABLED": "False",
                "HF_HUB_OFFLINE": "1", **env}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port)], env=full_env, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 180
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"lob serve exited with {proc.returncode}: {log_path}")
                if time.time() > deadline:
                    raise RuntimeError(f"lob serve did not get ready: {log_path}")
                try:
                    if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            yield url, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--serve", type=Path, default=None, metavar="DATA_DIR",
                    help="start `lob serve` on this (ingested) data dir instead of --url")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30, help="per phase (1 user, N users)")
    ap.add_argument("--pid", type=int, default=None, help="server pid, to report its RSS")
    ap.add_argument("--seed", type=int, default=0, help="order of the questions")
    ap.add_argument("--json", type=Path, default=None, help="also write the result here")
    args = ap.parse_args(argv)
    if not (1 <= args.users <= 200 and 0 < args.seconds <= 600):
        ap.error("users must be 1..200 and seconds 0..600: this is a bounded test")
    if args.serve:
        with serve(args.serve, Path(args.serve) / "load-server.log") as (url, pid):
            result = compare(url, args.users, args.seconds, pid, args.seed)
    else:
        result = compare(args.url.rstrip("/"), args.users, args.seconds, args.pid, args.seed)
    print(render(result))
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    bad = result["one_user"]["errors"] + result["n_users"]["errors"]
    return 1 if bad or not result["all_novel"] else 0


if __name__ == "__main__":
    sys.exit(main())
