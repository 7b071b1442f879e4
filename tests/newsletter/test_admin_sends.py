"""The editor's side of sending: send now, schedule, test mails, progress and controls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Delivery, Send
from newsletter.sending import DeliveryWorker, WorkerReport, start_send
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
    communications_client.post(reverse("newsletter_admin:send_cancel", args=[send.pk]))
    send.refresh_from_db()
    assert send.status == "cancelled"
    progress = communications_client.get(reverse("newsletter_admin:send_progress", args=[send.pk])).json()
    assert progress["status"] == "cancelled"


def sending(issue, addresses: list[str]) -> Send:
    """A send under way, its deliveries pending."""
    send = Send.objects.create(
        issue=issue, issue_title=issue.title, topic=issue.topic, status="sending", audience_size=len(addresses)
    )
    Delivery.objects.bulk_create(Delivery(send=send, email=address) for address in addresses)
    return send


def test_cancel_asks_first_on_a_page_that_needs_no_javascript(communications_client, newsletter_issue):
    send = sending(newsletter_issue, ["a@example.no", "b@example.no"])
    detail = communications_client.get(reverse("newsletter_admin:send", args=[send.pk])).content.decode()
    confirm_url = reverse("newsletter_admin:send_cancel", args=[send.pk])
    # The button on the send is a link to the question, not a form that cancels.
    assert f'href="{confirm_url}"' in detail
    assert "/cancel/" not in detail

    page = communications_client.get(confirm_url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Ja, avbryt utsendingen" in content and "Det kan ikke angres" in content
    assert f'<form action="{confirm_url}" method="post">' in content
    send.refresh_from_db()
    assert send.status == "sending", "looking at the question must not cancel"

    # The old one-click form no longer exists.
    old = communications_client.post(reverse("newsletter_admin:send_control", args=[send.pk, "cancel"]))
    assert old.status_code == 404
    send.refresh_from_db()
    assert send.status == "sending"

    answered = communications_client.post(confirm_url, follow=True)
    send.refresh_from_db()
    assert send.status == "cancelled"
    assert "Utsendingen er avbrutt" in answered.content.decode()
    assert set(send.deliveries.values_list("status", flat=True)) == {"skipped"}
    # Asked again, the page says there is nothing left to cancel.
    assert "kan ikke avbrytes" in communications_client.get(confirm_url).content.decode()


def test_cancel_needs_permission_to_change_sends(editor_client, newsletter_issue):
    send = sending(newsletter_issue, ["a@example.no"])
    confirm_url = reverse("newsletter_admin:send_cancel", args=[send.pk])
    assert editor_client.get(confirm_url).status_code in (302, 403)
    assert editor_client.post(confirm_url).status_code in (302, 403)
    send.refresh_from_db()
    assert send.status == "sending"


def test_pause_takes_back_claimed_mails_at_once_and_says_how_many_still_go(
    communications_client, newsletter_issue, subscriber_factory, smtp_server
):
    subscriber_factory.create_batch(6)
    send = schedule_send(newsletter_issue)
    assert start_send(send.pk)
    worker = DeliveryWorker(send.pk, batch_size=6)
    batch, tokens = worker.claim_batch()
    assert len(batch) == 6
    worker._prepare(Send.objects.get(pk=send.pk))
    assert worker.deliver(batch[0], tokens[batch[0].subscriber_id]) == "sent"
    # Another worker is handing one mail to the server right now.
    Delivery.objects.filter(pk=batch[1].pk).update(status=Delivery.Status.SENDING)

    response = communications_client.post(
        reverse("newsletter_admin:send_control", args=[send.pk, "pause"]), follow=True
    )
    content = response.content.decode()
    assert "satt på pause" in content
    assert "1 e-post var allerede på vei til e-posttjeneren og blir levert" in content
    assert "1 e-post var på vei til e-posttjeneren da utsendingen stoppet" in content

    # The worker's remaining claimed mails do not go: it stops at the next one.
    report = WorkerReport()
    assert worker._deliver_batch(batch[2:], tokens, report) is False
    assert DeliveryWorker(send.pk, batch_size=6).claim_batch() == ([], {}), "a paused send is not claimed from"
    assert report.sent == 0 and len(smtp_server.messages) == 1
    assert Delivery.objects.filter(send=send, status=Delivery.Status.PENDING).count() == 4


def test_send_pages_have_their_own_titles_and_breadcrumbs(communications_client, newsletter_issue):
    send = sending(newsletter_issue, ["a@example.no"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[newsletter_issue.pk])
    sends_url = reverse("newsletter_admin:sends")
    expected = {
        reverse("newsletter_admin:send_issue", args=[newsletter_issue.pk]): [
            (edit_url, newsletter_issue.title),
            ("", "Send utgaven"),
        ],
        reverse("newsletter_admin:send_test", args=[newsletter_issue.pk]): [
            (edit_url, newsletter_issue.title),
            ("", "Send test"),
        ],
        sends_url: [("", "Utsendinger")],
        reverse("newsletter_admin:send", args=[send.pk]): [(sends_url, "Utsendinger"), ("", send.issue_title)],
        reverse("newsletter_admin:send_cancel", args=[send.pk]): [
            (sends_url, "Utsendinger"),
            (reverse("newsletter_admin:send", args=[send.pk]), send.issue_title),
            ("", "Avbryt utsendingen"),
        ],
    }
    for url, crumbs in expected.items():
        response = communications_client.get(url)
        assert response.status_code == 200, url
        items = response.context["breadcrumbs_items"]
        assert [(str(item["url"]), str(item["label"])) for item in items[1:]] == crumbs, url
        # The slim header shows the last crumb, never just "Hjem".
        assert str(items[-1]["label"]) != "Hjem"


def test_send_time_has_a_date_picker_and_accepts_the_format_it_shows(communications_client, newsletter_issue):
    url = reverse("newsletter_admin:send_issue", args=[newsletter_issue.pk])
    page = communications_client.get(url).content.decode()
    assert "wagtailadmin/js/date-time-chooser.js" in page, "the picker's script is loaded"
    assert "initDateTimeChooser" in page
    assert "24.12.2026 09:30" in page, "the field says which format it takes"

    at = timezone.localtime() + timedelta(days=3)
    for typed in (f"{at:%d.%m.%Y} kl. {at:%H:%M}", f"{at:%d.%m.%Y %H:%M}"):
        Send.objects.all().delete()
        response = communications_client.post(url, {"when": "later", "at": typed, "confirm": "on"}, follow=True)
        assert response.status_code == 200
        send = Send.objects.get()
        assert timezone.localtime(send.scheduled_at).strftime("%d.%m.%Y %H:%M") == f"{at:%d.%m.%Y %H:%M}", typed
        # The message shows the time in a format the field takes back.
        assert f"Utgaven sendes {at:%d.%m.%Y} kl. {at:%H:%M}" in response.content.decode()


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
