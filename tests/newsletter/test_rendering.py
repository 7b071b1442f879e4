"""Rendering an issue: MJML once per language, safe personalisation, no third-party assets."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from core.cache_versions import kept_in_process
from newsletter.factories import NewsletterIssuePageFactory
from newsletter.rendering import greeting_for, render_issue
from tests.mail_checks import external_hosts


@pytest.fixture
def image(db):
    return Image.objects.create(title="Legekontor", file=get_test_image_file())


@pytest.fixture
def full_issue(newsletter_archive, guidance_page, image):
    guidance_page.summary = "Slik er programmet organisert."
    guidance_page.save()
    return NewsletterIssuePageFactory(
        parent=newsletter_archive,
        title="Fastlegenytt desember",
        preheader="Tall, nytt og konferanse",
        issue_month=date(2026, 11, 1),
        body=[
            {"type": "heading", "value": {"text": "Nytt fra programmet"}},
            {
                "type": "rich_text",
                "value": f'<p>Les om <a linktype="page" id="{guidance_page.pk}">organiseringen</a> og '
                '<a href="https://www.helsedirektoratet.no/">Helsedirektoratet</a>.</p><ul><li>Ett</li><li>To</li></ul>',
            },
            {"type": "image", "value": {"image": image.pk, "alt": "Et venterom med stoler", "caption": "Venterom"}},
            {"type": "button", "value": {"text": "Les mer", "page": guidance_page.pk, "url": ""}},
            {"type": "article", "value": {"page": guidance_page.pk, "title": "", "summary": "", "show_image": True}},
            {"type": "divider", "value": None},
        ],
    )


def test_html_has_language_alt_text_and_only_own_urls(full_issue):
    rendered = render_issue(full_issue, "nn")
    assert re.search(r'<html[^>]+lang="nn"', rendered.html)
    assert 'alt="Et venterom med stoler"' in rendered.html
    assert "fonts.googleapis" not in rendered.html
    # Images and the site's links come from the site; the only other host is a link the editor wrote.
    hosts = external_hosts(rendered.html)
    assert hosts <= {"localhost", "www.helsedirektoratet.no"}, hosts
    for src in re.findall(r'<img[^>]+src="([^"]+)"', rendered.html):
        assert src.startswith("http://localhost/"), src


def test_relative_links_become_absolute(full_issue, guidance_page):
    rendered = render_issue(full_issue, "nb")
    assert re.search(rf'href="http://[^"/]+{re.escape(guidance_page.url)}"', rendered.html)
    assert 'href="/' not in rendered.html


def test_plain_text_alternative_from_the_same_blocks(full_issue, guidance_page):
    text = render_issue(full_issue, "nb").text
    assert "NYTT FRA PROGRAMMET" in text
    assert "Helsedirektoratet (https://www.helsedirektoratet.no/)" in text
    assert "- Ett" in text and "- To" in text
    assert "[Et venterom med stoler]" in text
    assert guidance_page.title in text
    assert "<" not in text.replace("<https", "")


def test_personalisation_escapes_and_fills_every_placeholder(full_issue):
    rendered = render_issue(full_issue, "nb")
    html, text = rendered.personalise(
        greeting=greeting_for('<b>Kari</b> "Lege"', "nb"),
        preferences_url="https://allmenn.test/abonnement/innstillinger/abc/",
        unsubscribe_url="https://allmenn.test/abonnement/avmeld/abc/",
    )
    assert "<b>Kari</b>" not in html
    assert "&lt;b&gt;Kari&lt;/b&gt;" in html
    assert "<b>Kari</b>" in text  # plain text needs no escaping
    assert (
        "https://allmenn.test/abonnement/avmeld/abc/" in html and "https://allmenn.test/abonnement/avmeld/abc/" in text
    )
    assert "%%" not in html and "%%" not in text


def test_personal_values_with_line_breaks_are_refused(full_issue):
    rendered = render_issue(full_issue, "nb")
    with pytest.raises(ValueError):
        rendered.personalise(greeting="Hei\r\nBcc: x@y", preferences_url="#", unsubscribe_url="#")


def test_editor_text_cannot_imitate_a_placeholder(newsletter_archive):
    issue = NewsletterIssuePageFactory(
        parent=newsletter_archive,
        body=[{"type": "rich_text", "value": "<p>%%0000000000000000_UNSUBSCRIBE_URL%% and %%x_GREETING%%</p>"}],
    )
    rendered = render_issue(issue, "nb")
    html, _ = rendered.personalise(greeting="Hei", preferences_url="P", unsubscribe_url="U")
    assert "%%0000000000000000_UNSUBSCRIBE_URL%%" in html


def test_nynorsk_frame(full_issue):
    rendered = render_issue(full_issue, "nn")
    nb = render_issue(full_issue, "nb")
    assert rendered.html != nb.html


def test_issue_renders_on_the_web_with_the_same_blocks(site_client, full_issue):
    response = site_client.get(full_issue.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nytt fra programmet" in content and 'alt="Et venterom med stoler"' in content
    assert "Les mer" in content


def test_archive_lists_live_issues_newest_first(site_client, newsletter_archive):
    older = NewsletterIssuePageFactory(parent=newsletter_archive, title="Oktober", issue_month=date(2026, 10, 1))
    newer = NewsletterIssuePageFactory(parent=newsletter_archive, title="November", issue_month=date(2026, 11, 1))
    draft = NewsletterIssuePageFactory(parent=newsletter_archive, title="Utkast", live=False)
    content = site_client.get(newsletter_archive.url).content.decode()
    assert content.index(newer.title) < content.index(older.title)
    assert draft.title not in content


def chosen_lookups(issue) -> tuple[int, int]:
    cache.clear()  # cold, as the first send after a publication
    kept_in_process.clear()
    with CaptureQueriesContext(connection) as captured:
        render_issue(type(issue).objects.get(pk=issue.pk), "nb")
    images = [q for q in captured if 'FROM "wagtailimages_image" WHERE "wagtailimages_image"."id" IN' in q["sql"]]
    pages = [q for q in captured if '"wagtailcore_page"."id" IN' in q["sql"]]
    return len(images), len(pages)


def test_the_chosen_images_and_pages_are_fetched_once_per_model(full_issue, monkeypatch):
    """The button and the article choose a page and the image block an image: one query
    for each model, not one per block type (core/chooser_blocks.py). The link in the rich
    text is looked up apart, as on the web."""
    ours = chosen_lookups(full_issue)
    monkeypatch.setattr("newsletter.rendering.fetch_chosen_for", lambda issue: None)
    wagtails = chosen_lookups(full_issue)
    assert ours == (1, 2) and wagtails == (1, 3)
