"""The newsletter's sign-up block on a page served from the anonymous page cache, in Chromium
without JavaScript: it submits from the cached copy, and a page on another site that posts
the same form is refused (core/public_forms.py, core/page_cache.py)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from newsletter.models import Subscriber
from pages.factories import GuidancePageFactory, make_site_root

OTHER_SITE = "http://angriper.example/"


@pytest.fixture(scope="module")
def signup_page(site_server, django_db_blocker, seeded_data):
    """A live page with the sign-up block, committed, on the live server's site."""
    settings = override_settings(WAGTAILADMIN_BASE_URL=site_server.url, NEWSLETTER_FORM_MIN_SECONDS=0)
    with django_db_blocker.unblock(), settings:
        home = make_site_root()
        page = GuidancePageFactory(
            parent=home,
            title="Om programmet",
            body=[
                {
                    "type": "newsletter_signup",
                    "value": {"heading": "Få nyhetsbrevet", "text": "", "topics": ["flo"], "preselected": []},
                }
            ],
        )
        try:
            yield site_server.url + page.url
        finally:
            seeded_data.restore()


def test_the_form_submits_from_a_cached_copy_without_javascript(visitor_without_javascript, signup_page):
    page = visitor_without_javascript
    page.goto(signup_page)
    cached = page.goto(signup_page)  # a second visit: from the cache
    assert cached.status == 200 and cached.headers.get("x-page-cache") == "hit"
    form = page.locator("form[action='/abonnement/']")
    assert form.locator("input[name=csrfmiddlewaretoken]").count() == 0
    form.locator("input[name=email]").fill("fra.hurtigbuffer@allmenn.example")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith("/abonnement/takk/")
    assert Subscriber.objects.filter(email="fra.hurtigbuffer@allmenn.example").exists()


def test_the_same_form_on_another_site_is_refused(visitor_without_javascript, signup_page):
    page = visitor_without_javascript
    html = page.goto(signup_page).text()
    action = signup_page.split("/", 3)[:3]
    copied = html.replace('action="/abonnement/"', f'action="{"/".join(action)}/abonnement/"')
    page.route(OTHER_SITE, lambda route: route.fulfill(body=copied, content_type="text/html; charset=utf-8"))
    page.goto(OTHER_SITE)
    form = page.locator("form[action$='/abonnement/']")
    form.locator("input[name=email]").fill("lurt@allmenn.example")
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()
    assert navigation.value.status == 403
    assert not Subscriber.objects.filter(email="lurt@allmenn.example").exists()
