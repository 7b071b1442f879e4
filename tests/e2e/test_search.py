"""Search in a real browser: a keyboard-only visitor without JavaScript finds, narrows
and follows results; with JavaScript, the search box suggests pages as an ARIA 1.2
combobox that works from the keyboard, within the Content-Security-Policy, and passes
axe with its list open."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

# The demo is loaded and committed once for the module (see conftest.py).
pytestmark = pytest.mark.e2e

JUDGEMENTS_PATH = Path(__file__).resolve().parents[2] / "bench" / "search_judgements.json"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every control on the home page or a page of results is reached well within this many presses.
MAX_TAB_PRESSES = 150
# The suggestions come after a debounce and a request: generous, but a visitor would wait no longer.
SUGGESTIONS_TIMEOUT_MS = 5000
HEADER_SEARCH = "#site-search-q"
PAGE_SEARCH = "#search-q"

# Records what the Content-Security-Policy refused, before any of the site's scripts run.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`);
});
"""

# True when the option is what the visitor sees at its place: not under the page's content.
IS_ON_TOP = """el => {
    const box = el.getBoundingClientRect();
    const seen = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.width > 0 && box.height > 0 && !!seen && el.contains(seen);
}"""

OPTION_LOOK = """el => {
    const style = getComputedStyle(el);
    return {background: style.backgroundColor, outline: style.outlineStyle + " " + style.outlineWidth};
}"""


@dataclass(frozen=True)
class SearchSite:
    """Where the visitor starts, where search lives, and the page that answers "listetak"."""

    base_url: str
    home_url: str
    search_path: str
    list_ceiling_path: str
    list_ceiling_title: str

    @property
    def search_url(self) -> str:
        return self.base_url + self.search_path


@pytest.fixture
def search_site(demo_site) -> SearchSite:
    from pages.models import GuidancePage
    from search.models import SearchPage

    search_page = SearchPage.objects.live().public().order_by("path").first()
    assert search_page is not None, "the demo should have a search page"
    # The list ceiling page of site/demo/gp_scheme.py.
    list_ceiling = GuidancePage.objects.live().public().get(slug="listetak")
    return SearchSite(
        base_url=demo_site.base_url,
        home_url=demo_site.stops["home"].url,
        search_path=search_page.url,
        list_ceiling_path=list_ceiling.url,
        list_ceiling_title=list_ceiling.title,
    )


def judged_paths(query: str, grade: int) -> set[str]:
    """The pages the judged query set (bench/search_judgements.json) rates ``grade`` or better."""
    data = json.loads(JUDGEMENTS_PATH.read_text(encoding="utf-8"))
    (entry,) = [q for q in data["queries"] if q["query"] == query]
    return {path for path, given in entry["judgements"].items() if given >= grade}


# --- What the visitor sees and does ------------------------------------------------------------


def tab_to(page, selector: str) -> None:
    """Press Tab, as a keyboard user does, until the element matching ``selector`` has focus."""
    for _ in range(MAX_TAB_PRESSES):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
    pytest.fail(f"Tab never reached {selector} in {MAX_TAB_PRESSES} presses (last focused: {focused})")


def press_and_wait(page, key: str):
    """Press a key that should load a new page, and return the response for it."""
    with page.expect_navigation() as navigation:
        page.keyboard.press(key)
    response = navigation.value
    assert response is not None and response.status == 200, f"{key} led to {response and response.status}"
    return response


