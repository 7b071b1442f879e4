"""Background work for sends. Every task is idempotent: running one twice does no harm."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django_tasks import task

from core import site_address

logger = logging.getLogger(__name__)


@task()
def start_send_task(send_id: int) -> bool:
    from .sending import start_send

    return start_send(send_id)


@task()
def deliver_send_task(send_id: int) -> dict:
    """One worker's run over a send; comes back later when retries or others' claims are due."""
    from .models import Send
    from .sending import DeliveryWorker, enqueue_workers

    report = DeliveryWorker(send_id).run()
    if report.stopped_because == "waiting" and report.retry_at is not None:
        send = Send.objects.get(pk=send_id)
        send.workers = 1  # one worker is enough to pick up a few retries
        enqueue_workers(send, run_after=report.retry_at)
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed, "stopped": report.stopped_because}


@task()
def notify_send_paused_task(send_id: int) -> None:
    """Tell the editor who started the send that it paused itself, and why."""
    from .models import Send

    send = Send.objects.select_related("created_by").filter(pk=send_id).first()
    if send is None or not send.created_by or not send.created_by.email:
        return
    send_mail(
        subject=f"Utsendingen av «{send.issue_title}» er satt på pause",
        message=f"{send.pause_reason}\n\nSe utsendingen i administrasjonen: "
        + site_address.absolute(f"/admin/nyhetsbrev/utsendinger/{send.pk}/"),
        from_email=None,
        recipient_list=[send.created_by.email],
        fail_silently=True,
    )


@task()
def send_test_task(issue_id: int, addresses: list[str], language: str = "nb") -> int:
    """Test mails of the issue as it is now (draft included), with placeholder links."""
    from core.mail.headers import new_message_id

    from .messages import build_message
    from .models import NewsletterIssuePage
    from .rendering import preview_personalisation, render_issue

    issue = NewsletterIssuePage.objects.filter(pk=issue_id).first()
    if issue is None:
        return 0
    latest = issue.get_latest_revision_as_object()
    rendered = render_issue(latest, language)
    html, text = rendered.personalise(**preview_personalisation(language))
    messages = [
        build_message(
            to=address,
            subject=f"[TEST] {rendered.subject}",
            html=html,
            text=text,
            message_id=new_message_id("test"),
            list_name=latest.topic.list_name,
            list_slug=latest.topic.slug,
            unsubscribe_url=site_address.absolute("/abonnement/"),
        )
        for address in addresses
    ]
    from django.core.mail import get_connection

    with get_connection() as connection:
        return connection.send_messages(messages)


@task()
def draft_episode_issue_task(episode_id: int) -> bool:
    from .episodes import draft_episode_issue

    return draft_episode_issue(episode_id) is not None
