"""After a failed submit, focus lands on the error summary (Designsystemet's pattern).

A screen-reader or keyboard user then hears what went wrong first and can follow
the summary's links to each field. It must work without JavaScript too: the summary
carries `autofocus`, which the browser honours when the page loads.
"""

from __future__ import annotations

import pytest

FORMS = ["newsletter sign-up", "conference registration", "conference resend link"]

FOCUSED_SUMMARY = "document.activeElement && document.activeElement.matches('.ds-error-summary')"


def submit_empty(page, stop) -> None:
    response = page.goto(stop.url, wait_until="load")
    assert response is not None and response.status == 200, f"{stop.name}: {stop.url}"
    with page.expect_navigation(wait_until="load"):
        page.locator("main form.newsletter-form button[type=submit]").first.click()


@pytest.mark.parametrize("form_name", FORMS)
def test_failed_submit_moves_focus_to_the_error_summary(visitor, demo_site, form_name):
    page = visitor
    submit_empty(page, demo_site.stops[form_name])
    assert page.locator(".ds-error-summary").count() == 1, f"{form_name}: no error summary after an empty submit"
    page.wait_for_function(FOCUSED_SUMMARY, timeout=2000)
    assert page.evaluate(FOCUSED_SUMMARY)


@pytest.mark.parametrize("form_name", FORMS)
def test_error_summary_takes_focus_without_javascript(visitor_without_javascript, demo_site, form_name):
    page = visitor_without_javascript
    submit_empty(page, demo_site.stops[form_name])
    assert page.evaluate(FOCUSED_SUMMARY), f"{form_name}: focus is on {page.evaluate('document.activeElement.tagName')}"
    # Every link in the summary leads to a field on the page.
    for href in page.locator(".ds-error-summary a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith("#") and page.locator(href).count() == 1, f"{form_name}: {href} points nowhere"
