"""Browser fixtures: one Chromium for the session, axe-core, and a site to tour.

The browser tests need Debian's chromium and axe-core from node_modules. Without
them they are skipped, unless REQUIRE_BROWSER_TESTS=1 says they must run (CI).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.db import connections
from wagtail.models import Site

from conference.models import ConferenceIndexPage, ConferencePage
from core.models import NavigationSettings, PublicVersion
from flo.models import StatisticsPage
from newsletter.models import AccessToken, NewsletterArchivePage, NewsletterIssuePage, Subscriber
from newsletter.tokens import issue_token
from pages.models import CampaignIndexPage, CampaignPage, ChapterPage, GuidancePage, HomePage, ReportPage
from podcast.models import PodcastShowPage
from search.models import SearchPage

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_PATH = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = PROJECT_DIR / "var" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
# A Norwegian visitor: pages without a language of their own (the 404 page) follow
# Accept-Language.
BROWSER_LOCALE = "nb-NO"


def skip_or_fail(message: str) -> None:
    """Skip a browser test whose tools are missing, or fail when REQUIRE_BROWSER_TESTS=1."""
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- The browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_script() -> str:
    """The axe-core source, to inject into pages."""
    if not AXE_PATH.is_file():
        skip_or_fail(f"axe-core not found at {AXE_PATH}; run `npm ci` to run browser tests")
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def orm_beside_playwright():
    """Let Django's ORM run in the thread where Playwright's event loop runs.

    Django refuses ORM calls from a thread with a running event loop. The tests use
    the ORM only to set up, look up and flush content, never concurrently with the
    browser. The permission is lifted with the browser: module-scoped rather than
    set at import, so it never leaks into other tests or the subprocesses they
    start (`manage.py check --deploy` fails on it, rightly).
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(orm_beside_playwright):
    """One headless Chromium for the browser tests (they live in one module)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not importable; install the dev dependencies to run browser tests")
    if not CHROMIUM_PATH.is_file():
        skip_or_fail(f"Chromium not found at {CHROMIUM_PATH}; install Debian's chromium package to run browser tests")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While Playwright's event loop runs, Django keeps this thread's connections apart
        # (asgiref's context-local storage): close them here, or PostgreSQL refuses to drop
        # the test database at the end ("being accessed by other users").
        connections.close_all()


@pytest.fixture
def visitor(browser):
    """A fresh browser tab with JavaScript, as most visitors have.

    It ignores the site's Content-Security-Policy, so that axe can be injected and so
    that a third-party request in the markup shows up instead of being blocked.
    """
    context = browser.new_context(viewport=VIEWPORT, locale=BROWSER_LOCALE, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def visitor_with_csp(browser):
    """A fresh browser tab that enforces the site's Content-Security-Policy."""
    context = browser.new_context(viewport=VIEWPORT, locale=BROWSER_LOCALE)
    yield context.new_page()
    context.close()


