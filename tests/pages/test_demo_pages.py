"""Every live page of the demo content renders as the public should get it."""

import re

import pytest
from wagtail.models import Page

from core.models import BasePage
from pages.models import CampaignIndexPage, HomePage
from search.models import SearchPage

pytestmark = pytest.mark.django_db


def test_every_demo_page_renders_with_its_furniture(demo_site, client):
    pages = [p.specific for p in Page.objects.filter(depth__gt=1).live()]
    assert len(pages) > 20
    seen_languages = set()
    for page in pages:
        response = client.get(page.url, HTTP_HOST="localhost")
        html = response.content.decode()
        where = f"{type(page).__name__} {page.url}"
        assert response.status_code == 200, where
        assert len(re.findall(r"<h1[\s>]", html)) == 1, where
        assert isinstance(page, BasePage)
        assert f'<html lang="{page.language}"' in html, where
        seen_languages.add(page.language)
        if not isinstance(page, HomePage):
            assert 'class="ds-breadcrumbs site-breadcrumbs"' in html, where
        if not isinstance(page, HomePage | CampaignIndexPage | SearchPage):
            assert html.count("<dt>") >= 3, where  # published, updated, last substantive change
        # Nothing is loaded from another host.
        sources = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
        assert [s for s in sources if s.startswith(("http", "//")) and "localhost" not in s] == [], where
    assert seen_languages == {"nb", "nn", "en"}


def test_demo_report_table_marks_numeric_cells(demo_site, client):
    from pages.models import ChapterPage

    tables = []
    for chapter in ChapterPage.objects.live():
        html = client.get(chapter.url, HTTP_HOST="localhost").content.decode()
        tables += re.findall(r"<table.*?</table>", html, re.S)
    assert tables, "the demo report has at least one table"
    assert any('<td class="numeric">' in table for table in tables)
    assert all("<caption" in table and '<th scope="col">' in table for table in tables)
