"""The shape of the package: no import cycles, one exception tree, a root that holds only the
entry points and the data model."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import declutter
from declutter._errors import DeclutterError

PACKAGE = Path(declutter.__file__).parent
#: Private modules allowed at the package root (everything else lives in a stage folder).
ROOT_PRIVATE = {
    "_api", "_atomic", "_config", "_errors", "_replay", "_result", "_signals", "_version",
}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every declutter module whose code ``path`` uses, wherever the import statement is (top
    level, inside a function, under ``TYPE_CHECKING``): ``import a.b`` uses ``a.b``; ``from a
    import n`` uses module ``a.n`` if there is one, else the names ``a`` defines."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        found.update(target for target in targets if target in known and target != name)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the declutter modules it imports (see ``_imports``)."""
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_the_graph_sees_imports_of_every_kind() -> None:
    graph = import_graph()
    assert "declutter._errors" in graph["declutter._config"]
    assert "declutter.segment.layout" in graph["declutter._result"]  # under TYPE_CHECKING


def test_no_import_cycles() -> None:
    graph = import_graph()
    graph["declutter"] = set()  # the root package imports the public names, which is its job
    assert find_cycles(graph) == []


def test_find_cycles_finds_one() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_root_holds_only_entry_points_and_the_data_model() -> None:
    private = {path.stem for path in PACKAGE.glob("_*.py")} - {"__init__", "__main__"}
    assert private == ROOT_PRIVATE


def test_every_exception_is_under_declutter_error() -> None:
    found = []
    for info in pkgutil.walk_packages([str(PACKAGE)], "declutter."):
        if info.name in ("declutter.dask",):
            continue  # needs the dask extra; its exceptions are checked by name below
        if info.name.startswith("declutter.native._"):
            continue  # a compiled kernel's signals (e.g. "hand this page back") never leave it
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, BaseException)
                and value.__module__.startswith("declutter")
                and value.__module__ == module.__name__
            ):
                found.append(value)
    assert found, "no exception classes found"
    outside = [
        cls.__qualname__
        for cls in found
        if not issubclass(cls, (DeclutterError, Warning))  # warnings are not raised
    ]
    assert outside == []
    assert {cls.__module__ for cls in found} == {"declutter._errors"}