@pytest.fixture
def visitor_without_javascript(browser):
    """A fresh browser tab with JavaScript turned off."""
    context = browser.new_context(viewport=VIEWPORT, locale=BROWSER_LOCALE, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


# --- The site to tour -------------------------------------------------------------------


@dataclass(frozen=True)
class Stop:
    """One page on the tour: what kind it is, where it is and the language it is written in."""

    name: str
    url: str
    language: str
    status: int = 200


@dataclass
class VideoOnPage:
    page: Stop
    watch_url: str
    player_host: str


@dataclass
class DemoSite:
    """The pages the browser visits, picked from the content in the database."""

    base_url: str
    stops: dict[str, Stop]
    header_links: list[str]
    # Heading texts in the body of a page, by stop name, to find without JavaScript.
    body_headings: dict[str, list[str]] = field(default_factory=dict)
    video: VideoOnPage | None = None

    @property
    def tour(self) -> list[Stop]:
        return list(self.stops.values())


def pick_tour(base_url: str) -> DemoSite:
    """Choose one live page of each kind, and the pages that the other checks need."""

    def first(model, **filters):
        page = model.objects.live().public().filter(**filters).order_by("path").first()
        assert page is not None, f"the content has no live {model.__name__} with {filters or 'any fields'}"
        return page

    stops: dict[str, Stop] = {}

    def visit(name: str, page, suffix: str = "") -> None:
        stops[name] = Stop(name=name, url=base_url + page.url + suffix, language=page.language)

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage), "the default site's root must be the home page"
    visit("home", home)
    visit("campaign index", first(CampaignIndexPage))
    visit("campaign", first(CampaignPage))
    guidance = first(GuidancePage, language="nb")
    visit("guidance (nb)", guidance)
    for language in ("nn", "en"):
        page = GuidancePage.objects.live().public().filter(language=language).order_by("path").first()
        if page is not None:
            visit(f"guidance ({language})", page)
    report = next(
        (r for r in ReportPage.objects.live().public().order_by("path") if ChapterPage.objects.child_of(r).exists()),
        None,
    )
    assert report is not None, "the content has no report with chapters"
    visit("report", report)
    chapter = ChapterPage.objects.live().public().descendant_of(report).order_by("path").first()
    visit("chapter", chapter)
    subchapter = ChapterPage.objects.live().public().descendant_of(report).filter(depth__gt=chapter.depth)
    if subchapter.exists():
        visit("chapter (nested)", subchapter.order_by("path").first())

    version = (
        PublicVersion.objects.filter(page__live=True, page__depth__gt=1)
        .select_related("page")
        .order_by("page__path", "published_at")  # the oldest: the newest may be the live page itself
        .first()
    )
    assert version is not None, "the content has no page with public versions"
    versioned = version.page.specific
    visit("versions", versioned, "versjoner/")
    visit("old version", versioned, f"versjoner/{version.pk}/")
    show = first(PodcastShowPage)
    visit("podcast show", show)
    episode = show.episodes().first()
    assert episode is not None, "the demo podcast has no live episode with audio"
    visit("podcast episode", episode)
    statistics = first(StatisticsPage)
    visit("statistics", statistics)
    visit("statistics (county)", statistics, "fylke/46/")
    visit("statistics (municipality)", statistics, "kommune/3101/")
    visit("statistics (former municipality)", statistics, "kommune/3001/")
    visit("statistics (all municipalities)", statistics, "kommune/")
    visit("statistics (open data)", statistics, "data/")
    archive = first(NewsletterArchivePage)
    visit("newsletter archive", archive)
    for language in ("nb", "nn"):
        visit(f"newsletter issue ({language})", first(NewsletterIssuePage, language=language))
    visit_newsletter_pages(stops, base_url)
    visit("conference index", first(ConferenceIndexPage))
    conferences = ConferencePage.objects.live().public().order_by("-starts_at")
    visit("conference (open)", conferences.first())
    visit("conference (past)", conferences.last())
    visit_conference_pages(stops, base_url, conferences.first())
    visit_search_pages(stops, base_url)
    stops["not found"] = Stop(name="not found", url=base_url + "/finnes-ikke-e2e/", language="nb", status=404)

    navigation = NavigationSettings.for_site(site)
    header_links = [block.value.href for block in navigation.header_links]

    body_headings = {
        name: [block.value["text"] for block in page.body if block.block_type == "heading"]
        for name, page in (("guidance (nb)", guidance), ("chapter", chapter))
    }

    return DemoSite(
        base_url=base_url,
        stops=stops,
        header_links=header_links,
        body_headings=body_headings,
        video=find_video(base_url),
    )


def visit_newsletter_pages(stops: dict[str, Stop], base_url: str) -> None:
    """The sign-up pages, and the pages behind the secret links in mails (tokens made here)."""
    stops["newsletter sign-up"] = Stop(name="newsletter sign-up", url=f"{base_url}/abonnement/", language="nb")
    stops["newsletter sign-up (nn)"] = Stop(
        name="newsletter sign-up (nn)", url=f"{base_url}/abonnement/?lang=nn", language="nn"
    )
    stops["newsletter thanks"] = Stop(name="newsletter thanks", url=f"{base_url}/abonnement/takk/", language="nb")
    confirmed = Subscriber.objects.filter(status="confirmed", language="nn").order_by("pk").first()
    pending = Subscriber.objects.filter(status="pending").order_by("pk").first()
    assert confirmed is not None and pending is not None, "the demo should have a confirmed and a pending subscriber"
    manage = issue_token(confirmed, AccessToken.Purpose.MANAGE)
    confirm = issue_token(pending, AccessToken.Purpose.CONFIRM)
    for name, url, language, status in (
        ("newsletter preferences (nn)", f"/abonnement/innstillinger/{manage}/", "nn", 200),
        ("newsletter erase (nn)", f"/abonnement/innstillinger/{manage}/slett/", "nn", 200),
        ("newsletter unsubscribe (nn)", f"/abonnement/avmeld/{manage}/", "nn", 200),
        ("newsletter confirm", f"/abonnement/bekreft/{confirm}/", pending.language, 200),
        ("newsletter invalid link", "/abonnement/bekreft/ugyldig-lenke/", "nb", 404),
    ):
        stops[name] = Stop(name=name, url=base_url + url, language=language, status=status)


