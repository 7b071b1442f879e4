"""The search page as a page of the site: out of the sitemap, since it asks not to be indexed."""

from __future__ import annotations

import pytest

from tests.search import fixtures_pages

pytestmark = pytest.mark.django_db

search_page = fixtures_pages.search_page


def test_the_search_page_is_not_in_the_sitemap(site_client, search_page, guidance_page):
    xml = site_client.get("/sitemap.xml").content.decode()
    assert guidance_page.url in xml
    assert search_page.url not in xml
