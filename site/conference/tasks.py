"""The conference's background tasks, and the functions that queue them.

A task gets ids and plain values only, never a secret: the manage link and the check-in
code are made inside the task (notices.py). Mails are queued when the transaction commits,
so a worker always finds what it is to write about.
"""

from __future__ import annotations

import logging
from functools import partial

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django_tasks import task

from core.mail.addresses import has_unsafe_characters
from core.mail.headers import from_header, reply_to

from .ledger import Changes
from .models import ConferencePage, Registration
from .notices import RegistrationMail, build_mail, still_true

logger = logging.getLogger(__name__)


# --- Mails about one registration --------------------------------------------------------


@task()
def send_registration_mail(registration_id: int, kind: str) -> bool:
    """Build and send one mail; nothing when the registration is gone or has moved on meanwhile."""
    mail = RegistrationMail(kind)
    registration = (
        Registration.objects.select_related("conference", "ticket_type")
        .filter(pk=registration_id, personal_data_purged_at__isnull=True)
        .first()
    )
    if registration is None:
        return False
    if not still_true(registration, mail):
        logger.info("Skipped %s mail for registration %s: now %s", mail.value, registration_id, registration.status)
        return False
    build_mail(registration, mail).send()
    logger.info("Sent %s mail for registration %s", mail.value, registration_id)
    return True


def mail_after_commit(registration_id: int, mail: RegistrationMail) -> None:
    """Queue a mail once the current transaction commits (at once outside one).

    Only the id and the kind travel; the secret link is made inside the task.
    """
    transaction.on_commit(partial(send_registration_mail.enqueue, registration_id, mail.value), robust=True)


def mail_offers(changes: Changes) -> None:
    """An offer mail for every seat the ledger offered; call right after the ledger change."""
    for registration_id in changes.offered:
        mail_after_commit(registration_id, RegistrationMail.OFFER)


# --- The organisers' message to the registrants of a ticket type --------------------------


@task()
def send_registrant_message_task(
    conference_id: int, ticket_type_id: int, statuses: list[str], subject: str, body: str
) -> int:
    """One mail per registrant, all over one SMTP connection. Returns the number sent."""
    if has_unsafe_characters(subject):
        logger.warning("Message to registrants of ticket type %s refused: unsafe subject", ticket_type_id)
        return 0
    conference = ConferencePage.objects.filter(pk=conference_id).first()
    if conference is None:
        return 0
    recipients = (
        Registration.objects.message_recipients(ticket_type_id, statuses)
        .filter(conference=conference)
        .only("name", "email")
    )
    with get_connection() as connection:
        mails = [
            EmailMessage(
                subject=subject,
                body=f"Hei {registration.name},\n\n{body}\n\n-- \n{conference.title}\n",
                from_email=from_header(),
                to=[registration.email],
                reply_to=reply_to(),
                connection=connection,
            )
            for registration in recipients.iterator()
        ]
        sent = connection.send_messages(mails) or 0
    logger.info("Message to registrants of ticket type %s: %s of %s sent", ticket_type_id, sent, len(mails))
    return sent
