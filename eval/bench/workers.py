"""Each phase in a fresh interpreter (`python -m eval.bench _worker PHASE JOB`), so each
peak-memory figure belongs to that phase alone. The job goes in, and the result comes back,
as JSON files in the work folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from core.config import PROJECT_ROOT
from eval.bench.measure import loadavg, progress_on, set_progress

WORKER_ENV = {
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


def _phases() -> dict:
    from eval.bench.langchain import phase_langchain
    from eval.bench.phases import phase_build, phase_query, phase_real

    return {
        "real": phase_real, "build": phase_build, "query": phase_query,
        "langchain": phase_langchain,
    }


def worker_main(argv: Sequence[str]) -> int:
    """In the worker process: run one phase on its job file, write its result file."""
    phase, job_path = argv[0], Path(argv[1])
    job = json.loads(job_path.read_text(encoding="utf-8"))
    set_progress(bool(job.get("progress", True)))
    load_start = loadavg()
    result = _phases()[phase](job)
    result["loadavg"] = {"start": load_start, "end": loadavg()}
    Path(job["result"]).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


def run_worker(phase: str, job: dict, work: Path) -> dict:
    """Run one phase in a fresh interpreter; its result comes back as JSON."""
    work.mkdir(parents=True, exist_ok=True)
    stem = f"{phase}-{job.get('size', 'base')}"
    job = {**job, "result": str(work / f"{stem}.result.json"), "progress": progress_on()}
    job_path = work / f"{stem}.job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    env = {**os.environ, **WORKER_ENV}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "eval.bench", "_worker", phase, str(job_path)],
        cwd=str(PROJECT_ROOT), env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench phase {phase!r} failed (exit {proc.returncode})")
    result = json.loads(Path(job["result"]).read_text(encoding="utf-8"))
    result["wall_s"] = round(time.perf_counter() - t, 2)
    return result
