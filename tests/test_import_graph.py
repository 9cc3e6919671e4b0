"""The packages and modules of finder depend on each other without a cycle.

Every import counts, at the top of a module or inside a function (an import moved into a
function to dodge a cycle still makes one). ``finder/__init__.py`` builds the app from
every package, so it is the root of the graph, not a part of it.
"""
import ast
from pathlib import Path

FINDER = Path(__file__).resolve().parent.parent / "finder"


def part(module: str) -> str:
    """Return the part of finder a module belongs to: ``finder.search.queries`` -> search."""
    return module.split(".")[1]


def imported(path: Path) -> set[str]:
    """Return the finder modules ``path`` imports, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return {n for n in names if n.startswith("finder.")}


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in FINDER.rglob("*.py"):
        if path == FINDER / "__init__.py":
            continue
        here = path.relative_to(FINDER).parts[0].removesuffix(".py")
        edges.setdefault(here, set()).update(
            part(m) for m in imported(path) if part(m) != here)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return one cycle through each part that is on one (depth-first search)."""
    found, done = [], set()

    def visit(node, path):
        if node in path:
            found.append(path[path.index(node):] + [node])
            return
        if node in done:
            return
        for nxt in sorted(edges.get(node, ())):
            visit(nxt, path + [node])
        done.add(node)
    for node in sorted(edges):
        visit(node, [])
    return found


def test_the_walk_sees_imports_inside_functions():
    edges = graph()
    assert "names" in edges["access"]            # imported at the top of notices.py
    assert "moderation" in edges["cli"]          # imported inside a command


def test_a_cycle_is_found_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_cycle_between_finder_packages():
    assert cycles(graph()) == []


def test_moderation_depends_on_listings_and_never_the_other_way_round():
    edges = graph()
    assert "listings" in edges["moderation"]
    assert "moderation" not in edges["listings"]
