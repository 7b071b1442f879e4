"""Browser fixtures: one Chromium for the session, axe-core, and a site to tour.

The browser tests need Debian's chromium and axe-core from node_modules. Without
them they are skipped, unless REQUIRE_BROWSER_TESTS=1 says they must run (CI).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread, and Django refuses ORM
# calls from a thread with a running loop. The tests use the ORM only to set up
# and look up content, never concurrently with the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
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

    stops: dict[str, Stop]
    header_links: list[str]
    # Heading texts in the body of a page, by stop name, to find without JavaScript.
    body_headings: dict[str, list[str]] = field(default_factory=dict)
    video: VideoOnPage | None = None

    @property
    def tour(self) -> list[Stop]:
        return list(self.stops.values())


def build_content() -> None:
    """A small but complete site from the factories: every page kind, three languages,
    public versions, footnotes, a video and a header menu."""
    from wagtail.models import Page, Site

    from core.models import Footnote, NavigationSettings, OrganisationSettings
    from pages.factories import (
        CampaignIndexPageFactory,
        CampaignPageFactory,
        ChapterPageFactory,
        GuidancePageFactory,
        HomePageFactory,
        ReportPageFactory,
        heading,
        paragraph,
    )

    video = {
        "type": "video",
        "value": {
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "Hva gjør en fastlege?",
            "description": "Tre fastleger forteller om en vanlig arbeidsdag.",
        },
    }
    facts = {
        "type": "fact_cards",
        "value": {
            "heading": "Fastlegeordningen i tall",
            "cards": [
                {"figure": "5 000", "label": "fastleger i Norge", "source": "FLO"},
                {"figure": "5,5 mill.", "label": "innbyggere på en fastlegeliste", "source": "FLO"},
            ],
        },
    }
    accordion = {
        "type": "accordion",
        "value": {
            "heading": "Ofte stilte spørsmål",
            "items": [{"question": "Hva er et listetak?", "answer": "<p>Det høyeste antallet på en liste.</p>"}],
        },
    }
    quote = {"type": "quote", "value": {"quote": "Fastlegen er grunnmuren.", "attribution": "Programleder"}}

    root = Page.get_first_root_node()
    for page in Page.objects.filter(depth=2):
        page.delete()
    home = HomePageFactory(parent=root, hero_text="Et nasjonalt program for allmennlegetjenesten.")
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Allmenn"},
    )
    campaigns = CampaignIndexPageFactory(parent=home, summary="Kampanjer for å rekruttere fastleger.")
    campaign = CampaignPageFactory(
        parent=campaigns,
        title="Bli fastlege i Nord-Norge",
        body=[heading("Hvorfor bli fastlege"), paragraph("<p>Et yrke med mening.</p>"), facts, quote, video],
    )
    guidance = GuidancePageFactory(
        parent=home,
        title="Organisering av programmet",
        body=[
            heading("Bakgrunn"),
            paragraph("<p>Programmet styrker fastlegeordningen.[^kilde]</p>"),
            heading("Styring", "h3"),
            paragraph("<p>Helsedirektoratet leder programmet.</p>"),
            accordion,
            video,
        ],
    )
    Footnote.objects.create(page=guidance, key="kilde", text="<p>Handlingsplan for allmennlegetjenesten.</p>")
    for note in ("Ny organisering fra 2025.", "Referansegruppen er utvidet."):
        guidance.substantive_change = True
        guidance.change_note = note
        guidance.save_revision().publish()
    GuidancePageFactory(
        parent=home,
        title="Tilskot til rekruttering",
        language="nn",
        summary="Kommunane kan søkje om tilskot.",
        body=[heading("Kven kan søkje"), paragraph("<p>Alle kommunar kan søkje.</p>")],
    )
    GuidancePageFactory(
        parent=home,
        title="About the programme",
        language="en",
        summary="A national programme for the GP service.",
        body=[heading("Background"), paragraph("<p>The programme strengthens the GP scheme.</p>")],
    )
    report = ReportPageFactory(parent=home, title="Årsrapport 2025", year=2025, summary="Året som gikk.")
    ChapterPageFactory(
        parent=report,
        title="Innledning",
        body=[heading("Om rapporten"), paragraph("<p>Rapporten beskriver året.</p>"), heading("Metode")],
    )
    results = ChapterPageFactory(parent=report, title="Resultater")
    ChapterPageFactory(parent=results, title="Rekruttering")
    ChapterPageFactory(parent=results, title="Stabilitet")

    organisation = OrganisationSettings.for_site(site)
    organisation.owner = "Helsedirektoratet"
    organisation.email = "post@allmenn.test"
    organisation.save()
    navigation = NavigationSettings.for_site(site)
    navigation.header_links = [
        {"type": "link", "value": {"page": page.pk, "url": "", "text": ""}} for page in (campaigns, guidance, report)
    ] + [{"type": "link", "value": {"page": campaign.pk, "url": "", "text": "Bli fastlege"}}]
    navigation.save()


def pick_tour(base_url: str) -> DemoSite:
    """Choose one live page of each kind, and the pages that the other checks need."""
    from wagtail.models import Site

    from core.models import NavigationSettings, PublicVersion
    from pages.models import CampaignIndexPage, CampaignPage, ChapterPage, GuidancePage, HomePage, ReportPage

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

    version = (
        PublicVersion.objects.filter(page__live=True, page__depth__gt=1)
        .select_related("page")
        .order_by("page__path", "-published_at")
        .first()
    )
    assert version is not None, "the content has no page with public versions"
    versioned = version.page.specific
    visit("versions", versioned, "versjoner/")
    visit("old version", versioned, f"versjoner/{version.pk}/")
    stops["not found"] = Stop(name="not found", url=base_url + "/finnes-ikke-e2e/", language="nb", status=404)

    navigation = NavigationSettings.for_site(site)
    header_links = [block.value.href for block in navigation.header_links]

    body_headings = {
        name: [block.value["text"] for block in page.body if block.block_type == "heading"]
        for name, page in (("guidance (nb)", guidance), ("chapter", chapter))
    }

    video = None
    for model in (GuidancePage, ChapterPage, CampaignPage, ReportPage):
        for page in model.objects.live().public().order_by("path"):
            block = next((b for b in page.body if b.block_type == "video" and b.value.embed_url), None)
            if block is not None:
                video = VideoOnPage(
                    page=Stop(name="video", url=base_url + page.url, language=page.language),
                    watch_url=block.value["url"],
                    player_host=urlparse(block.value.embed_url).hostname or "",
                )
                break
        if video:
            break

    return DemoSite(stops=stops, header_links=header_links, body_headings=body_headings, video=video)


@pytest.fixture
def demo_site(live_server) -> DemoSite:
    """The demo content served by the live server, with one live page of every kind chosen."""
    build_content()
    return pick_tour(live_server.url)
