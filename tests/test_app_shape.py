"""One shape for every app (docs/architecture.md): a newcomer who has read one app finds
their way in all of them. Read from the source with `ast`; migrations are left out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.test_layering import APPS, ROOT, app_files

SHAPED_APPS = ["core", "pages", "conference", "flo", "newsletter", "podcast", "search"]


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def decorator_names(node: ast.AST) -> list[str]:
    names = []
    for decorator in getattr(node, "decorator_list", []):
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, ast.Attribute):
            names.append(target.attr)
    return names


def imports_django_tasks_task(module: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "django_tasks"
        and any(alias.name == "task" for alias in node.names)
        for node in ast.walk(module)
    )


@pytest.mark.parametrize("app", SHAPED_APPS)
def test_every_task_lives_in_tasks_py(app):
    outside = []
    for path in app_files(app):
        module = tree(path)
        if path.name == "tasks.py" or not imports_django_tasks_task(module):
            continue
        outside += [
            f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
            for node in ast.walk(module)
            if isinstance(node, ast.FunctionDef) and "task" in decorator_names(node)
        ]
    assert not outside, "tasks belong in tasks.py:\n" + "\n".join(outside)


@pytest.mark.parametrize("app", SHAPED_APPS)
def test_wagtail_hooks_only_register(app):
    hooks = APPS[app] / "wagtail_hooks.py"
    if not hooks.exists():
        pytest.skip(f"{app} registers nothing in the admin")
    classes = [f"{node.name} (line {node.lineno})" for node in tree(hooks).body if isinstance(node, ast.ClassDef)]
    assert not classes, f"{app}/wagtail_hooks.py defines {classes}: views and viewsets belong in {app}/admin/"


@pytest.mark.parametrize("app", SHAPED_APPS)
def test_admin_code_lives_in_the_admin_package(app):
    loose = sorted(path.name for path in APPS[app].glob("admin_*.py"))
    assert not loose, f"{app} has {loose}: admin views, viewsets and forms belong in {app}/admin/"


@pytest.mark.parametrize("app", ["pages", "conference", "flo", "newsletter", "podcast"])
def test_every_content_app_has_factories_and_documents(app):
    missing = [name for name in ("factories.py", "documents.py") if not (APPS[app] / name).exists()]
    assert not missing, f"{app} lacks {missing}"


def test_the_checker_finds_a_task_outside_tasks_py():
    module = ast.parse("from django_tasks import task\n\n@task()\ndef send(x):\n    pass\n")
    assert imports_django_tasks_task(module)
    (function,) = [node for node in module.body if isinstance(node, ast.FunctionDef)]
    assert decorator_names(function) == ["task"]
