"""No import circles in the library, deferred (function-level) imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import qy_landing

ROOT = Path(qy_landing.__file__).parent
PACKAGE = "qy_landing"


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((PACKAGE, *parts))] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the library modules it imports anywhere in its body (not the parents a
    dotted import loads implicitly)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
                    break  # "from x import submodule" is an edge to the submodule only
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_deferred_imports():
    """An import inside a function counts: context.calendar() used to close a circle that way."""
    graph = import_graph()
    assert "qy_landing.services.definitions" in graph["qy_landing.services.changes"]
    assert "qy_landing.services.project_views" in graph["qy_landing.services.procedures"]


def test_a_circle_is_found():
    """The cycle finder reports a circle of three and leaves a chain alone."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_services_reminders_and_reports_import_without_circles():
    """No circle touches services/, reminders/ or reports/ (deferred imports included)."""
    layers = ("qy_landing.services", "qy_landing.reminders", "qy_landing.reports")
    found = [c for c in cycles(import_graph()) if any(m.startswith(layers) for m in c)]
    assert found == []
