"""Every public string of sign-up, confirmation and the preference centre has bokmål and nynorsk.

The compiled catalogues are built at release; this checks the source of truth
(site/locale/translations.py) so that a missing translation is caught before then.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["signup", "signup_done", "confirm", "preferences", "unsubscribe", "erase", "erased", "invalid_link"]
TEMPLATES = [
    *(ROOT / "templates" / "newsletter" / f"{name}.html" for name in [*PAGES, "rate_limited"]),
    *(ROOT / "templates" / "newsletter" / "includes" / f"{name}.html" for name in ["error_summary", "profile_fields"]),
    ROOT / "templates" / "newsletter" / "blocks" / "signup.html",
]
PYTHON = [ROOT / "newsletter" / name for name in ("forms.py", "views.py", "notices.py")]
STRING_TAG = re.compile(r'{%\s*(?:translate|trans)\s+"([^"]+)"|{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate')
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy"}


def template_strings() -> set[str]:
    found = set()
    for path in TEMPLATES:
        for simple, block in STRING_TAG.findall(path.read_text(encoding="utf-8")):
            found.add(simple or re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block))
    return found


def python_strings() -> set[str]:
    found = set()
    for path in PYTHON:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_NAMES and node.args:
                argument = node.args[0]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
    return found


def test_there_are_strings_to_check():
    assert len(template_strings()) > 40
    assert len(python_strings()) > 20


def translations() -> dict[str, tuple[str, str]]:
    # site/locale is not a package (and `locale` is a standard module): load the file itself.
    spec = importlib.util.spec_from_file_location("site_translations", ROOT / "site" / "locale" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.STRINGS


def test_every_signup_string_has_bokmal_and_nynorsk():
    strings = translations()
    missing = sorted(text for text in template_strings() | python_strings() if not all(strings.get(text, ("", ""))))
    assert missing == []
