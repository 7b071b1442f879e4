"""Interface strings written in Python reach the public too: each exists in bokmål and nynorsk.

tests/core/test_translations.py covers the templates; this covers gettext calls in the
modules whose strings visitors read (forms, mails, statistics, seat hints), and the
public labels of choices whose own labels are the editors' Norwegian.
"""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from conference.models import ConferenceState
from core.people import ROLE_LABELS
from podcast.models import PUBLIC_ROLE_LABELS

ROOT = Path(__file__).resolve().parents[2]
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}

# Modules whose every gettext string is shown on public pages or in mails to the public.
PUBLIC_MODULES = [
    "newsletter/documents.py",  # the documents' type labels show in search results
    "newsletter/forms.py",
    "newsletter/notices.py",
    "newsletter/rendering.py",
    "newsletter/views.py",
    "podcast/documents.py",
    "search/forms.py",
    "search/views.py",
    "site/conference/documents.py",
    "site/conference/forms.py",
    "site/conference/notices.py",
    "site/conference/seats.py",
    "site/conference/views.py",
    "site/flo/charts.py",
    "site/flo/documents.py",
    "site/flo/formatting.py",
    "site/flo/indicators.py",
    "site/flo/key_figures.py",
    "site/flo/statistics.py",
    "site/flo/views.py",
    "site/pages/documents.py",
]


def gettext_strings(path: Path) -> set[str]:
    """The literal msgids of every gettext call in a module (the first argument, or the second for pgettext)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT):
            continue
        position = 1 if node.func.id.startswith("pgettext") else 0
        if len(node.args) > position and isinstance(node.args[position], ast.Constant):
            found.add(node.args[position].value)
    return found


def public_python_strings() -> set[str]:
    strings = set()
    for name in PUBLIC_MODULES:
        strings |= gettext_strings(ROOT / name)
    with translation.override(None):  # a lazy label read without a language is its msgid
        for labels in (ROLE_LABELS.values(), PUBLIC_ROLE_LABELS.values(), ConferenceState.labels):
            strings |= {str(label) for label in labels}
    return strings


def test_the_public_modules_have_strings_to_translate():
    assert len(public_python_strings()) > 100


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_public_python_string_is_translated(language):
    catalogue = translation.trans_real.translation(language)._catalog
    missing = [text for text in sorted(public_python_strings()) if not catalogue.get(text)]
    assert missing == [], f"Untranslated in {language}: {missing}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", ["Programleder", "Gjest"]), ("nn", ["Programleiar", "Gjest"]), ("en", ["Host", "Guest"])],
)
def test_podcast_roles_are_shown_in_the_page_s_language(language, expected):
    with translation.override(language):
        assert [str(PUBLIC_ROLE_LABELS[role]) for role in ("host", "guest")] == expected