def visit_conference_pages(stops: dict[str, Stop], base_url: str, conference) -> None:
    """The registration form, the thanks page, and the pages behind the secret links (a token made here)."""
    from conference import ledger
    from conference.tokens import issue_manage_token

    language = conference.language
    stops["conference registration"] = Stop(
        name="conference registration", url=f"{base_url}/konferanse-pamelding/{conference.pk}/", language=language
    )
    stops["conference resend link"] = Stop(
        name="conference resend link", url=f"{base_url}/konferanse-pamelding/send-lenke/", language="nb"
    )
    registration = ledger.register(
        conference, conference.ticket_types.first().pk, name="Kari Tur", email="kari.tur@allmenn.example"
    )
    token = issue_manage_token(registration)
    stops["conference registration (manage)"] = Stop(
        name="conference registration (manage)",
        url=f"{base_url}/konferanse-pamelding/p/{token}/",
        language=registration.language,
    )
    stops["conference registration (cancel)"] = Stop(
        name="conference registration (cancel)",
        url=f"{base_url}/konferanse-pamelding/p/{token}/avmeld/",
        language=registration.language,
    )


def visit_search_pages(stops: dict[str, Stop], base_url: str) -> None:
    """The search page with results (facets, snippets, pages of results) and with none."""
    page = SearchPage.objects.live().public().order_by("path").first()
    assert page is not None, "the demo should have a search page"
    for name, query in (("search (results)", "?q=fastlege"), ("search (no results)", "?q=xqzvwyk")):
        stops[name] = Stop(name=name, url=base_url + page.url + query, language=page.language)


def find_video(base_url: str) -> VideoOnPage | None:
    """The first live page with a video block, and where its player comes from."""
    for model in (GuidancePage, ChapterPage, CampaignPage, ReportPage):
        for page in model.objects.live().public().order_by("path"):
            block = next((b for b in page.body if b.block_type == "video" and b.value.embed_url), None)
            if block is not None:
                return VideoOnPage(
                    page=Stop(name="video", url=base_url + page.url, language=page.language),
                    watch_url=block.value["url"],
                    player_host=urlparse(block.value.embed_url).hostname or "",
                )
    return None


# --- The demo site, served and committed once per module -------------------------------------
# Loading the demo takes seconds; building it for every browser test made the browser
# tests the slowest part of the suite. A module loads it once, committed (the live
# server reads it through its own connection), and its tests read and add to it; when
# the module ends the database goes back to what the migrations seeded
# (tests/seeded_data.py). pytest-django's `live_server` would empty the database after
# every test, so the module runs its own server.


@pytest.fixture(scope="module")
def site_server(django_db_setup):
    """A live server for this module: Django's LiveServerThread on a free port."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def committed_database(django_db_blocker):
    """Browser tests read and write the database as the live server does: committed, no test transaction."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def demo_site(site_server, django_db_blocker, seeded_data) -> DemoSite:
    """The demo content served by the live server, with one live page of every kind chosen."""
    from django.test import override_settings

    served_here = override_settings(
        # The site's address is the live server's, as in development, so the links it mails open here.
        WAGTAILADMIN_BASE_URL=site_server.url,
        # A person needs seconds to fill in a form; a browser driven by a test does not.
        NEWSLETTER_FORM_MIN_SECONDS=0,
        CONFERENCE_FORM_MIN_SECONDS=0,
    )
    with django_db_blocker.unblock(), served_here:
        call_command("load_demo_data", "--force", stdout=io.StringIO())
        try:
            yield pick_tour(site_server.url)
        finally:
            seeded_data.restore()
