"""The full-page cache for anonymous visitors (core/page_cache.py): served without a query,
never stale after any change a visitor could see, never for editors, forms, previews,
private pages or unknown query strings; ETag and 304; and the frontend cache's purges."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend
from wagtail.models import PageViewRestriction, ReferenceIndex

from core import page_cache
from core.models import NavigationSettings, OrganisationSettings
from pages.factories import GuidancePageFactory, paragraph

pytestmark = pytest.mark.django_db

HIT, MISS = "hit", "miss"


def get(client, url: str, **extra):
    response = client.get(url, **extra)
    response.html = response.content.decode()
    return response


def state(response) -> str | None:
    return response.get("X-Page-Cache")


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def child(guidance_page):
    """A draft below the guidance page, whose listing shows its live children."""
    return GuidancePageFactory(parent=guidance_page, title="Nytt kapittel om legevakt", live=False)


# --- Served from the cache ------------------------------------------------------------------


def test_the_second_anonymous_request_costs_no_query(site_client, guidance_page):
    first = get(site_client, guidance_page.url)
    assert first.status_code == 200 and state(first) == MISS
    with CaptureQueriesContext(connection) as captured:
        second = get(site_client, guidance_page.url)
    assert len(captured) == 0
    assert state(second) == HIT and second.status_code == 200
    assert second.html == first.html
    assert second["ETag"] == first["ETag"] and second["ETag"].startswith('"')
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "nb"
    assert "Accept-Language" in second["Vary"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_if_none_match_gets_a_304_from_the_cache(site_client, guidance_page):
    etag = get(site_client, guidance_page.url)["ETag"]
    with CaptureQueriesContext(connection) as captured:
        response = site_client.get(guidance_page.url, HTTP_IF_NONE_MATCH=etag)
    assert len(captured) == 0
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["Cache-Control"].startswith("public")
    assert site_client.get(guidance_page.url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert site_client.get(guidance_page.url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def test_a_304_also_on_the_request_that_fills_the_cache(site_client, guidance_page, home_page):
    etag = get(site_client, guidance_page.url)["ETag"]
    site_client.get(home_page.url)  # another page: the entry stays
    from django.core.cache import cache

    cache.clear()
    response = site_client.get(guidance_page.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and state(response) == MISS


def test_head_is_answered_from_the_get_entry(site_client, guidance_page):
    body = get(site_client, guidance_page.url).content
    with CaptureQueriesContext(connection) as captured:
        response = site_client.head(guidance_page.url)
    assert len(captured) == 0
    assert response.status_code == 200 and state(response) == HIT
    assert response.content == b""
    assert response["Content-Length"] == str(len(body))


def test_a_head_first_does_not_fill_the_cache_with_an_empty_body(site_client, guidance_page):
    assert site_client.head(guidance_page.url).status_code == 200
    response = get(site_client, guidance_page.url)
    assert guidance_page.title in response.html


# --- Never stale ------------------------------------------------------------------------------


def test_a_published_child_appears_in_the_parent_listing_at_once(site_client, guidance_page, child):
    assert child.title not in get(site_client, guidance_page.url).html
    assert state(get(site_client, guidance_page.url)) == HIT
    publish(child)
    response = get(site_client, guidance_page.url)
    assert state(response) == MISS and child.title in response.html


def test_negative_control_a_frozen_version_serves_the_stale_listing(site_client, guidance_page, child, monkeypatch):
    """The same steps with the content version frozen: the listing stays stale, so the test
    above can fail, and it is the version that keeps the cache right."""
    monkeypatch.setattr(page_cache, "content_version", lambda now=None: "frozen")
    assert child.title not in get(site_client, guidance_page.url).html
    publish(child)
    response = get(site_client, guidance_page.url)
    assert state(response) == HIT and child.title not in response.html


def test_an_edit_published_shows_at_once(site_client, guidance_page):
    get(site_client, guidance_page.url)
    guidance_page.title = "Organisering, ny tittel"
    publish(guidance_page)
    assert "Organisering, ny tittel" in get(site_client, guidance_page.url).html


def test_a_menu_change_shows_at_once(site_client, guidance_page, home_page):
    site = home_page.get_site()
    navigation = NavigationSettings.for_site(site)
    assert 'class="site-nav"' not in get(site_client, home_page.url).html
    navigation.header_links = [{"type": "link", "value": {"page": guidance_page.pk, "url": "", "text": ""}}]
    navigation.save()
    menu = re.search(r'<nav class="site-nav".*?</nav>', get(site_client, home_page.url).html, re.S)
    assert menu and f">{guidance_page.title}</a>" in menu.group(0)


def test_a_footer_change_shows_at_once(site_client, home_page):
    organisation = OrganisationSettings.for_site(home_page.get_site())
    get(site_client, home_page.url)
    organisation.name = "Allmennlegeprogrammet i Noreg"
    organisation.save()
    assert "Allmennlegeprogrammet i Noreg" in get(site_client, home_page.url).html


def test_an_flo_import_shows_on_the_statistics_page_at_once(site_client, home_page, django_capture_on_commit_callbacks):
    from datetime import date

    from core.municipality_register import get_municipality_register
    from flo.factories import StatisticsPageFactory, csv_content, file_rows
    from flo.imports import import_file

    empty = "Det er ikke publisert tall for dette området ennå."
    statistics = StatisticsPageFactory(parent=home_page)
    assert empty in get(site_client, statistics.url).html
    assert state(get(site_client, statistics.url)) == HIT
    month = date(2025, 3, 1)
    content = csv_content(file_rows(get_municipality_register().municipalities_on(month), month))
    with django_capture_on_commit_callbacks(execute=True):
        import_file(content, "flo-mars-2025.csv")
    response = get(site_client, statistics.url)
    assert state(response) == MISS and empty not in response.html


def test_a_restricted_page_is_no_longer_served_to_anonymous_visitors(site_client, guidance_page):
    get(site_client, guidance_page.url)
    PageViewRestriction.objects.create(page=guidance_page, restriction_type=PageViewRestriction.LOGIN)
    response = site_client.get(guidance_page.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_private_page_is_never_stored(site_client, guidance_page):
    restriction = PageViewRestriction.objects.create(
        page=guidance_page, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    from django.test import RequestFactory

    request = RequestFactory().get(guidance_page.url, HTTP_HOST="localhost")
    request.resolver_match = type("Match", (), {"url_name": page_cache.PAGE_VIEW})()
    request._wagtail_route_for_request = (guidance_page, [], {})
    from django.http import HttpResponse

    response = HttpResponse("<p>private</p>", content_type="text/html; charset=utf-8")
    assert not page_cache.storable(request, response)
    restriction.delete()
    assert page_cache.storable(request, response)


def test_an_unpublished_page_is_gone_at_once(site_client, guidance_page):
    get(site_client, guidance_page.url)
    guidance_page.unpublish()
    assert site_client.get(guidance_page.url).status_code == 404


def test_a_moved_page_leaves_its_old_address_and_the_old_listing(site_client, guidance_page, home_page, child):
    publish(child)
    other = GuidancePageFactory(parent=home_page, title="Annen veiledning")
    old_url = child.url
    assert child.title in get(site_client, guidance_page.url).html
    assert get(site_client, old_url).status_code == 200
    child.move(other, pos="last-child")
    child.refresh_from_db()
    moved = site_client.get(old_url)  # Wagtail leaves a redirect at the old address
    assert moved.status_code == 301 and moved["Location"] == child.url and state(moved) is None
    assert child.title not in get(site_client, guidance_page.url).html
    assert child.title in get(site_client, other.url).html
    assert get(site_client, child.url).status_code == 200


@pytest.fixture
def conference(home_page):
    from conference.factories import ConferenceIndexPageFactory, ConferencePageFactory

    return ConferencePageFactory(parent=ConferenceIndexPageFactory(parent=home_page))


def test_conference_seats_and_registration_times_show_at_once(
    site_client, conference, django_capture_on_commit_callbacks
):
    from conference.factories import RegistrationFactory, TicketTypeFactory

    ticket = TicketTypeFactory(conference=conference, capacity=2)
    before = get(site_client, conference.url).html
    with django_capture_on_commit_callbacks(execute=True):  # the seats version is renewed at the commit
        RegistrationFactory(ticket_type=ticket)
    after = get(site_client, conference.url)
    assert state(after) == MISS and after.html != before

    assert state(get(site_client, conference.url)) == HIT

    # Registration closes: the moment is registered, so no page is served across it.
    now = timezone.now()
    assert page_cache.content_version(now=now) == page_cache.content_version(now=now + timedelta(seconds=1))
    closed = conference.registration_closes_at + timedelta(seconds=1)
    assert page_cache.content_version(now=now) != page_cache.content_version(now=closed)


def test_a_registration_renews_the_conference_page_and_leaves_the_rest_of_the_cache(
    site_client, conference, guidance_page, django_capture_on_commit_callbacks
):
    """Seats are a scoped version: during a registration rush the other pages stay cached."""
    from conference.factories import RegistrationFactory, TicketTypeFactory

    ticket = TicketTypeFactory(conference=conference, capacity=5)
    get(site_client, conference.url)
    get(site_client, guidance_page.url)
    assert state(get(site_client, conference.url)) == HIT

    with django_capture_on_commit_callbacks(execute=True):
        RegistrationFactory(ticket_type=ticket)

    assert state(get(site_client, guidance_page.url)) == HIT
    assert state(get(site_client, conference.url)) == MISS


def test_a_page_whose_seats_version_was_evicted_is_rendered_again(site_client, conference):
    """An evicted scoped version is a new version: the entry that read the old one is not served."""
    from conference.factories import TicketTypeFactory
    from conference.seats import SEATS_VERSION_KEY

    TicketTypeFactory(conference=conference, capacity=5)
    get(site_client, conference.url)
    assert state(get(site_client, conference.url)) == HIT
    cache.delete(SEATS_VERSION_KEY)
    assert state(get(site_client, conference.url)) == MISS


# --- Never from the cache ---------------------------------------------------------------------


def test_editors_are_never_served_from_the_cache_nor_fill_it(client, editor, guidance_page):
    client.defaults["HTTP_HOST"] = "localhost"
    get(client, guidance_page.url)
    client.force_login(editor)
    response = get(client, guidance_page.url)
    assert response.status_code == 200 and state(response) is None
    client.logout()
    client.cookies.clear()
    assert state(get(client, guidance_page.url)) == HIT


def test_a_preview_is_never_cached(editor_client, guidance_page):
    editor_client.defaults["HTTP_HOST"] = "localhost"
    guidance_page.title = "Utkast som ikke er publisert"
    guidance_page.save_revision()
    draft = get(editor_client, f"/admin/pages/{guidance_page.pk}/view_draft/")
    assert draft.status_code == 200 and "Utkast som ikke er publisert" in draft.html
    assert state(draft) is None
    editor_client.logout()
    editor_client.cookies.clear()
    live = get(editor_client, guidance_page.url)
    assert state(live) == MISS and "Utkast som ikke er publisert" not in live.html


def test_a_page_whose_rendering_used_the_csrf_token_is_never_stored(rf, guidance_page):
    """A form that still posts with Django's token makes the page the visitor's own. (The
    public forms on pages carry none: tests/core/test_page_cache_forms.py.)"""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    untouched, asked = rf.get(guidance_page.url), rf.get(guidance_page.url)
    get_token(asked)
    response = HttpResponse("<p>skjema</p>", content_type="text/html; charset=utf-8")
    assert not page_cache.used_csrf_token(untouched, response)
    assert page_cache.used_csrf_token(asked, response)
    assert not page_cache.storable(asked, response)


def test_the_search_page_is_never_cached(site_client, home_page):
    from search.models import SearchPage

    search = home_page.add_child(instance=SearchPage(title="Søk", slug="sok"))
    get(site_client, search.url)
    assert state(get(site_client, search.url)) is None


def test_languages_are_not_mixed(site_client, guidance_page):
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    assert state(get(site_client, guidance_page.url)) == MISS
    assert state(get(site_client, guidance_page.url, **english)) == MISS
    assert state(get(site_client, guidance_page.url)) == HIT
    assert state(get(site_client, guidance_page.url, **english)) == HIT
    site_client.cookies["django_language"] = "nn"
    assert state(get(site_client, guidance_page.url)) == MISS


def test_a_query_string_is_not_mixed_with_the_plain_page(site_client, guidance_page, settings):
    get(site_client, guidance_page.url)
    assert state(get(site_client, guidance_page.url + "?side=2")) is None
    assert state(get(site_client, guidance_page.url + "?utm_source=nyhetsbrev&utm_medium=e-post")) == HIT
    settings.PAGE_CACHE_QUERY_PARAMS = ["side"]
    assert state(get(site_client, guidance_page.url + "?side=2")) == MISS
    assert state(get(site_client, guidance_page.url + "?side=2&utm_source=x")) == HIT
    assert state(get(site_client, guidance_page.url + "?side=3")) == MISS


def test_other_answers_are_not_stored(site_client, home_page):
    assert state(site_client.get("/finnes-ikke/")) is None
    assert state(site_client.get("/robots.txt")) is None
    assert state(site_client.get("/robots.txt")) is None


def test_the_cache_can_be_switched_off(site_client, guidance_page, settings):
    settings.PAGE_CACHE_ENABLED = False
    get(site_client, guidance_page.url)
    assert state(get(site_client, guidance_page.url)) is None


# --- The frontend cache -----------------------------------------------------------------------


@pytest.fixture
def purged(settings, monkeypatch):
    """A frontend cache that records what it is told to purge."""
    urls: list[str] = []
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://varnish"}
    }
    monkeypatch.setattr(HTTPBackend, "purge", lambda self, url: urls.append(url))
    return urls


def test_publishing_purges_the_page_its_ancestors_and_the_pages_that_link_to_it(
    purged, guidance_page, home_page, child, django_capture_on_commit_callbacks
):
    publish(child)
    referrer = GuidancePageFactory(
        parent=home_page, title="Lenker hit", body=[paragraph(f'<p><a linktype="page" id="{child.pk}">her</a></p>')]
    )
    ReferenceIndex.create_or_update_for_object(referrer)
    unrelated = GuidancePageFactory(parent=home_page, title="Ingen lenke")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(child)
    full = "http://localhost"
    assert f"{full}{child.url}" in purged
    assert f"{full}{guidance_page.url}" in purged
    assert f"{full}{home_page.url}" in purged
    assert f"{full}{referrer.url}" in purged
    assert f"{full}{unrelated.url}" not in purged


def test_unpublishing_moving_and_restricting_purge(
    purged, guidance_page, home_page, child, django_capture_on_commit_callbacks
):
    publish(child)
    old_url = f"http://localhost{child.url}"
    other = GuidancePageFactory(parent=home_page, title="Annen veiledning")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        child.move(other, pos="last-child")
    child.refresh_from_db()
    assert old_url in purged
    assert f"http://localhost{child.url}" in purged
    assert f"http://localhost{guidance_page.url}" in purged and f"http://localhost{other.url}" in purged

    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    assert f"http://localhost{other.url}" in purged and f"http://localhost{child.url}" in purged

    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        child.unpublish()
    assert f"http://localhost{child.url}" in purged and f"http://localhost{other.url}" in purged


def test_nothing_is_purged_without_a_frontend_cache(settings, monkeypatch, child, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    urls: list[str] = []
    monkeypatch.setattr(HTTPBackend, "purge", lambda self, url: urls.append(url))
    with django_capture_on_commit_callbacks(execute=True):
        publish(child)
    assert urls == []
