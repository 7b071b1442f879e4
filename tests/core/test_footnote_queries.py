"""Only page types whose editors can write footnotes ask for them when rendered."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conference.models import ConferenceIndexPage
from core.models import edits_footnotes
from pages.models import CampaignPage, ChapterPage, GuidancePage, HomePage, ReportPage


def test_the_page_types_with_a_footnote_panel():
    assert all(edits_footnotes(model) for model in (CampaignPage, GuidancePage, ReportPage, ChapterPage))
    assert not any(edits_footnotes(model) for model in (HomePage, ConferenceIndexPage))


def footnote_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum('FROM "core_footnote"' in query["sql"] for query in captured.captured_queries)


@pytest.mark.django_db
def test_rendering_asks_for_footnotes_only_where_they_can_be(site_client, home_page, guidance_page, settings):
    settings.PAGE_CACHE_ENABLED = False
    assert footnote_queries(site_client, guidance_page.url) == 1
    assert footnote_queries(site_client, home_page.url) == 0
