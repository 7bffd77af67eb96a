"""What `lob bench` is asked to do: its options (typer, so `lob bench --help` lists them) and
the `BenchConfig` they make.

Light on purpose: `assistant/cli.py` imports this module to register the command, so it
imports nothing heavy; the benchmark itself is loaded when the command runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from core.config import PROJECT_ROOT

DEFAULT_OUT = PROJECT_ROOT / "eval" / "out" / "bench"
DEFAULT_TESTSET = PROJECT_ROOT / "eval" / "testset.jsonl"
DEFAULT_SIZES = (1000, 10000)
K = 5  # passages per search and per answer


@dataclass
class BenchConfig:
    sizes: list[int] = field(default_factory=lambda: list(DEFAULT_SIZES))
    out: Path = DEFAULT_OUT
    queries: int = 50
    warmup: int = 5
    server: bool = False
    baseline: bool = True
    base: int = 1000
    seed: int = 0
    # Norm of the Gaussian noise added to a base vector (before renormalising): 0.3 keeps a
    # derived vector at cosine ~0.96 from its base.
    noise: float = 0.3
    noop_repeats: int = 3
    work: Path | None = None
    keep: bool = False
    profile: bool = False
    progress: bool = True
    testset: Path = DEFAULT_TESTSET
    strict: bool = False


def parse_sizes(text: str) -> list[int]:
    """'1000,10k,1e5' -> [1000, 10000, 100000] (sorted, unique)."""
    out = set()
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        mult = 1
        if part.endswith("k"):
            part, mult = part[:-1], 1000
        elif part.endswith("m"):
            part, mult = part[:-1], 1_000_000
        n = int(float(part) * mult)
        if n < 1:
            raise ValueError(f"size must be positive: {part!r}")
        out.add(n)
    if not out:
        raise ValueError("no sizes given")
    return sorted(out)


def bench_command(
    sizes: Annotated[str, typer.Option(
        help="Comma-separated chunk counts, e.g. 1000,10k,100k.")] = "1000,10000",
    out: Annotated[Path, typer.Option(help="Where bench.json, bench.md and bench.png go.")]
    = DEFAULT_OUT,
    queries: Annotated[int, typer.Option(min=1, help="Measured questions per size.")] = 50,
    warmup: Annotated[int, typer.Option(
        min=0, help="Warm-up questions (other questions than the measured ones).")] = 5,
    server: Annotated[bool, typer.Option(
        "--server", help="Also search through a `chroma run` server on loopback.")] = False,
    no_baseline: Annotated[bool, typer.Option(
        "--no-baseline", help="Skip the plain LangChain pipeline.")] = False,
    base: Annotated[int, typer.Option(
        min=1, help="Chunks ingested for real with e5 (ingest throughput; the base of the "
        "derived vectors).")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the scaled corpora and derived vectors.")]
    = 0,
    noise: Annotated[float, typer.Option(help="Norm of the derived vectors' noise.")] = 0.3,
    noop_repeats: Annotated[int, typer.Option(
        min=1, help="No-op re-ingests per index (the median counts).")] = 3,
    work: Annotated[Path | None, typer.Option(
        help="Work folder for corpora and indexes (default: a temporary one).")] = None,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the temporary work folder.")]
    = False,
    profile: Annotated[bool, typer.Option(
        "--profile", help="cProfile the answers, builds and no-op re-ingests into --out.")]
    = False,
    testset: Annotated[Path, typer.Option(help="Where the questions come from.")]
    = DEFAULT_TESTSET,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bars.")]
    = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when a target FAILs.")]
    = False,
) -> None:
    """Speed and memory at scale: ingest throughput, query latency (beside the question's
    embedding alone), memory and disk at growing corpus sizes, beside a plain LangChain
    pipeline (docs/bench.md)."""
    try:
        parsed = parse_sizes(sizes)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--sizes") from None
    cfg = BenchConfig(
        sizes=parsed, out=out, queries=queries, warmup=warmup, server=server,
        baseline=not no_baseline, base=base, seed=seed, noise=noise,
        noop_repeats=noop_repeats, work=work, keep=keep, profile=profile,
        progress=not no_progress, testset=testset, strict=strict,
    )
    from eval.bench.run import run_and_report

    raise typer.Exit(run_and_report(cfg))
