"""Screenshots at 320 and 1280 px of the pages a reviewer looks at first, and the menu button.

The screenshots go to var/screenshots/ for people to look at; the test asserts only
what a screenshot cannot: that the menu button opens and closes the menu.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

PAGES = ("home", "chapter", "statistics (municipality)", "conference registration")
WIDTHS = (320, 1280)


def test_screenshots_of_the_main_pages(browser, demo_site, screenshot_dir):
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="nb-NO")
        page = context.new_page()
        try:
            for name in PAGES:
                page.goto(demo_site.stops[name].url, wait_until="load")
                slug = name.replace(" ", "-").replace("(", "").replace(")", "")
                page.screenshot(path=str(screenshot_dir / f"{slug}-{width}.png"), full_page=True)
        finally:
            context.close()


def test_menu_button_opens_the_menu_on_a_phone(browser, demo_site, screenshot_dir):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(demo_site.stops["home"].url, wait_until="load")
        button = page.locator(".site-header button[aria-controls=site-menu]")
        assert button.get_attribute("aria-expanded") == "false"
        assert not page.locator(".site-nav").is_visible()
        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        assert page.locator(".site-nav__link").first.is_visible()
        page.screenshot(path=str(screenshot_dir / "menu-open-320.png"))
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "site-menu"
    finally:
        context.close()


def test_without_javascript_the_menu_link_leads_to_the_menu(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(demo_site.stops["home"].url, wait_until="load")
        link = page.locator(".site-header a[href='#hovedmeny']")
        assert link.is_visible()
        link.click()
        menu = page.locator("#hovedmeny")
        assert menu.is_visible() and menu.locator("a").count() == len(demo_site.header_links)
        assert menu.locator("a").first.is_visible()
    finally:
        context.close()
