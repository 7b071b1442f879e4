"""The send form in a browser: the send time has Wagtail's date picker, and takes the format it shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Send

pytestmark = pytest.mark.e2e


def test_the_send_time_has_a_date_picker_and_takes_what_it_shows(admin_browser_context, live_server, newsletter_issue):
    page = admin_browser_context(viewport={"width": 1200, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("newsletter_admin:send_issue", args=[newsletter_issue.pk]))

    page.get_by_text("Planlegg tidspunkt").click()
    page.locator("#id_at").click()
    picker = page.locator(".xdsoft_datetimepicker").first
    picker.wait_for(state="visible", timeout=5000)
    assert errors == [], errors

    at = timezone.localtime() + timedelta(days=2)
    page.locator("#id_at").fill(f"{at:%d.%m.%Y} kl. {at:%H:%M}")
    page.keyboard.press("Escape")
    page.get_by_text("Jeg har sett over forhåndsvisningen").click()
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url("**/utsendinger/**")

    send = Send.objects.get()
    assert send.status == "scheduled"
    assert timezone.localtime(send.scheduled_at).strftime("%d.%m.%Y %H:%M") == f"{at:%d.%m.%Y %H:%M}"
    assert errors == [], errors
