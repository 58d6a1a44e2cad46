"""The layering of DESIGN.md, over every import in src/ (also those inside functions), and no
import cycles between modules."""

from __future__ import annotations

import ast
from pathlib import Path

import sysdesign

ROOT = Path(sysdesign.__file__).parent

# layer -> layers it must never import
FORBIDDEN = {
    "core": {"ui", "cli", "flows", "store", "env"},
    "content": {"ui", "cli", "flows", "store", "env"},
    "store": {"ui", "cli", "flows"},
    "ui": {"cli", "flows", "store"},
    "flows": {"cli"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every sysdesign module this file imports, at the top or inside functions."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base)
    return {m for m in found if m.split(".")[0] == "sysdesign"}


def _is_module(dotted: str) -> bool:
    path = ROOT.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in ROOT.rglob("*.py")}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_import_respects_the_layers():
    wrong = []
    for module, imported in sorted(graph().items()):
        banned = FORBIDDEN.get(layer(module) or "", set())
        wrong += [f"{module} imports {other}" for other in sorted(imported) if layer(other) in banned]
    assert wrong == []


def test_the_import_parser_sees_imports_inside_functions():
    found = imports_of(ROOT / "cli" / "quiz.py")
    assert "sysdesign.flows.quiz" in found  # imported inside the command function only


def test_no_import_cycles():
    edges = graph()
    for module in edges:  # a module's own package __init__ is not a cycle
        edges[module] = {m for m in edges[module] if m in edges and not module.startswith(m + ".")}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    assert cycles == []


def test_no_cli_module_is_long():
    """cli/ parses options and wires; loops and rendering live in flows/ and ui/."""
    long = {p.name: n for p in (ROOT / "cli").glob("*.py") if (n := len(p.read_text().splitlines())) > 200}
    assert long == {}


def test_the_start_path_imports_no_heavy_library_or_content_model():
    """`sysdesign --help` and every command's start: only Typer and the cli modules. The
    content model (dozens of dataclasses), YAML, prompt_toolkit, fsrs and rich come later."""
    import subprocess
    import sys

    code = ("import sys, sysdesign.cli.app; print(' '.join(sorted(m for m in sys.modules if "
            "m.split('.')[0] in ('yaml', 'questionary', 'prompt_toolkit', 'fsrs', 'rapidfuzz', "
            "'genanki', 'sqlite3') or m.startswith(('sysdesign.content.model', 'sysdesign.store', "
            "'sysdesign.core.', 'sysdesign.ui', 'sysdesign.flows', 'rich.markdown')) and m != 'sysdesign.core.words')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == []


def test_the_store_keeps_estimates_and_computes_no_calibration():
    """Calibration is computed by the flows from the rounds the store returns."""
    imported = imports_of(ROOT / "store" / "estimates.py")
    assert {"sysdesign.core.report", "sysdesign.core.calibration"} & imported == set()
