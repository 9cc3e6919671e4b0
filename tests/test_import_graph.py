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


def compared_names(path: Path) -> set[str]:
    """Return the strings ``path`` compares ``request.endpoint`` or ``request.blueprint``
    with, directly or through a module-level constant."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)}

    def strings(node):
        if isinstance(node, ast.Name) and node.id in constants:
            return strings(constants[node.id])
        return {n.value for n in ast.walk(node)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        if any(isinstance(s, ast.Attribute) and s.attr in ("endpoint", "blueprint")
               and isinstance(s.value, ast.Name) and s.value.id == "request" for s in sides):
            for side in sides:
                found |= strings(side)
    return found


def test_no_package_matches_another_blueprints_endpoints(app):
    owner = {name: bp.import_name.split(".")[1] for name, bp in app.blueprints.items()}
    for path in FINDER.glob("*/*.py"):
        package = path.relative_to(FINDER).parts[0]
        for name in compared_names(path):
            blueprint = name.split(".")[0]
            assert owner.get(blueprint, package) == package, (path.name, name)


def test_the_check_sees_a_comparison_with_an_endpoint(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("NAMES = {'moderation.queue'}\n"
                      "def f():\n    return request.endpoint in NAMES\n")
    assert compared_names(module) == {"moderation.queue"}
