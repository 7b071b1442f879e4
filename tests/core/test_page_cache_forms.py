"""Pages with a public form stay in the anonymous page cache (core/page_cache.py) and the form
still works from a cached copy, without JavaScript, hours later; another site cannot post it
(core/public_forms.py); the anti-spam stamp in a cached page says when the visitor saw the
form, not when the page was rendered (core/antispam.py)."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import antispam, page_cache, public_forms
from newsletter.models import Subscriber
from pages.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/abonnement/"
OWN_ORIGIN = {"HTTP_ORIGIN": "http://localhost"}
HOUR = 60 * 60


class FormReader(HTMLParser):
    """The fields a browser without JavaScript sends from the form that posts to `action`."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.fields = action, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action and attrs.get("method") == "post"
        elif tag == "input" and self.inside and attrs.get("name") and self._sent(attrs):
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    @staticmethod
    def _sent(attrs: dict) -> bool:
        return attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form_in(html: str, action: str = SIGNUP, **typed) -> dict:
    reader = FormReader(action)
    reader.feed(html)
    assert reader.fields, f"no form posting to {action}"
    data: dict = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in typed.items()})
    return data


def stamp_in(html: str) -> str:
    return re.search(rf'name="{antispam.STAMP_FIELD}" value="([^"]+)"', html).group(1)


class Clock:
    """time.time() moved on by `offset` seconds, for the modules that read the time here."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(antispam, "time", clock)
    monkeypatch.setattr(page_cache, "time", clock)
    return clock


@pytest.fixture
def visitor():
    """A browser that has never been here: no cookies, and Django's token check enforced."""
    return Client(enforce_csrf_checks=True, HTTP_HOST="localhost")


@pytest.fixture
def signup_page(home_page):
    return GuidancePageFactory(
        parent=home_page,
        title="Om programmet",
        body=[
            {
                "type": "newsletter_signup",
                "value": {"heading": "Få nyhetsbrevet", "text": "", "topics": ["flo"], "preselected": []},
            }
        ],
    )


def cached_copy(visitor, page) -> str:
    """The page as the second visitor gets it: from the cache, without a query."""
    visitor.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(page.url)
    assert response["X-Page-Cache"] == "hit" and len(queries) == 0
    return response.content.decode()


# --- Cached -------------------------------------------------------------------------------


def test_a_page_with_the_signup_form_is_cached_and_carries_no_visitor_token(visitor, signup_page):
    first = visitor.get(signup_page.url)
    assert first["X-Page-Cache"] == "miss"
    assert "csrftoken" not in first.cookies and "csrfmiddlewaretoken" not in first.content.decode()
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    html = cached_copy(visitor, signup_page)
    assert f'action="{SIGNUP}"' in html and "csrfmiddlewaretoken" not in html


def test_the_form_from_a_cached_copy_submits_without_javascript(visitor, signup_page, clock):
    html = cached_copy(visitor, signup_page)
    clock.offset += 20  # the person types
    response = visitor.post(SIGNUP, form_in(html, email="kari.lege@example.no"), **OWN_ORIGIN)
    assert response.status_code == 302 and response["Location"].startswith("/abonnement/takk/")
    subscriber = Subscriber.objects.get(email="kari.lege@example.no")
    assert list(subscriber.pending_topic_names())


def test_a_post_at_once_from_a_cached_copy_is_still_taken_for_a_bot(visitor, signup_page):
    """The cache gives each answer a fresh stamp, so the minimum time still means something."""
    html = cached_copy(visitor, signup_page)
    response = visitor.post(SIGNUP, form_in(html, email="bot@example.no"), **OWN_ORIGIN)
    assert response.status_code == 302  # the answer a person gets; nothing is stored
    assert not Subscriber.objects.filter(email="bot@example.no").exists()


def test_an_old_cached_copy_still_submits(visitor, signup_page, clock):
    visitor.get(signup_page.url)  # rendered and stored now
    clock.offset = 30 * HOUR  # a day and more later, the same entry is served
    html = cached_copy(visitor, signup_page)
    clock.offset += 20
    response = visitor.post(SIGNUP, form_in(html, email="sen@example.no"), **OWN_ORIGIN)
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="sen@example.no").exists()


def test_negative_control_without_fresh_stamps_an_old_copy_is_refused(visitor, signup_page, clock, monkeypatch):
    """The same steps with the stored stamp served as it is: the form was 'open for too long'."""
    monkeypatch.setattr(antispam, "restamp", lambda html: html)
    visitor.get(signup_page.url)
    clock.offset = 30 * HOUR
    html = cached_copy(visitor, signup_page)
    clock.offset += 20
    response = visitor.post(SIGNUP, form_in(html, email="sen@example.no"), **OWN_ORIGIN)
    assert response.status_code == 200 and "for lenge" in response.content.decode()
    assert not Subscriber.objects.filter(email="sen@example.no").exists()


