"""Every background task of the newsletter, and the functions that queue them.

sending.py is the engine and the state of a send and queues nothing; the editor's
actions that set work going (schedule, resume, resend the uncertain), the scheduler's
tick and a worker coming back for its retries call it through here. Every task is
idempotent: running one twice does no harm. Work is queued only once the transaction
that made it due has committed, so a worker never finds the rows missing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core import site_address
from core.mail.headers import new_message_id

from .episodes import draft_episode_issue
from .messages import build_message
from .models import NewsletterIssuePage, Send
from .rendering import preview_personalisation, render_issue
from .sending import DeliveryWorker, create_send, reopen_uncertain, start_send, unpause_send

logger = logging.getLogger(__name__)


# --- Sends: queueing ------------------------------------------------------------------------


def queue_start(send: Send) -> None:
    """Start the send now, or at its time where the backend can defer a task."""
    if send.scheduled_at <= timezone.now():
        start_send_task.enqueue(send.pk)
    elif start_send_task.get_backend().supports_defer:
        start_send_task.using(run_after=send.scheduled_at).enqueue(send.pk)
    # Otherwise the scheduler's tick (maintenance.start_due_sends) starts it when the time comes.


def queue_workers(send: Send, *, run_after: datetime | None = None) -> None:
    """The send's workers, now or (where the backend can defer) later."""
    worker = deliver_send_task
    if run_after is not None:
        if not worker.get_backend().supports_defer:
            return  # the scheduler's tick resumes it
        worker = worker.using(run_after=run_after)
    for _ in range(max(send.workers, 1)):
        worker.enqueue(send.pk)


def queue_pause_notice(send_id: int) -> None:
    """Tell the editor, once the pause is committed, that a worker paused the send."""
    transaction.on_commit(lambda: notify_send_paused_task.enqueue(send_id))


def schedule_send(issue: NewsletterIssuePage, *, user=None, at: datetime | None = None) -> Send:
    """Create a send for the issue's topic, now or at a time, and queue its start."""
    send = create_send(issue, user=user, at=at)
    transaction.on_commit(lambda: queue_start(send))
    return send


def start_and_deliver(send_id: int) -> bool:
    """Start a due send (the audience snapshot) and queue its workers; False if it was not due."""
    send = start_send(send_id)
    if send is None:
        return False
    transaction.on_commit(lambda: queue_workers(send))
    return True


def resume_send(send_id: int) -> bool:
    """Set a paused send going again, with its workers; False if it was not paused."""
    if not unpause_send(send_id):
        return False
    send = Send.objects.get(pk=send_id)
    transaction.on_commit(lambda: queue_workers(send))
    return True


def resend_uncertain(send_id: int) -> int:
    """Send the uncertain deliveries again (a recipient may get two); how many there were."""
    count = reopen_uncertain(send_id)
    if count:
        send = Send.objects.get(pk=send_id)
        if send.status == Send.Status.SENDING:
            transaction.on_commit(lambda: queue_workers(send))
    return count


# --- Sends: the tasks -----------------------------------------------------------------------


@task()
def start_send_task(send_id: int) -> bool:
    return start_and_deliver(send_id)


@task()
def deliver_send_task(send_id: int) -> dict:
    """One worker's run over a send; comes back later when retries or others' claims are due."""
    report = DeliveryWorker(send_id).run()
    if report.paused_itself:
        queue_pause_notice(send_id)
    if report.stopped_because == "waiting" and report.retry_at is not None:
        send = Send.objects.get(pk=send_id)
        send.workers = 1  # one worker is enough to pick up a few retries
        queue_workers(send, run_after=report.retry_at)
    return {
        "sent": report.sent,
        "retried": report.retried,
        "failed": report.failed,
        "uncertain": report.uncertain,
        "stopped": report.stopped_because,
    }


@task()
def notify_send_paused_task(send_id: int) -> None:
    """Tell the editor who started the send that it paused itself, and why."""
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
    with get_connection() as connection:
        return connection.send_messages(messages)


# --- Drafts ---------------------------------------------------------------


@task()
def draft_episode_issue_task(episode_id: int) -> bool:
    return draft_episode_issue(episode_id) is not None
