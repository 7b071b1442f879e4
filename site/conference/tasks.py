"""The conference's background tasks, and the functions that queue them.

A task gets ids and plain values only, never a secret: the manage link and the check-in
code are made inside the task (notices.py). Mails are queued when the transaction commits,
so a worker always finds what it is to write about.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage, get_connection
from django_tasks import task

from core.mail.addresses import has_unsafe_characters
from core.mail.headers import from_header, reply_to
from core.tasks import queue_mail

from .ledger import Changes
from .models import ConferencePage, Registration
from .notices import RegistrationMail

logger = logging.getLogger(__name__)


# --- Mails about one registration --------------------------------------------------------


def queue_registration_mail(registration_id: int, mail: RegistrationMail) -> None:
    """Promise the mail in the current transaction; core's outbox sends it once that commits.

    Only the id and the kind are stored; the manage link is made when the mail is built.
    """
    queue_mail(mail.outbox_kind, registration_id)


def mail_offers(changes: Changes) -> None:
    """An offer mail for every seat the ledger offered; call right after the ledger change."""
    for registration_id in changes.offered:
        queue_registration_mail(registration_id, RegistrationMail.OFFER)


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
