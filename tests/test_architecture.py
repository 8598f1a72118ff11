"""The shape of the code, read from the source with `ast` (nothing is imported): `core` depends on no domain app,
the modules of src/rownaq import each other without a cycle, and the product never imports the benchmarks or tools.

Every import counts, at module level and inside functions (a function-level import is still an arrow, only a
later one), except those under `if TYPE_CHECKING:`. `from package import name` is an arrow to the module
`package.name` when that is a module, else to `package`."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "rownaq"
DOMAIN_APPS = {"places", "registry", "reporting", "cases", "sourcing", "events", "shifts", "notify"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def imported_names(name: str, path: Path) -> set[str]:
    """Every dotted name the module imports (relative imports resolved), with `package.name` for `from package
    import name`."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"), filename=str(path))]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - (child.level - 1)]
                    base = ".".join(parts + ([child.module] if child.module else []))
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names if alias.name != "*")
            stack.append(child)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of src/rownaq it imports (migrations left out: they import no app code)."""
    known = {name: path for name, path in modules().items() if ".migrations" not in name}
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        targets = set()
        for imported in imported_names(name, path):
            # `from package import name`: the module package.name when there is one; the package otherwise
            if imported in known:
                targets.add(imported)
            elif imported.rpartition(".")[0] in known and imported.rpartition(".")[0] != name:
                targets.add(imported.rpartition(".")[0])
        targets.discard(name)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_core_imports_no_domain_app():
    arrows = sorted(
        f"{name} -> {imported}"
        for name, path in modules().items()
        if name.startswith("rownaq.core")
        for imported in imported_names(name, path)
        if imported.split(".")[:2] in (["rownaq", app] for app in DOMAIN_APPS)
    )
    assert arrows == []


def test_the_import_graph_has_no_cycle():
    assert cycles(import_graph()) == []


def test_the_product_imports_no_benchmark_or_tool():
    arrows = sorted(
        f"{name} -> {imported}"
        for name, path in modules().items()
        for imported in imported_names(name, path)
        if imported.split(".")[0] in ("bench", "tools")
    )
    assert arrows == []


def test_the_checks_see_what_they_look_for():
    """The reader resolves relative and function-level imports and the cycle finder finds a cycle, so the tests
    above cannot pass by reading nothing."""
    graph = import_graph()
    assert "rownaq.core.models" in graph["rownaq.core.audit"] or "rownaq.core.models" in graph["rownaq.core.holidays"]
    assert any(target.startswith("rownaq.registry") for target in graph["rownaq.cases.closures"])
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
