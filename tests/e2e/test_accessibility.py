"""The public site in a real browser: WCAG 2.1 AA with axe-core, keyboard use, pages
that read without JavaScript, no requests to third parties, and print."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

# The demo is loaded and committed once for the module (see conftest.py).
pytestmark = pytest.mark.e2e

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Every focusable element on a long page is reached well within this many presses.
MAX_TAB_PRESSES = 400
SCREENSHOTS = {"home", "chapter"}

FOCUSED_ELEMENT = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const seen = el.hasAttribute("data-e2e-focused");
    el.setAttribute("data-e2e-focused", "");
    return {
        description: el.outerHTML.slice(0, 120),
        id: el.id,
        href: el.getAttribute("href"),
        isSkipLink: el.classList.contains("ds-skip-link"),
        inHeaderMenu: !!el.closest(".site-nav"),
        inHeader: !!el.closest(".site-header"),
        inMainOrAfter: !!(document.getElementById("main").compareDocumentPosition(el)
            & (Node.DOCUMENT_POSITION_CONTAINED_BY | Node.DOCUMENT_POSITION_FOLLOWING)),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        box: {top: box.top, left: box.left, bottom: box.bottom, right: box.right, width: box.width, height: box.height},
        viewport: {width: window.innerWidth, height: window.innerHeight},
        seen: seen,
    };
}"""


def describe_violations(violations: list[dict]) -> str:
    """axe's violations as lines a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def axe_violations(page, axe_script: str) -> list[dict]:
    page.add_script_tag(content=axe_script)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return results["violations"]


def has_visible_focus(focused: dict) -> bool:
    outline = focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0
    return outline or focused["boxShadow"] != "none"


def is_inside_viewport(focused: dict) -> bool:
    box, viewport = focused["box"], focused["viewport"]
    return (
        box["width"] > 0
        and box["height"] > 0
        and box["top"] >= 0
        and box["left"] >= 0
        and box["bottom"] <= viewport["height"]
        and box["right"] <= viewport["width"]
    )


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in {"data", "blob", "about"} or parsed.hostname in LOCAL_HOSTS


def keep_requests_local(page) -> list[str]:
    """Record every request the page makes, and stop any to another host before it leaves."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route(
        lambda url: not is_local(url),
        lambda route: route.abort(),
    )
    return requested


def open_page(page, stop):
    response = page.goto(stop.url, wait_until="load")
    assert response is not None, f"{stop.name}: no response from {stop.url}"
    assert response.status == stop.status, f"{stop.name}: {stop.url} answered {response.status}"
    return response


# --- Every kind of page -------------------------------------------------------------------


def test_tour_of_every_kind_of_page(visitor, demo_site, axe_script, screenshot_dir, subtests):
    """WCAG 2.1 AA by axe, the page's own language, one h1, and nothing from third parties."""
    languages = {stop.language for stop in demo_site.tour}
    assert {"nb", "nn", "en"} <= languages, f"the tour should cover all three languages, got {sorted(languages)}"
    requested = keep_requests_local(visitor)

    for stop in demo_site.tour:
        with subtests.test(msg=stop.name, url=stop.url):
            open_page(visitor, stop)
            assert visitor.evaluate("document.documentElement.lang") == stop.language
            assert visitor.locator("h1").count() == 1, f"{stop.name} should have exactly one h1"
            if stop.name in SCREENSHOTS:
                # For a person to look at: var/screenshots/ is not checked in.
                visitor.screenshot(path=str(screenshot_dir / f"{stop.name}.png"), full_page=True)
            violations = axe_violations(visitor, axe_script)
            assert not violations, f"axe found {len(violations)} violations on {stop.url}:\n" + describe_violations(
                violations
            )

    with subtests.test(msg="no third-party requests"):
        if demo_site.video and demo_site.video.page.url not in {stop.url for stop in demo_site.tour}:
            open_page(visitor, demo_site.video.page)
        third_party = sorted({url for url in requested if not is_local(url)})
        assert not third_party, "requests left the site:\n" + "\n".join(third_party)
        assert any("/static/" in url for url in requested), "the stylesheets should load from the site itself"


# --- Keyboard -----------------------------------------------------------------------------


