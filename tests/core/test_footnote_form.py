"""Editors get a clear error for footnote markers and keys that do not match."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.models import GuidancePage

pytestmark = pytest.mark.django_db


def guidance_form(page: GuidancePage, text: str, footnotes: list[dict]):
    form_class = GuidancePage.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "language": "nb",
            "summary": "",
            "body": streamfield([("paragraph", rich_text(text))]),
            "footnotes": inline_formset(footnotes),
            "attachments": streamfield([]),
            "tags": "",
            "change_note": "",
        }
    )
    return form_class(data, instance=page, parent_page=page.get_parent(), for_user=None)


def test_matching_markers_and_footnotes_are_valid(guidance_page):
    form = guidance_form(
        guidance_page,
        "<p>Tall[^flo] og mer[^øvrig].</p>",
        [
            {"key": "flo", "text": rich_text("<p>FLO</p>")},
            {"key": "øvrig", "text": rich_text("<p>Annet</p>")},
        ],
    )
    assert form.is_valid(), (form.errors, [f.errors for f in form.formsets["footnotes"].forms])


def test_marker_without_a_footnote_is_an_error(guidance_page):
    form = guidance_form(
        guidance_page, "<p>Tall[^flo] og[^mangler].</p>", [{"key": "flo", "text": rich_text("<p>FLO</p>")}]
    )
    assert not form.is_valid()
    assert "[^mangler]" in str(form.errors["body"])


def test_duplicate_keys_are_an_error(guidance_page):
    form = guidance_form(
        guidance_page,
        "<p>Tall[^flo].</p>",
        [
            {"key": "flo", "text": rich_text("<p>FLO</p>")},
            {"key": "flo", "text": rich_text("<p>FLO igjen</p>")},
        ],
    )
    assert not form.is_valid()
    assert "unike" in str(form.non_field_errors())


@pytest.mark.parametrize("key", ["med mellomrom", "<script>", "a" * 41, "[^x]"])
def test_hostile_or_malformed_keys_are_refused(guidance_page, key):
    form = guidance_form(guidance_page, "<p>Tekst.</p>", [{"key": key, "text": rich_text("<p>X</p>")}])
    assert not form.is_valid()
    assert form.formsets["footnotes"].forms[0].errors["key"]
