"""Every interface string of the public site exists in bokmål, nynorsk and English."""

import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STRING_TAG = re.compile(r'{%\s*(?:translate|trans)\s+"([^"]+)"|{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate')


def template_strings() -> set[str]:
    found = set()
    # Mail templates too: MJML and the plain-text parts.
    paths = [path for pattern in ("*.html", "*.mjml", "*.txt") for path in TEMPLATES.rglob(pattern)]
    for path in paths:
        if "wagtailcore" in path.parts or "admin" in path.parts:
            continue  # admin-only templates are in Norwegian already
        for simple, block in STRING_TAG.findall(path.read_text(encoding="utf-8")):
            text = simple or re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block)
            found.add(text)
    return found


def test_templates_have_strings_to_translate():
    assert len(template_strings()) > 30


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_template_string_is_translated(language):
    # Look in the catalogue itself: some words are the same in English and Norwegian.
    catalogue = translation.trans_real.translation(language)._catalog
    missing = [text for text in sorted(template_strings()) if not catalogue.get(text)]
    assert missing == [], f"Untranslated in {language}: {missing}"


def test_compiled_catalogues_exist_for_all_three_languages():
    for language in ("nb", "nn", "en"):
        assert (ROOT / "site" / "locale" / language / "LC_MESSAGES" / "django.mo").is_file()


def test_bokmal_and_nynorsk_differ_where_they_should():
    with translation.override("nb"):
        bokmal = translation.gettext("Skip to main content")
    with translation.override("nn"):
        nynorsk = translation.gettext("Skip to main content")
    assert (bokmal, nynorsk) == ("Hopp til hovedinnhold", "Hopp til hovudinnhaldet")
