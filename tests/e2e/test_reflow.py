"""Reflow (WCAG 2.1 SC 1.4.10): no page scrolls sideways at 320 CSS px, nor at 1280.

Every URL in the sitemap is visited (municipality pages sampled: the first of each
county, since they share one template), plus the pages the tour knows that the
sitemap leaves out (forms, search, versions, secret-link pages) and the two public
forms after an empty submit. axe-core does not test reflow; scrollWidth does.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.e2e

VIEWPORTS = ({"width": 320, "height": 640}, {"width": 1280, "height": 800})
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
MUNICIPALITY_URL = re.compile(r"/kommune/(\d{2})\d{2}/$")
# Forms whose error state is checked: the tour stop's name and the form to submit empty.
FORMS_TO_SUBMIT_EMPTY = {
    "newsletter sign-up": "main form.newsletter-form",
    "conference registration": "main form",
}
# Pages still known to be too wide, each with the reason. Empty when every page reflows.
KNOWN_WIDE: dict[str, str] = {}

# The document's width, and the three elements that stick out of the viewport furthest.
OVERFLOW = """() => {
    // Content inside a scroll region (a wide table) is clipped there and widens nothing,
    // as long as the region itself fits.
    const insideScroller = el => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== "visible") return up.getBoundingClientRect().right <= width + 0.5;
        }
        return false;
    };
    const width = document.documentElement.clientWidth;
    const scroll = document.documentElement.scrollWidth;
    const offenders = [];
    if (scroll > width) {
        for (const el of document.body.querySelectorAll("*")) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.right <= width + 0.5) continue;
            if (getComputedStyle(el).position === "fixed" || insideScroller(el)) continue;
            offenders.push({right: Math.round(box.right), tag: el.outerHTML.slice(0, 100)});
        }
        offenders.sort((a, b) => b.right - a.right);
    }
    return {width: width, scroll: scroll, offenders: offenders.slice(0, 3)};
}"""


def sitemap_urls(page, base_url: str) -> list[str]:
    """The sitemap's URLs on the live server, one municipality per county."""
    response = page.request.get(base_url + "/sitemap.xml")
    assert response.ok, f"/sitemap.xml answered {response.status}"
    root = ElementTree.fromstring(response.body())
    counties_seen: set[str] = set()
    urls = []
    for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS):
        path = urlparse(loc.text.strip()).path
        municipality = MUNICIPALITY_URL.search(path)
        if municipality:
            if municipality.group(1) in counties_seen:
                continue
            counties_seen.add(municipality.group(1))
        urls.append(base_url + path)
    return urls


def measure(page, viewport: dict) -> str | None:
    """None if the page fits the viewport, else a description of what sticks out."""
    result = page.evaluate(OVERFLOW)
    if result["scroll"] <= viewport["width"]:
        return None
    widest = "\n".join(f"      right edge {o['right']} px: {o['tag']}" for o in result["offenders"])
    return f"{page.url} is {result['scroll']} px wide at {viewport['width']} px\n{widest}"


# On a wide screen the header's menu links sit on one line (none wraps alone onto a second).
MENU_LINE_TOPS = """() => [...new Set([...document.querySelectorAll('.site-nav__link')]
    .map(link => Math.round(link.getBoundingClientRect().top)))]"""


def submit_empty(page, selector: str) -> None:
    """Submit a form with nothing filled in, past the browser's own required-field check."""
    form = page.locator(selector).first
    form.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()


def test_no_page_scrolls_sideways(browser, demo_site, screenshot_dir):
    """Every page fits 320 and 1280 CSS px without horizontal scrolling."""
    urls = [*dict.fromkeys(sitemap_urls_for(browser, demo_site))]
    extra = [stop.url for stop in demo_site.tour if stop.url not in urls]
    too_wide: list[str] = []
    for viewport in VIEWPORTS:
        context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 600, locale="nb-NO")
        page = context.new_page()
        try:
            for url in urls + extra:
                page.goto(url, wait_until="load")
                problem = measure(page, viewport)
                if viewport["width"] >= 1280 and len(page.evaluate(MENU_LINE_TOPS)) > 1:
                    problem = f"{url}: the header menu wraps onto more than one line at {viewport['width']} px"
                if problem:
                    too_wide.append(problem)
                    name = re.sub(r"\W+", "-", urlparse(url).path).strip("-") or "home"
                    page.screenshot(path=str(screenshot_dir / f"reflow-{viewport['width']}-{name}.png"))
            for stop_name, selector in FORMS_TO_SUBMIT_EMPTY.items():
                page.goto(demo_site.stops[stop_name].url, wait_until="load")
                submit_empty(page, selector)
                assert page.locator(".ds-error-summary, [data-error-summary], .ds-validation-message").count(), (
                    f"{stop_name}: an empty submit should show errors"
                )
                problem = measure(page, viewport)
                if problem:
                    too_wide.append(f"({stop_name}, after an empty submit) {problem}")
        finally:
            context.close()
    unexpected = [p for p in too_wide if not any(p.startswith(url) for url in KNOWN_WIDE)]
    print(f"reflow: {len(urls) + len(extra)} URLs at {len(VIEWPORTS)} widths, {len(too_wide)} too wide")
    assert not unexpected, f"{len(unexpected)} page(s) scroll sideways:\n" + "\n".join(unexpected)


def sitemap_urls_for(browser, demo_site) -> list[str]:
    context = browser.new_context()
    try:
        return sitemap_urls(context.new_page(), demo_site.base_url)
    finally:
        context.close()
