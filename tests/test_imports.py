"""The direction of imports: each layer imports only what is below it.

    core  <-  answering engine  <-  shell (API, CLI, service)  <-  ui
                                                    eval, ingest: beside the shell

Every import in every module counts, also one inside a function (a lazy import is still a
dependency). Read from the source with `ast`, nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

PACKAGES = ("core", "ingest", "assistant", "eval", "ui")
# The shell: what may import anything of the project.
SHELL = ("assistant.api", "assistant.cli", "assistant.service")
# The service's own parts (stores it keeps, its checks, logging): not the answering engine,
# and they import no shell either.
SERVICE_PARTS = (
    "assistant.checks", "assistant.feedback", "assistant.sessions", "assistant.retention",
    "assistant.logs",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            out[module_name(path)] = path
    return out


def imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, absolute (relative imports resolved); for `from x import
    y` both x and x.y (y may be a module)."""
    got: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            got.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            got.add(base)
            got.update(f"{base}.{alias.name}" for alias in node.names)  # `from x import mod`
    return got


def under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def layer(name: str) -> str:
    if under(name, ("core",)):
        return "core"
    if under(name, ("ui",)):
        return "ui"
    if under(name, SHELL):
        return "shell"
    if under(name, SERVICE_PARTS):
        return "service parts"
    if under(name, ("assistant",)):
        return "engine"  # every other module of assistant/, a new one too
    return "other"  # ingest, eval


# What each layer must not import (project modules only).
FORBIDDEN = {
    "core": ("ingest", "assistant", "eval", "ui"),
    "engine": (*SHELL, *SERVICE_PARTS, "ingest", "eval", "ui"),
    "service parts": (*SHELL, "ingest", "eval", "ui"),
}
# ui is the other way round: it may import only these.
UI_MAY_IMPORT = ("assistant.service", "core", "ui")


def wrong_imports() -> list[str]:
    wrong = []
    for name, path in modules().items():
        kind = layer(name)
        ours = {m for m in imports(name, path) if under(m, PACKAGES)}
        bad = {
            m for m in ours
            if (not under(m, UI_MAY_IMPORT) if kind == "ui" else under(m, FORBIDDEN.get(kind, ())))
        }
        # Name `x` rather than also each `x.y` taken from it.
        for target in sorted(m for m in bad if m.rpartition(".")[0] not in bad):
            wrong.append(f"{path.relative_to(PROJECT_ROOT)} ({kind}) imports {target}")
    return wrong


def test_every_import_points_down():
    wrong = wrong_imports()
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "name, layer_name",
    [("core.schema", "core"), ("assistant.answering.choose", "engine"),
     ("assistant.retrieval", "engine"), ("assistant.api.routes.ask", "shell"),
     ("assistant.service", "shell"), ("ui.app", "ui"), ("eval.run", "other")],
)
def test_layers_are_named_as_meant(name, layer_name):
    assert layer(name) == layer_name


def test_the_walk_sees_lazy_and_relative_imports(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from assistant.service import LobService\nfrom . import x\n")
    got = imports("core.sub.m", src)
    assert "assistant.service" in got and "core.sub.x" in got
    assert len(modules()) > 50  # the walk found the project
