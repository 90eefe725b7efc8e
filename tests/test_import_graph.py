"""No import circle inside qy_landing, deferred imports (inside functions) included."""

from __future__ import annotations

import ast
from pathlib import Path

import qy_landing

PACKAGE = Path(qy_landing.__file__).parent


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (Alembic's scripts excepted)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Nodes under ``if TYPE_CHECKING:`` (never run, so they cannot close a circle)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules ``name`` imports, at module level or inside any function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    targets: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, *([node.module] if node.module else [])])
            # ``from qy_landing.services import projects`` imports the module projects
            targets += [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
    found = set()
    for target in targets:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_circle() -> None:
    """No module reaches itself again through imports, even through deferred imports."""
    known = modules()
    graph = {name: imports_of(name, path, known) for name, path in known.items()}
    assert circles(graph) == []


def test_the_walker_sees_deferred_imports() -> None:
    """An import inside a function counts: a planted circle through one is found."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert circles(graph) == [{"a", "b"}]
    known = modules()
    # errors imports i18n at module level; i18n must never import errors, not even lazily
    assert "qy_landing.i18n" in imports_of("qy_landing.errors", known["qy_landing.errors"], known)
    assert "qy_landing.errors" not in imports_of("qy_landing.i18n", known["qy_landing.i18n"], known)
    # services: the definitions and the read path are imported where they are used
    changes = "qy_landing.services.changes"
    assert "qy_landing.services.definitions" in imports_of(changes, known[changes], known)
    procedures = "qy_landing.services.procedures"
    assert "qy_landing.services.project_views" in imports_of(procedures, known[procedures], known)
    # cli/state reads the language through environment inside a function
    assert "qy_landing.environment" in imports_of(
        "qy_landing.cli.state", known["qy_landing.cli.state"], known
    )
