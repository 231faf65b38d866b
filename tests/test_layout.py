"""The layout's rules, read from the code's own imports: no import circle, package faces that only import,
shared plumbing below the apps. A newcomer can then read any module knowing what it may lean on."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("common", "factcheck", "claims", "sources")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, node: ast.Import | ast.ImportFrom, known: dict) -> list[str]:
    """The project modules one import statement names, each cut back to the longest module that exists."""
    if isinstance(node, ast.Import):
        wanted = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
            here = here[: len(here) - node.level + 1]
            base = ".".join([*here, base] if base else here)
        wanted = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
    found = []
    for target in wanted:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name and not name.startswith(target + "."):
            found.append(target)
    return found


def import_edges() -> dict[tuple[str, str], bool]:
    """(importer, imported) -> whether every such import sits inside a function."""
    known = modules()
    edges: dict[tuple[str, str], bool] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in imported(name, path, node, known):
                    edges[name, target] = edges.get((name, target), True) and id(node) not in top
    return edges


def is_services(name: str) -> bool:
    return name.endswith(".services") or ".services." in name


def dispatches(importer: str, target: str, inner: bool) -> bool:
    """The one circle allowed (the HackSoft way): a service imports its tasks inside the function that
    dispatches, and the tasks import the services they call."""
    return (is_services(importer) and target.endswith(".tasks") and inner) or (
        importer.endswith(".tasks") and is_services(target))


def circles(edges: dict[tuple[str, str], bool]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    graph: dict[str, list[str]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_import_graph_has_no_circle_but_services_dispatching_tasks():
    edges = {edge: inner for edge, inner in import_edges().items() if not dispatches(*edge, inner)}
    found = circles(edges)
    assert not found, "\n".join(" ".join(group) + ":\n  " + "\n  ".join(
        f"{a} -> {b}" for (a, b) in edges if a in group and b in group) for group in found)


def test_the_circle_finder_finds_a_circle():
    assert circles({("a", "b"): False, ("b", "c"): False, ("c", "a"): True, ("c", "d"): False}) == [["a", "b", "c"]]
    assert circles({("a", "b"): False, ("b", "c"): False}) == []


def test_a_service_importing_tasks_at_the_top_is_a_circle():
    assert not dispatches("claims.services.ingest", "claims.tasks", False)
    assert dispatches("claims.services.ingest", "claims.tasks", True)
    assert dispatches("claims.tasks", "claims.services", False)


def test_package_faces_only_import():
    """An __init__.py names what its package offers; the code lives in the modules beside it."""
    rooms = []
    for path in modules().values():
        if path.name != "__init__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            plain = isinstance(node, ast.Import | ast.ImportFrom) or (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))  # the docstring
            named = isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == ["__all__"]
            if not (plain or named):
                rooms.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not rooms, rooms


def test_common_sits_below_the_apps():
    upward = [f"{a} -> {b}" for a, b in import_edges() if a.startswith("common")
              and b.split(".")[0] in ("claims", "sources", "factcheck")]
    assert not upward, upward
