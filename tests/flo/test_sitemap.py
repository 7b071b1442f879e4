"""Search engines find a page for every county and municipality in use today."""

import pytest

pytestmark = pytest.mark.django_db


def test_sitemap_lists_every_current_county_and_municipality(site_client, statistics_page):
    xml = site_client.get("/sitemap.xml").content.decode()
    assert f"{statistics_page.url}fylke/31/</loc>" in xml
    assert f"{statistics_page.url}kommune/3101/</loc>" in xml
    assert f"{statistics_page.url}kommune/3001/</loc>" not in xml  # ended in 2023
    assert xml.count(f"{statistics_page.url}kommune/") == 357