def test_a_kept_copy_is_renewed_when_its_stamps_would_grow_old(visitor, signup_page, clock):
    """A browser or a CDN revalidates: a 304 within the hour, a copy with new stamps after it."""
    first = visitor.get(signup_page.url)
    etag = first["ETag"]
    assert etag.startswith('W/"')  # the bytes differ in the stamps from answer to answer
    again = visitor.get(signup_page.url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    clock.offset = antispam.STAMP_REFRESH_SECONDS
    later = visitor.get(signup_page.url, HTTP_IF_NONE_MATCH=etag)
    assert later.status_code == 200 and later["ETag"] != etag
    assert stamp_in(later.content.decode()) != stamp_in(first.content.decode())


def test_pages_without_a_form_keep_their_strong_etag(site_client, guidance_page):
    first = site_client.get(guidance_page.url)
    assert not first["ETag"].startswith("W/")
    assert site_client.get(guidance_page.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# --- Another site -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://angriper.example"},
        {"HTTP_ORIGIN": "http://localhost.angriper.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_a_post_from_another_site_is_refused(visitor, signup_page, clock, headers):
    html = cached_copy(visitor, signup_page)
    clock.offset += 20
    response = visitor.post(SIGNUP, form_in(html, email="offer@example.no"), **headers)
    assert response.status_code == 403
    assert not Subscriber.objects.filter(email="offer@example.no").exists()


def test_sec_fetch_site_alone_is_enough_from_our_own_pages(visitor, signup_page, clock):
    html = cached_copy(visitor, signup_page)
    clock.offset += 20
    response = visitor.post(SIGNUP, form_in(html, email="kari@example.no"), HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302 and Subscriber.objects.filter(email="kari@example.no").exists()


@pytest.mark.parametrize(
    ("origin", "passes"),
    [
        ("https://www.allmenn.example", True),
        ("https://allmenn.example", True),  # Django's `*.` rule covers the domain itself
        ("https://skjema.www.allmenn.example", True),
        ("http://www.allmenn.example", False),  # another scheme
        ("https://evilallmenn.example", False),  # only a look-alike
        ("https://www.allmenn.example.evil", False),
    ],
)
def test_a_trusted_origin_passes_as_django_judges_it(visitor, signup_page, clock, settings, origin, passes):
    """The Origin check is Django's own (CSRF_TRUSTED_ORIGINS with its wildcard rule)."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.allmenn.example"]
    html = cached_copy(visitor, signup_page)
    clock.offset += 20
    response = visitor.post(SIGNUP, form_in(html, email="kari@example.no"), HTTP_ORIGIN=origin)
    assert (response.status_code == 302) is passes
    assert Subscriber.objects.filter(email="kari@example.no").exists() is passes
    if not passes:
        assert response.status_code == 403


# --- A browser that says nothing ---------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"HTTP_ORIGIN": "null"}, {"HTTP_SEC_FETCH_SITE": "none"}])
def test_without_a_word_on_where_it_came_from_the_person_sends_it_again(visitor, signup_page, clock, headers):
    html = cached_copy(visitor, signup_page)
    clock.offset += 20
    first = visitor.post(SIGNUP, form_in(html, email="gammel@example.no"), **headers)
    page = first.content.decode()
    assert first.status_code == 200 and not Subscriber.objects.exists()  # nothing stored yet
    assert "trykk på knappen igjen" in page and 'value="gammel@example.no"' in page  # nothing lost
    assert "csrfmiddlewaretoken" in page  # this answer is the person's own: it carries a token
    # Pressing the button at once is not taken for a bot: the stamp from the first page is kept.
    second = visitor.post(SIGNUP, form_in(page, email="gammel@example.no"), **headers)
    assert second.status_code == 302
    assert Subscriber.objects.filter(email="gammel@example.no").exists()


def test_source_reads_the_headers_as_the_module_says(rf):
    def judged(**headers) -> public_forms.Source:
        request = rf.post(SIGNUP, HTTP_HOST="localhost", **headers)
        return public_forms.source(request)

    assert judged(HTTP_ORIGIN="http://localhost") is public_forms.Source.OWN_SITE
    assert judged(HTTP_ORIGIN="https://localhost") is public_forms.Source.OTHER_SITE  # another scheme
    assert judged(HTTP_ORIGIN="http://localhost:8001") is public_forms.Source.OTHER_SITE  # another port
    assert judged(HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site") is public_forms.Source.OTHER_SITE
    assert judged(HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin") is public_forms.Source.OWN_SITE
    assert judged() is public_forms.Source.UNKNOWN


# --- Editors and previews ------------------------------------------------------------------------


def test_editors_and_previews_of_a_page_with_a_form_are_never_cached(editor_client, signup_page):
    editor_client.defaults["HTTP_HOST"] = "localhost"
    assert editor_client.get(signup_page.url).get("X-Page-Cache") is None
    assert editor_client.get(signup_page.url).get("X-Page-Cache") is None
    preview = editor_client.get(f"/admin/pages/{signup_page.pk}/view_draft/")
    assert preview.status_code == 200 and preview.get("X-Page-Cache") is None
    anonymous = Client(HTTP_HOST="localhost").get(signup_page.url)
    assert anonymous["X-Page-Cache"] == "miss"  # the editor's visits stored nothing
