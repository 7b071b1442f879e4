"""The dependency rule (docs/architecture.md), read from the source with `ast`.

- core is the foundation: it imports no app, not even inside a function;
- a content app talks to search only from its documents.py;
- the conference does not import the newsletter (both send mail through core.mail);
- nothing imports the demo app, which imports whatever it shows;
- the apps form no import cycle.

Migrations are history and are left out: they name the block and model paths of their day.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = {
    "config": ROOT / "site" / "config",
    "core": ROOT / "site" / "core",
    "pages": ROOT / "site" / "pages",
    "conference": ROOT / "site" / "conference",
    "flo": ROOT / "site" / "flo",
    "demo": ROOT / "site" / "demo",
    "newsletter": ROOT / "newsletter",
    "podcast": ROOT / "podcast",
    "search": ROOT / "search",
}
CONTENT_APPS = {"pages", "conference", "flo", "newsletter", "podcast"}


@dataclass(frozen=True)
class Import:
    source_app: str
    path: Path
    line: int
    target_app: str
    module: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line} imports {self.module}"


def app_files(app: str) -> list[Path]:
    return sorted(path for path in APPS[app].rglob("*.py") if "migrations" not in path.parts)


def imports_in(app: str, path: Path) -> list[Import]:
    """Every import of another app in one file, at module level or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue  # relative imports stay inside the app
        for module in modules:
            target = module.split(".")[0]
            if target in APPS and target != app:
                found.append(Import(app, path, node.lineno, target, module))
    return found


def all_imports() -> list[Import]:
    return [found for app in APPS for path in app_files(app) for found in imports_in(app, path)]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(edges.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports()


def test_core_imports_no_app(imports):
    offending = [str(found) for found in imports if found.source_app == "core" and found.target_app != "config"]
    assert not offending, "core must not import an app:\n" + "\n".join(offending)


def test_content_apps_reach_search_only_from_their_documents(imports):
    offending = [
        str(found)
        for found in imports
        if found.source_app in CONTENT_APPS and found.target_app == "search" and found.path.name != "documents.py"
    ]
    assert not offending, "only documents.py may import search:\n" + "\n".join(offending)


def test_the_conference_does_not_import_the_newsletter(imports):
    offending = [
        str(found) for found in imports if found.source_app == "conference" and found.target_app == "newsletter"
    ]
    assert not offending, "\n".join(offending)


def test_nothing_imports_the_demo(imports):
    offending = [str(found) for found in imports if found.target_app == "demo"]
    assert not offending, "\n".join(offending)


def test_the_apps_form_no_import_cycle(imports):
    edges: dict[str, set[str]] = defaultdict(set)
    examples: dict[tuple[str, str], Import] = {}
    for found in imports:
        edges[found.source_app].add(found.target_app)
        examples.setdefault((found.source_app, found.target_app), found)
    found_cycles = cycles(edges)
    lines = []
    for component in found_cycles:
        lines.append(" ↔ ".join(component))
        lines += [f"    {examples[(a, b)]}" for a in component for b in component if a != b and (a, b) in examples]
    assert not found_cycles, "import cycles between apps:\n" + "\n".join(lines)


# --- The checker itself: it must see what it is meant to refuse ----------------------------------


def test_a_function_level_import_counts(tmp_path):
    module = tmp_path / "x.py"
    module.write_text("def f():\n    from newsletter.models import Subscriber\n", encoding="utf-8")
    APPS["_probe"] = tmp_path
    try:
        (found,) = imports_in("_probe", module)
    finally:
        del APPS["_probe"]
    assert (found.target_app, found.line) == ("newsletter", 2)


def test_a_cycle_is_found_and_a_chain_is_not():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "d": {"a"}}) == []
