"""Core's background task: delivering a notice from the outbox, and the function that queues one."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django_tasks import task

from .mail import outbox
from .mail.models import OutgoingMail


@task()
def deliver_mail_task(mail_id: int) -> str:
    return outbox.deliver(mail_id)


def queue_mail(kind: str, object_id: int) -> OutgoingMail:
    """Promise a mail in the current transaction, and send it once that transaction commits.

    If queueing the task fails, or its worker dies, the tick (`manage.py core_tick`) sends it.
    """
    mail = outbox.create(kind, object_id)
    transaction.on_commit(partial(deliver_mail_task.enqueue, mail.pk), robust=True)
    return mail
