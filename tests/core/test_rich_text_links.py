"""Links to pages in rich text are resolved once per version of the page tree
(core/rich_text_links.py), and follow the page when it moves."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import features, get_rewriter
from wagtail.rich_text.pages import PageLinkHandler

from core.rich_text_links import VersionedPageLinkHandler
from pages.factories import GuidancePageFactory, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def render_every_request(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def linking_page(home_page):
    target = GuidancePageFactory(parent=home_page, slug="malside", title="Målside")
    page = GuidancePageFactory(
        parent=home_page,
        slug="lenker",
        body=[
            paragraph(
                f'<p>Les <a linktype="page" id="{target.pk}">målsiden</a> og <a linktype="page" id="999999">en slettet side</a>.</p>'
            )
        ],
    )
    return page, target


def link_queries(site_client, url: str) -> tuple[str, int]:
    site_client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = site_client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_a_page_link_costs_no_query_once_resolved(site_client, linking_page, monkeypatch):
    page, _target = linking_page
    html, queries = link_queries(site_client, page.url)
    assert '<a href="/malside/">målsiden</a>' in html
    assert "<a>en slettet side</a>" in html  # as Wagtail renders a link to a missing page
    rules = next(rewriter.bulk_rules for rewriter in get_rewriter().rewriters if hasattr(rewriter, "bulk_rules"))
    assert rules["page"].__self__ is VersionedPageLinkHandler
    # The negative control: Wagtail's own handler, with its rewriter made anew.
    features.get_link_types()
    monkeypatch.setitem(features.link_types, "page", PageLinkHandler)
    get_rewriter.cache_clear()
    try:
        wagtails_html, wagtails_queries = link_queries(site_client, page.url)
    finally:
        monkeypatch.undo()
        get_rewriter.cache_clear()
    assert wagtails_html == html
    assert queries == wagtails_queries - 2  # Wagtail's two queries per rendering are gone


def test_the_link_follows_a_new_slug_at_once(site_client, linking_page):
    page, target = linking_page
    link_queries(site_client, page.url)
    target.slug = "ny-malside"
    target.save_revision().publish()
    html, _queries = link_queries(site_client, page.url)
    assert '<a href="/ny-malside/">målsiden</a>' in html
