"""Debian's chromium for the browser tests (never a downloaded browser build) and axe-core,
the accessibility checker, from the npm registry (`npm pack`, pinned, cached once)."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from conftest import PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "tests" / "artifacts"
AXE_VERSION = "4.14.1"
AXE_CACHE = PROJECT_ROOT / ".pytest_cache" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
# What counts as a failure: the bar is no serious or critical violation.
BLOCKING = ("serious", "critical")


def axe_source() -> str:
    """axe.min.js of the pinned axe-core, fetched with npm from its registry the first time
    (npm checks the tarball's integrity) and kept under .pytest_cache."""
    if not AXE_CACHE.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is missing: the accessibility test gets axe-core with it "
                               "(apt-get install npm)")
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--silent"], cwd=tmp,
                           check=True, timeout=180, capture_output=True)
            tarball = next(Path(tmp).glob("axe-core-*.tgz"))
            with tarfile.open(tarball) as t:
                member = t.extractfile("package/axe.min.js")
                assert member is not None
                data = member.read()
        AXE_CACHE.parent.mkdir(parents=True, exist_ok=True)
        AXE_CACHE.write_bytes(data)
    return AXE_CACHE.read_text(encoding="utf-8")


RUN_AXE = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""


def axe_violations(page, source: str) -> list[dict]:
    """axe-core's violations on the page as it is now."""
    page.add_script_tag(content=source)
    return page.evaluate(RUN_AXE)
