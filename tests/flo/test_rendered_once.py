"""The statistics pages render their figures once per import (templates/flo, flo/views.py)
and the register once per version (flo/register.py): never stale, and reused until then."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from core.models import Municipality
from flo import views
from flo.imports import import_file, rollback_import
from flo.register import current_register

ROUTES = ["", "fylke/03/", "kommune/0301/", "kommune/"]
FIGURE_ROUTES = ROUTES[:3]


@pytest.fixture(autouse=True)
def render_every_request(settings):
    """Measure the render path: the full-page cache would hide it."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def fetch(site_client, statistics_page):
    def get(route: str = "") -> BeautifulSoup:
        response = site_client.get(statistics_page.url + route)
        assert response.status_code == 200, route
        return BeautifulSoup(response.content, "html.parser")

    return get


@pytest.mark.parametrize("route", FIGURE_ROUTES)
def test_an_import_and_its_rollback_show_at_once(fetch, valid_file, django_capture_on_commit_callbacks, route):
    assert not fetch(route).select(".flo-card")
    with django_capture_on_commit_callbacks(execute=True):  # the version is renewed as the import commits
        batch = import_file(valid_file, "flo-mars-2025.csv")
    assert fetch(route).select(".flo-card")
    with django_capture_on_commit_callbacks(execute=True):
        rollback_import(batch)
    assert not fetch(route).select(".flo-card")


@pytest.mark.parametrize("route", ROUTES)
def test_the_figures_are_rendered_once_per_import(fetch, valid_file, monkeypatch, route):
    import_file(valid_file, "flo-mars-2025.csv")
    first = fetch(route)

    def not_again(*args, **kwargs):
        raise AssertionError("built again although nothing changed")

    for name in ("national_view", "county_view", "municipality_view", "picker_groups"):
        monkeypatch.setattr(views, name, not_again)
    assert str(fetch(route).main) == str(first.main)


def test_the_picker_marks_the_municipality_shown_on_each_page(fetch):
    for number in ("0301", "4601"):
        selected = fetch(f"kommune/{number}/").select("#flo-picker-select option[selected]")
        assert [option["value"] for option in selected] == [number]


def test_a_renamed_municipality_shows_at_once(fetch):
    fetch("kommune/0301/")
    oslo = Municipality.objects.get(number="0301", valid_to=None)
    oslo.name = "Christiania"
    oslo.save()
    assert current_register().municipality("0301").name == "Christiania"
    page = fetch("kommune/0301/")
    assert "Christiania" in page.h1.get_text()
    assert "Christiania" in [option.get_text() for option in page.select("#flo-picker-select option")]


def test_the_register_is_held_until_its_version_changes(db, django_assert_num_queries):
    register = current_register()
    with django_assert_num_queries(0):
        assert current_register() is register
