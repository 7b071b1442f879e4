"""The editor's side of sending: send now, schedule, test mails, progress and controls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Delivery, Send
from newsletter.tasks import schedule_send


def test_send_page_shows_the_audience_and_sends_now(
    communications_client, newsletter_issue, subscriber_factory, smtp_server, django_capture_on_commit_callbacks
):
    subscriber_factory.create_batch(3)
    url = reverse("newsletter_admin:send_issue", args=[newsletter_issue.pk])
    response = communications_client.get(url)
    assert response.status_code == 200
    assert "<strong>3</strong> bekreftede abonnenter" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = communications_client.post(url, {"when": "now", "confirm": "on"})
    send = Send.objects.get()
    assert response.status_code == 302 and response.url == reverse("newsletter_admin:send", args=[send.pk])
    send.refresh_from_db()
    assert send.status == "done" and len(smtp_server.messages) == 3
    detail = communications_client.get(response.url).content.decode()
    assert "Sendt" in detail and "lege" in detail


def test_scheduling_in_the_past_is_refused(communications_client, newsletter_issue):
    url = reverse("newsletter_admin:send_issue", args=[newsletter_issue.pk])
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    response = communications_client.post(url, {"when": "later", "at": past, "confirm": "on"})
    assert response.status_code == 200
    assert "fram i tid" in response.content.decode()
    assert not Send.objects.exists()


def test_scheduled_send_starts_when_due(
    newsletter_issue, subscriber_factory, editor, django_capture_on_commit_callbacks
):
    from newsletter.maintenance import tick

    subscriber_factory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        send = schedule_send(newsletter_issue, user=editor, at=timezone.now() + timedelta(minutes=30))
    send.refresh_from_db()
    assert send.status == "scheduled" and not Delivery.objects.exists()
    Send.objects.filter(pk=send.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        tick()
    send.refresh_from_db()
    assert send.status == "done" and send.audience_size == 2


def test_test_mail_goes_only_to_the_given_addresses(
    communications_client, newsletter_issue, subscriber_factory, smtp_server
):
    subscriber_factory()
    url = reverse("newsletter_admin:send_test", args=[newsletter_issue.pk])
    response = communications_client.post(url, {"addresses": "a@example.no,\nb@example.no", "language": "nn"})
    assert response.status_code == 302
    assert sorted(m["To"] for m in smtp_server.messages) == ["a@example.no", "b@example.no"]
    assert all(m["Subject"].startswith("[TEST]") for m in smtp_server.messages)
    assert not Send.objects.exists()


@pytest.mark.parametrize(
    "addresses", ["ikke-en-adresse", "a@example.no\r\nBcc: x@example.no,", ",".join(f"x{i}@e.no" for i in range(11))]
)
def test_test_mail_refuses_bad_address_lists(communications_client, newsletter_issue, smtp_server, addresses):
    url = reverse("newsletter_admin:send_test", args=[newsletter_issue.pk])
    response = communications_client.post(url, {"addresses": addresses, "language": "nb"})
    assert response.status_code == 200
    assert smtp_server.messages == []


def test_pause_resume_and_cancel_from_the_admin(communications_client, newsletter_issue, subscriber_factory):
    subscriber_factory.create_batch(2)
    send = Send.objects.create(issue=newsletter_issue, issue_title="x", topic=newsletter_issue.topic, status="sending")
    url = lambda action: reverse("newsletter_admin:send_control", args=[send.pk, action])  # noqa: E731
    communications_client.post(url("pause"))
    send.refresh_from_db()
    assert send.status == "paused"
    communications_client.post(url("cancel"))
    send.refresh_from_db()
    assert send.status == "cancelled"
    progress = communications_client.get(reverse("newsletter_admin:send_progress", args=[send.pk])).json()
    assert progress["status"] == "cancelled"


def test_send_views_need_permission(outsider_client, newsletter_issue):
    for url in (
        reverse("newsletter_admin:send_issue", args=[newsletter_issue.pk]),
        reverse("newsletter_admin:sends"),
    ):
        assert outsider_client.get(url).status_code in (302, 403)


def test_issue_editor_shows_send_buttons(communications_client, newsletter_issue):
    response = communications_client.get(reverse("wagtailadmin_pages:edit", args=[newsletter_issue.pk]))
    content = response.content.decode()
    assert reverse("newsletter_admin:send_test", args=[newsletter_issue.pk]) in content
    assert reverse("newsletter_admin:send_issue", args=[newsletter_issue.pk]) in content


def test_email_preview_modes(communications_client, newsletter_issue):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[newsletter_issue.pk])
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": newsletter_issue.title,
            "slug": newsletter_issue.slug,
            "preheader": "P",
            "topic": newsletter_issue.topic_id,
            "issue_month": "2026-11-01",
            "language": "nb",
            "summary": "",
            "body": streamfield([("heading", {"text": "Hei"})]),
            "footnotes-TOTAL_FORMS": 0,
            "footnotes-INITIAL_FORMS": 0,
            "footnotes-MIN_NUM_FORMS": 0,
            "footnotes-MAX_NUM_FORMS": 1000,
        }
    )
    assert communications_client.post(url, data).json().get("is_valid") is True, "preview form"
    html = communications_client.get(url + "?mode=email-nn").content.decode()
    assert 'lang="nn"' in html and "Hei" in html
    text = communications_client.get(url + "?mode=text")
    assert text["Content-Type"].startswith("text/plain") and "HEI" in text.content.decode()