def search_with_field(page, selector: str, text: str):
    """Focus the search field, replace what is in it, type and press Enter."""
    page.focus(selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    return press_and_wait(page, "Enter")


def result_count(page) -> int:
    """The number the results heading announces ("9 treff for «listetak»"); 0 for none."""
    heading = page.locator("#results-heading").inner_text()
    match = re.match(r"\s*(\d+)", heading)
    return int(match.group(1)) if match else 0


def hit_paths(page) -> list[str]:
    return page.locator(".search-hit__title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            lines.append(f"    {' '.join(str(part) for part in node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


def open_suggestions(page, selector: str, text: str) -> list[dict]:
    """Type into a search box and wait for its list of suggestions; the suggestions the server sent."""
    page.focus(selector)
    page.keyboard.press("Control+A")  # the search page's field holds the last search
    with page.expect_response(lambda r: "/forslag/" in r.url and r.status == 200) as answer:
        page.keyboard.type(text)
    page.wait_for_function(
        "s => document.querySelector(s).getAttribute('aria-expanded') === 'true'",
        arg=selector,
        timeout=SUGGESTIONS_TIMEOUT_MS,
    )
    return answer.value.json()["results"]


# --- Without JavaScript, by keyboard ---------------------------------------------------------------


def test_search_by_keyboard_without_javascript(visitor_without_javascript, search_site, subtests):
    """From the header search box to a filtered list of results, page 2 and a result, with Tab, Space and Enter."""
    page = visitor_without_javascript
    page.goto(search_site.home_url)

    with subtests.test(msg="the header search box, Enter: the search page with results"):
        tab_to(page, HEADER_SEARCH)
        page.keyboard.type("listetak")
        response = press_and_wait(page, "Enter")
        assert urlparse(page.url).path == search_site.search_path
        assert query_of(page.url)["q"] == ["listetak"]
        assert page.evaluate("document.documentElement.lang") == "nb"
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
        assert response.headers.get("x-robots-tag") == "noindex"
        assert page.locator(PAGE_SEARCH).input_value() == "listetak", "the field should show what was searched for"

        total = result_count(page)
        hits = hit_paths(page)
        assert total > 0 and hits, page.locator("main").inner_text()[:500]
        assert len(hits) == min(total, 10), f"the heading says {total}, the page lists {len(hits)}"
        best = judged_paths("listetak", grade=3)
        assert search_site.list_ceiling_path in best, "the judged set should rate the list ceiling page best"
        assert hits[0] in best, f"the first result {hits[0]} is not one of the best pages {sorted(best)}"
        assert search_site.list_ceiling_path in hits[:3], f"the list ceiling page is not near the top: {hits}"

    with subtests.test(msg="a type filter, checked with Space and sent with Enter, narrows the results"):
        guidance = page.locator('.search-filters input[name="type"][value="guidance"]')
        assert guidance.count() == 1, "the results should offer a filter for guidance"
        assert not guidance.is_checked()
        label = page.locator(f'label[for="{guidance.get_attribute("id")}"]').inner_text()
        facet_count = int(re.search(r"\((\d+)", label).group(1))
        assert 0 < facet_count < total, f"the guidance filter promises {facet_count} of {total}"

        page.focus(PAGE_SEARCH)
        tab_to(page, '.search-filters input[name="type"][value="guidance"]')
        page.keyboard.press("Space")
        assert guidance.is_checked()
        tab_to(page, '.search-filters button[type="submit"]')
        press_and_wait(page, "Enter")

        assert query_of(page.url).get("type") == ["guidance"]
        assert query_of(page.url).get("q") == ["listetak"]
        assert result_count(page) == facet_count, "the filter should give as many results as it promised"
        types = page.locator(".search-hit__type").all_inner_texts()
        assert types and set(types) == {"Veiledning"}, types
        assert page.locator('.search-filters input[name="type"][value="guidance"]').is_checked()
        assert page.locator(".search-active-filters a").count() == 1, "the filter in use should be removable"

    with subtests.test(msg="Enter on a result's title opens the page"):
        # The new page starts with focus at the top, as after any page load.
        tab_to(page, f'.search-hit__title a[href="{search_site.list_ceiling_path}"]')
        press_and_wait(page, "Enter")
        assert urlparse(page.url).path == search_site.list_ceiling_path
        assert page.locator("main h1").inner_text().strip() == search_site.list_ceiling_title

    with subtests.test(msg="Enter on 'Next' shows page 2 of the results"):
        page.goto(search_site.search_url)
        search_with_field(page, PAGE_SEARCH, "fastlege")
        total = result_count(page)
        assert total > 10, f"'fastlege' should need more than one page, found {total}"
        first_page = hit_paths(page)
        tab_to(page, '.search-pagination a[rel="next"]')
        press_and_wait(page, "Enter")
        assert query_of(page.url).get("page") == ["2"]
        assert result_count(page) == total
        second_page = hit_paths(page)
        assert second_page and not set(second_page) & set(first_page), "page 2 should list other pages"
        assert page.locator("ol.search-hits").get_attribute("start") == "11"
        assert page.locator('.search-pagination a[aria-current="page"]').inner_text().split()[-1] == "2"
        assert page.locator('.search-pagination a[rel="prev"]').count() == 1

    with subtests.test(msg="a misspelt word: a notice and results for the corrected word"):
        search_with_field(page, PAGE_SEARCH, "refransegruppen")
        notice = page.locator(".search-notice", has_text="refransegruppen")
        assert notice.count() == 1, page.locator("main").inner_text()[:500]
        # "Nothing was found for «typed». Showing results for «corrected»."
        quoted = re.findall(r"«([^»]+)»", notice.inner_text())
        assert len(quoted) == 2 and quoted[0] == "refransegruppen" and quoted[1] != quoted[0], quoted
        assert result_count(page) > 0
        hits = hit_paths(page)
        best = judged_paths("refransegruppen", grade=3)
        assert best & set(hits), f"none of {sorted(best)} among the corrected results {hits}"


# --- With JavaScript: suggestions as the visitor types --------------------------------------------


def test_suggestions_by_keyboard(visitor_with_csp, search_site, subtests):
    """Typing opens a listbox; the arrows choose, Escape closes and keeps the text, Enter opens the choice.
    No script errors and nothing refused by the Content-Security-Policy."""
    page = visitor_with_csp
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.goto(search_site.home_url)
    field = page.locator(HEADER_SEARCH)
    listbox = page.locator(f"#{field.get_attribute('aria-controls')}")

    with subtests.test(msg="typing opens the listbox"):
        assert field.get_attribute("role") == "combobox"
        assert field.get_attribute("aria-expanded") == "false"
        tab_to(page, HEADER_SEARCH)
        suggestions = open_suggestions(page, HEADER_SEARCH, "fast")
        assert len(suggestions) >= 2, "'fast' should suggest several pages"
        assert listbox.get_attribute("role") == "listbox"
        assert listbox.is_visible()
        expect(field).to_have_accessible_name("Søk på nettstedet")
        expect(listbox).to_have_accessible_name(re.compile(r"\w"))
        # Screen readers hear how many there are, and how to choose.
        status = page.locator(f"{HEADER_SEARCH} ~ [role='status']")
        expect(status).to_contain_text(f"{len(suggestions)} forslag")
        options = listbox.locator('[role="option"]')
        assert options.all_inner_texts() and [t.splitlines()[0] for t in options.all_inner_texts()] == [
            s["title"] for s in suggestions
        ]
        assert field.get_attribute("aria-activedescendant") is None, "nothing is chosen before the arrows"
        assert options.first.evaluate(IS_ON_TOP), "the list of suggestions is hidden under the page"

    with subtests.test(msg="ArrowDown chooses the first option, visibly"):
        page.keyboard.press("ArrowDown")
        first, second = options.nth(0), options.nth(1)
        assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
        assert first.get_attribute("aria-selected") == "true"
        assert second.get_attribute("aria-selected") == "false"
        assert page.evaluate("document.activeElement.id") == HEADER_SEARCH[1:], "focus stays in the field"
        assert first.evaluate(OPTION_LOOK) != second.evaluate(OPTION_LOOK), "the chosen option looks like the others"

    with subtests.test(msg="Escape closes the list and keeps the typed text"):
        page.keyboard.press("Escape")
        assert field.get_attribute("aria-expanded") == "false"
        assert listbox.is_hidden()
        assert field.get_attribute("aria-activedescendant") is None
        assert field.input_value() == "fast"
        assert urlparse(page.url).path == urlparse(search_site.home_url).path

    with subtests.test(msg="ArrowDown reopens the list, Enter opens the chosen page"):
        page.keyboard.press("ArrowDown")
        assert field.get_attribute("aria-expanded") == "true"
        assert field.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
        page.keyboard.press("ArrowDown")
        assert field.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
        press_and_wait(page, "Enter")
        assert urlparse(page.url).path == suggestions[1]["url"], "Enter should open the chosen suggestion"

    with subtests.test(msg="Enter with nothing chosen searches for the typed text"):
        page.goto(search_site.home_url)
        open_suggestions(page, HEADER_SEARCH, "fast")
        press_and_wait(page, "Enter")
        assert urlparse(page.url).path == search_site.search_path
        assert query_of(page.url)["q"] == ["fast"]

    with subtests.test(msg="no script errors, nothing refused by the policy"):
        violations = page.evaluate("window.__cspViolations")
        assert not violations, "the Content-Security-Policy refused:\n" + "\n".join(violations)
        assert not errors, "errors in the console:\n" + "\n".join(errors)


def test_suggestions_open_pass_axe(visitor, search_site, axe_script, subtests):
    """WCAG 2.1 AA by axe with the list of suggestions open and an option chosen."""
    page = visitor
    for name, url, selector in (
        ("header search box", search_site.home_url, HEADER_SEARCH),
        ("search page field", search_site.search_url + "?q=listetak", PAGE_SEARCH),
    ):
        with subtests.test(msg=name):
            page.goto(url)
            open_suggestions(page, selector, "fast")
            page.keyboard.press("ArrowDown")
            assert page.locator(selector).get_attribute("aria-activedescendant")
            page.add_script_tag(content=axe_script)
            results = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                AXE_TAGS,
            )
            # axe must have looked at the open list, not at a closed one.
            assert page.locator(selector).get_attribute("aria-expanded") == "true"
            violations = results["violations"]
            assert not violations, f"axe found {len(violations)} violations:\n" + describe_violations(violations)
