"""`lob bench`: ingest throughput, no-op re-ingest, query latency, memory and disk at growing
corpus sizes, beside a plain LangChain pipeline and (optionally) a Chroma server.

    lob bench [--sizes 1000,10000] [--out DIR] [--queries N] [--server] [--no-baseline]
              [--base N] [--warmup N] [--seed S] [--work DIR] [--keep] [--profile] [--strict]

(`python -m eval.bench` takes the same options; `lob bench --help` lists them all.)
A module per job, read in this order:

- `options`   the options (typer) and the `BenchConfig` they make
- `run`       the whole run from start to end (what it measures: its docstring)
- `inputs`    the questions and the texts ingest embeds
- `standins`  embedders in place of e5: derived vectors, a counter, a paired raw timer
- `phases`    the real ingest, an index per size, the queries over one index
- `langchain` the plain LangChain baseline
- `workers`   each phase in its own process (`python -m eval.bench _worker PHASE JOB`)
- `measure`   percentiles, memory, disk, load, progress
- `targets`   the targets and the ratios against the baseline
- `report`    bench.md, bench.json, bench.png

docs/bench.md has the method, the numbers and what they mean.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m eval.bench [options]`: the same command as `lob bench`."""
    import typer
    from typer.main import get_command

    from eval.bench.options import bench_command

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_worker"]:
        from eval.bench.workers import worker_main

        return worker_main(argv[1:])
    app = typer.Typer(add_completion=False)
    app.command()(bench_command)
    try:
        get_command(app).main(argv, prog_name="lob bench", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.exceptions.TyperException as exc:  # a bad option: say so, as `lob bench` would
        exc.show()
        return getattr(exc, "exit_code", 2)
    return 0
