"""The progress of a send on its admin page: a bar, the rate and the time left, kept up to
date by a small script where JavaScript runs, and readable (refreshing itself) where not."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Delivery, Send


def send_under_way(issue, *, sent: int, left: int, minutes_ago: float = 2, status: str = "sending") -> Send:
    """A send started `minutes_ago`, with `sent` mails spread over that time and `left` to go."""
    now = timezone.now()
    send = Send.objects.create(
        issue=issue,
        issue_title=issue.title,
        topic=issue.topic,
        status=status,
        started_at=now - timedelta(minutes=minutes_ago),
        audience_size=sent + left,
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                send=send,
                email=f"sendt{i}@example.no",
                status=Delivery.Status.SENT,
                sent_at=now - timedelta(minutes=minutes_ago * i / max(sent, 1)),
            )
            for i in range(sent)
        ]
        + [Delivery(send=send, email=f"venter{i}@example.no") for i in range(left)]
    )
    return send


def test_progress_has_the_rate_and_the_time_left(communications_client, newsletter_issue):
    send = send_under_way(newsletter_issue, sent=40, left=60, minutes_ago=2)
    data = communications_client.get(reverse("newsletter_admin:send_progress", args=[send.pk])).json()
    assert (data["done"], data["total"], data["percent"]) == (40, 100, 40.0)
    assert 19 <= data["per_minute"] <= 21
    assert 170 <= data["seconds_left"] <= 190
    assert data["pace_text"] == "20 e-poster i minuttet, ca. 3 min igjen."

    page = communications_client.get(reverse("newsletter_admin:send", args=[send.pk])).content.decode()
    assert '<progress id="send-progress-bar" max="100" value="40">' in page
    assert "20 e-poster i minuttet, ca. 3 min igjen." in page
    # Live without JavaScript too: the page refreshes itself, but only where no script runs.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "newsletter/send-progress.js" in page


def test_a_paused_send_has_no_time_left(communications_client, newsletter_issue):
    send = send_under_way(newsletter_issue, sent=10, left=5, status="paused")
    data = communications_client.get(reverse("newsletter_admin:send_progress", args=[send.pk])).json()
    assert data["seconds_left"] is None and data["pace_text"] == "På pause: ingen e-poster sendes."
    page = communications_client.get(reverse("newsletter_admin:send", args=[send.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page


def test_a_send_not_started_has_no_rate(newsletter_issue):
    send = Send.objects.create(issue=newsletter_issue, issue_title="x", topic=newsletter_issue.topic)
    assert send.pace(send.progress()) == {"done": 0, "percent": 0.0, "per_minute": None, "seconds_left": None}


@pytest.mark.e2e
def test_the_bar_moves_without_reloading_the_page(admin_browser_context, live_server, newsletter_issue):
    send = send_under_way(newsletter_issue, sent=4, left=6, minutes_ago=1)
    page = admin_browser_context().new_page()
    page.goto(live_server.url + reverse("newsletter_admin:send", args=[send.pk]))
    assert page.locator("[data-field=sent]").text_content() == "4"
    page.evaluate("window.__notReloaded = true")

    # Three more mails go out.
    now = timezone.now()
    ids = list(send.deliveries.filter(status="pending").values_list("pk", flat=True)[:3])
    Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.SENT, sent_at=now)

    page.wait_for_function("document.querySelector('[data-field=sent]').textContent === '7'", timeout=10_000)
    assert page.evaluate("window.__notReloaded") is True, "the numbers changed without a reload"
    assert page.locator("#send-progress-bar").evaluate("bar => bar.value") == 7
    caption = page.locator("[data-field=pace_text]").text_content()
    assert re.fullmatch(r"[\d,]+ e-poster i minuttet, (ca\. \d+ min|under ett minutt) igjen\.", caption), caption
    assert page.locator("[data-field=percent]").text_content() == "70"


@pytest.mark.e2e
def test_the_progress_reads_without_javascript(admin_browser_context, live_server, newsletter_issue):
    send = send_under_way(newsletter_issue, sent=4, left=6, minutes_ago=1)
    page = admin_browser_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + reverse("newsletter_admin:send", args=[send.pk]))
    text = page.locator(".newsletter-progress").inner_text()
    assert "4 av 10" in text and "e-poster i minuttet" in text and "min igjen" in text
