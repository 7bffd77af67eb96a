"""Measuring helpers of the benchmark: percentiles, memory, disk, load, timing, progress."""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def percentiles(values_ms: Sequence[float]) -> dict[str, float]:
    if not values_ms:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "mean": float("nan"),
                "min": float("nan"), "max": float("nan")}
    a = np.asarray(values_ms, dtype=float)
    return {
        "n": int(a.size),
        "p50": round(float(np.percentile(a, 50)), 2),
        "p95": round(float(np.percentile(a, 95)), 2),
        "mean": round(float(a.mean()), 2),
        "min": round(float(a.min()), 2),
        "max": round(float(a.max()), 2),
    }


def memory() -> dict[str, float]:
    """Peak (ru_maxrss) and current RSS of this process, in MB."""
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    if sys.platform == "darwin":  # bytes there
        peak_kb /= 1024
    rss_kb = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss_kb = float(line.split()[1])
                break
    except OSError:
        pass
    return {"peak_mb": round(peak_kb / 1024, 1), "rss_mb": round(rss_kb / 1024, 1)}


def disk_usage(path: Path) -> int:
    """Bytes on disk below path, like `du` (allocated blocks, sparse files count as written)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


# Progress bars on stderr; a worker process is told by its job whether to show them.
_progress = {"on": True}


def set_progress(on: bool) -> None:
    _progress["on"] = bool(on)


def progress_on() -> bool:
    return _progress["on"]


def tqdm(iterable=None, **kw):
    from tqdm import tqdm as _tqdm

    kw.setdefault("file", sys.stderr)
    kw.setdefault("leave", False)
    kw.setdefault("disable", not _progress["on"])
    return _tqdm(iterable, **kw)


def timed(fn, items, desc: str) -> list[float]:
    """Milliseconds of `fn(item)` for each item, one after the other."""
    out = []
    for it in tqdm(items, desc=desc, unit="q"):
        t = time.perf_counter()
        fn(it)
        out.append(1000 * (time.perf_counter() - t))
    return out


def loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def write_profile(prof, path: Path) -> None:
    import io
    import pstats

    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).sort_stats("cumulative")
    stats.print_stats(35)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")