def tab_through(page) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it or comes round again."""
    focused_elements = []
    for _ in range(MAX_TAB_PRESSES):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_ELEMENT)
        if focused is None or focused["seen"]:
            return focused_elements
        focused_elements.append(focused)
    pytest.fail(f"still tabbing after {MAX_TAB_PRESSES} presses")


def test_keyboard_only_visitor(visitor, demo_site, subtests):
    with subtests.test(msg="the first Tab shows the skip link, Enter moves focus to main"):
        open_page(visitor, demo_site.stops["home"])
        visitor.keyboard.press("Tab")
        skip_link = visitor.evaluate(FOCUSED_ELEMENT)
        assert skip_link is not None and skip_link["isSkipLink"], f"the first Tab focused {skip_link}"
        assert skip_link["href"] == "#main"
        assert is_inside_viewport(skip_link), f"the focused skip link is outside the viewport: {skip_link['box']}"
        assert has_visible_focus(skip_link), "the focused skip link has no focus indicator"

        visitor.keyboard.press("Enter")
        visitor.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=2000)
        visitor.keyboard.press("Tab")
        after_main = visitor.evaluate(FOCUSED_ELEMENT)
        assert after_main is not None and after_main["inMainOrAfter"], f"Tab after the skip went to {after_main}"

    assert demo_site.header_links, "the site should have a header menu"
    for name in ("home", "chapter"):
        with subtests.test(msg=f"{name}: every header link in order, focus always visible"):
            open_page(visitor, demo_site.stops[name])
            focused_elements = tab_through(visitor)
            menu_links = [focused["href"] for focused in focused_elements if focused["inHeaderMenu"]]
            assert menu_links == demo_site.header_links
            without_indicator = [
                focused["description"] for focused in focused_elements if not has_visible_focus(focused)
            ]
            assert not without_indicator, "focused without a visible indicator:\n" + "\n".join(without_indicator)


# --- Without JavaScript, and within the Content-Security-Policy -----------------------------------


def test_content_and_video_link_read_without_javascript(visitor_without_javascript, demo_site, subtests):
    page = visitor_without_javascript
    requested = keep_requests_local(page)
    for name in ("guidance (nb)", "chapter"):
        with subtests.test(msg=name):
            open_page(page, demo_site.stops[name])
            assert page.locator("main h1").is_visible()
            for text in demo_site.body_headings[name]:
                assert page.locator("main").get_by_role("heading", name=text, exact=True).first.is_visible(), text

    video = demo_site.video
    assert video is not None, "the content should have a video block"
    with subtests.test(msg="video"):
        open_page(page, video.page)
        figure = page.locator("figure.block-video").first
        assert figure.locator(f'a[href="{video.watch_url}"]').is_visible()
        assert figure.locator("iframe").count() == 0
        assert figure.locator(".block-video__play").is_hidden()
    assert all(is_local(url) for url in requested)


def test_site_keeps_to_its_content_security_policy(visitor_with_csp, demo_site, subtests):
    """No CSP violations or script errors anywhere, and the video player, from the
    privacy-enhanced host, loads only when the visitor presses play."""
    page = visitor_with_csp
    errors: list[str] = []
    # Failed loads are the 404 page's own status and the requests stopped below.
    page.on(
        "console", lambda m: errors.append(m.text) if m.type == "error" and "Failed to load" not in m.text else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    requested = keep_requests_local(page)

    for stop in demo_site.tour:
        with subtests.test(msg=stop.name):
            open_page(page, stop)
            assert not errors, f"errors on {stop.url}:\n" + "\n".join(errors)

    video = demo_site.video
    assert video is not None, "the content should have a video block"
    with subtests.test(msg="video"):
        open_page(page, video.page)
        figure = page.locator("figure.block-video").first
        assert figure.locator("iframe").count() == 0
        assert not [url for url in requested if not is_local(url)], "the player loaded before the visitor asked"

        # The button is shown by the site's own script: proof that it ran under the policy.
        figure.locator(".block-video__play").click()
        iframe = figure.locator("iframe")
        iframe.wait_for(state="attached", timeout=2000)
        assert urlparse(iframe.get_attribute("src")).hostname == video.player_host
        assert video.player_host in {"www.youtube-nocookie.com", "player.vimeo.com"}
        assert any(urlparse(url).hostname == video.player_host for url in requested), "the policy blocked the player"
        assert not errors, "\n".join(errors)


# --- Print ------------------------------------------------------------------------------------


def test_print_leaves_out_the_navigation(visitor, demo_site):
    open_page(visitor, demo_site.stops["chapter"])
    visitor.emulate_media(media="print")

    assert visitor.locator(".site-header").is_hidden()
    assert visitor.locator(".site-nav").is_hidden()
    assert visitor.locator(".ds-skip-link").is_hidden()
    assert visitor.locator("main h1").is_visible()


# --- Podcast ------------------------------------------------------------------------------------


def test_podcast_chapter_link_seeks_the_player(visitor, demo_site):
    """With JavaScript, a chapter link moves the player to the chapter, and the browser
    fetches the audio from our own range-capable address."""
    page = visitor
    audio_responses: list[int] = []
    page.on("response", lambda r: audio_responses.append(r.status) if "/lyd/" in r.url else None)
    open_page(page, demo_site.stops["podcast episode"])
    page.wait_for_function("document.getElementById('episode-audio').readyState >= 1", timeout=10_000)
    assert page.evaluate("document.getElementById('episode-audio').duration") > 1
    link = page.locator("[data-seek]").last
    seconds = int(link.get_attribute("data-seek"))
    assert seconds > 0
    link.click()
    page.wait_for_function(
        "s => Math.abs(document.getElementById('episode-audio').currentTime - s) < 1", arg=seconds, timeout=5000
    )
    assert page.url == demo_site.stops["podcast episode"].url  # the script seeked instead of following the link
    assert audio_responses and all(status in (200, 206) for status in audio_responses)


# --- Statistics -----------------------------------------------------------------------------------


def test_statistics_read_and_work_without_javascript(visitor_without_javascript, demo_site):
    """The charts are drawn on the server, their figures open as a table, and the
    municipality picker is a plain form."""
    page = visitor_without_javascript
    requested = keep_requests_local(page)
    open_page(page, demo_site.stops["statistics"])
    charts = page.locator("figure.flo-chart")
    assert charts.count() >= 2
    first_chart = charts.first
    assert first_chart.locator("svg[role=img] title").count() == 1
    table = first_chart.locator("table")
    assert table.is_hidden()
    first_chart.locator("summary").click()  # <details> opens without any script
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 12

    page.select_option("#flo-picker-select", label="Tromsø")
    page.locator(".flo-picker button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/kommune/5501/")
    assert "Tromsø" in page.locator("main h1").inner_text()
    assert all(is_local(url) for url in requested)


def test_statistics_picker_by_keyboard(visitor, demo_site):
    page = visitor
    open_page(page, demo_site.stops["statistics (county)"])
    page.select_option("#flo-picker-select", label="Bergen")
    page.focus("#flo-picker-select")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.flo-picker') && document.activeElement.type")
    assert focused == "submit", "Tab from the picker should reach its button"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/kommune/4601/")


def test_newsletter_sign_up_by_keyboard_without_javascript_and_confirm(
    visitor_without_javascript, demo_site, mailoutbox
):
    """A GP signs up with the keyboard alone, gets the mail, and confirms with the button."""
    import re

    from newsletter.models import Subscriber

    page = visitor_without_javascript
    open_page(page, demo_site.stops["newsletter sign-up"])
    page.focus("input[name=email]")
    page.keyboard.type("ny.fastlege@allmenn.example")
    first_topic = page.locator("input[name=topics]").first
    first_topic.focus()
    if not first_topic.is_checked():
        page.keyboard.press("Space")
    assert first_topic.is_checked()
    page.focus("input[name=email]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/abonnement/takk/")
    assert page.locator("h1").count() == 1

    (mail,) = [m for m in mailoutbox if "ny.fastlege@allmenn.example" in m.to]
    confirm_url = re.search(r"https?://\S+/abonnement/bekreft/[A-Za-z0-9_-]+/", mail.body).group(0)
    assert confirm_url.startswith(demo_site.base_url + "/"), "the mailed link should open on the site that sent it"
    page.goto(confirm_url)
    assert Subscriber.objects.get(email="ny.fastlege@allmenn.example").status == "pending"
    button = page.locator("main form button[type=submit]")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Subscriber.objects.get(email="ny.fastlege@allmenn.example").status == "confirmed"


def test_conference_registration_by_keyboard_without_javascript(visitor_without_javascript, demo_site, mailoutbox):
    """A GP registers for the conference with the keyboard alone and gets the confirmation with a calendar file."""
    from conference.models import Registration

    page = visitor_without_javascript
    open_page(page, demo_site.stops["conference registration"])
    page.focus("input[name=name]")
    page.keyboard.type("Ola Tastatur")
    page.focus("input[name=email]")
    page.keyboard.type("ola.tastatur@allmenn.example")
    for group in ("ticket_type", "role"):
        first = page.locator(f"input[name={group}]").first
        first.focus()
        page.keyboard.press("Space")
        assert first.is_checked()
    # The organiser's required single-choice question (the parallel session).
    required_choice = page.locator("fieldset:has(input[type=radio][required]), fieldset:has(legend)").locator(
        "input[type=radio]:not([name=ticket_type]):not([name=role])"
    )
    if required_choice.count():
        required_choice.first.focus()
        page.keyboard.press("Space")
    page.focus("input[name=email]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/takk/" in page.url, page.locator("main").inner_text()[:500]
    registration = Registration.objects.get(email="ola.tastatur@allmenn.example")
    assert registration.status == Registration.Status.CONFIRMED
    (mail,) = [m for m in mailoutbox if m.to == ["ola.tastatur@allmenn.example"]]
    content_types = [a.get_content_type() if hasattr(a, "get_content_type") else a[2] for a in mail.attachments]
    assert any(kind.startswith("text/calendar") for kind in content_types), content_types
