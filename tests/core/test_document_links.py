"""A document link names the file type once: "Årsrapport 2025 (PDF, 1,8 KB)", not "(PDF) (PDF, 1,8 KB)"."""

from types import SimpleNamespace

import pytest

from core.templatetags.allmenn import document_title


def pdf(title: str) -> SimpleNamespace:
    return SimpleNamespace(title=title, file_extension="pdf")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Årsrapport 2025 (PDF)", "Årsrapport 2025"),
        ("Evaluering 2023 – hele rapporten (pdf)", "Evaluering 2023 – hele rapporten"),
        ("Veileder", "Veileder"),
        ("(PDF)", "Dokumentets tittel"),
    ],
)
def test_the_file_type_is_not_repeated_in_the_link_text(title, expected):
    assert document_title({"document": pdf("Dokumentets tittel"), "title": title}) == expected


def test_the_document_s_own_title_is_used_when_the_link_has_none():
    assert document_title({"document": pdf("Handlingsplan (PDF)"), "title": ""}) == "Handlingsplan"
