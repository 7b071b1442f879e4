"""Fixtures for the newsletter: topics, subscribers and an issue (`smtp_server` is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from newsletter.factories import NewsletterArchivePageFactory, NewsletterIssuePageFactory, SubscriberFactory, topic


@pytest.fixture
def flo_topic(db):
    return topic("flo")


@pytest.fixture
def podcast_topic(db):
    return topic("podkast")


@pytest.fixture
def confirmed_subscriber(db):
    return SubscriberFactory(email="kari.lege@example.no", name="Kari Lege")


@pytest.fixture
def subscriber_factory(db):
    return SubscriberFactory


@pytest.fixture
def newsletter_archive(home_page):
    return NewsletterArchivePageFactory(parent=home_page)


@pytest.fixture
def newsletter_issue(newsletter_archive):
    return NewsletterIssuePageFactory(parent=newsletter_archive, title="Fastlegenytt november 2026")


# --- In a browser (Debian's Chromium, started as tests/e2e/conftest.py does) ------------------


@pytest.fixture
def chromium(monkeypatch):
    """A headless Chromium, or a skip (a failure with REQUIRE_BROWSER_TESTS=1) without one."""
    from tests.e2e.conftest import CHROMIUM_ARGS, CHROMIUM_PATH, skip_or_fail

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not importable; install the dev dependencies to run browser tests")
    if not CHROMIUM_PATH.is_file():
        skip_or_fail(f"Chromium not found at {CHROMIUM_PATH}; install Debian's chromium package")
    # The tests use the ORM between browser calls, never at the same time (see tests/e2e/conftest.py).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def admin_browser_context(chromium, live_server, client, communications_officer, settings):
    """Browser contexts logged in to the admin as the communications officer (the `client`'s session)."""
    settings.ALLOWED_HOSTS = ["*"]
    client.force_login(communications_officer)
    contexts = []

    def open_context(**options):
        context = chromium.new_context(locale="nb-NO", **options)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
