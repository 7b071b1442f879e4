"""Breadcrumbs are read from the cache under the page tree's version (core/templatetags/allmenn.py):
no query once built, and a retitled or moved ancestor shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.factories import GuidancePageFactory


@pytest.fixture(autouse=True)
def render_every_request(settings):
    settings.PAGE_CACHE_ENABLED = False


def trail(client, page) -> str:
    html = client.get(page.url).content.decode()
    return html.split('aria-label="Du er her"')[1].split("</nav>")[0]


@pytest.mark.django_db
def test_a_retitled_ancestor_shows_at_once(site_client, home_page):
    parent = GuidancePageFactory(parent=home_page, title="Gammel overside")
    child = GuidancePageFactory(parent=parent, title="Underside")
    assert "Gammel overside" in trail(site_client, child)
    parent.title = "Ny overside"
    parent.save_revision().publish()
    assert "Ny overside" in trail(site_client, child)


@pytest.mark.django_db
def test_a_moved_page_shows_its_new_ancestors_at_once(site_client, home_page):
    first = GuidancePageFactory(parent=home_page, title="Første gren")
    second = GuidancePageFactory(parent=home_page, title="Andre gren")
    leaf = GuidancePageFactory(parent=first, title="Blad")
    assert "Første gren" in trail(site_client, leaf)
    leaf.move(second, pos="last-child")
    leaf.refresh_from_db()
    moved = trail(site_client, leaf)
    assert "Andre gren" in moved and "Første gren" not in moved


@pytest.mark.django_db
def test_no_query_for_the_ancestors_once_built(site_client, home_page):
    leaf = GuidancePageFactory(parent=GuidancePageFactory(parent=home_page))
    site_client.get(leaf.url)
    with CaptureQueriesContext(connection) as captured:
        site_client.get(leaf.url)
    ancestor_queries = [q["sql"] for q in captured.captured_queries if '"wagtailcore_page"."depth" > ' in q["sql"]]
    assert ancestor_queries == []
