"""Asking subscribers who wait for confirmation (imported or added by hand) to confirm.

The mail is the sign-up's own confirmation (notices.SignupMail.CONFIRM), promised through
core's outbox in the same transaction that decides to send it. The outbox is also the
record of what was asked: an address that has had a confirmation mail promised within
`RESEND_AFTER` gets none now, whoever clicks and however often, so nobody is mailed twice
in a short time. The subscribers' rows are locked while this is decided (on SQLite the
immediate transaction holds the write lock), so two editors clicking at once ask once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.mail.models import OutgoingMail
from core.tasks import queue_mail

from .models import Status, Subscriber, Suppression
from .notices import SignupMail

# An address asked to confirm is not asked again for this long: its link is still good,
# and a second mail the same day reads as spam.
RESEND_AFTER = timedelta(hours=24)
CONFIRM_KIND = SignupMail.CONFIRM.outbox_kind


@dataclass(frozen=True)
class ConfirmationPlan:
    """Who would be asked now, and who not because they were asked a short while ago."""

    due: list[int]
    recently_asked: list[int]


def waiting_for_confirmation() -> QuerySet[Subscriber]:
    """Subscribers waiting for confirmation whose address is not on the suppression list."""
    return Subscriber.objects.filter(status=Status.PENDING).exclude(
        email_hash__in=Suppression.objects.values("email_hash")
    )


def recently_asked(subscriber_ids: Iterable[int], *, now=None) -> set[int]:
    """Which of these subscribers had a confirmation mail promised within RESEND_AFTER."""
    since = (now or timezone.now()) - RESEND_AFTER
    return set(
        OutgoingMail.objects.filter(
            kind=CONFIRM_KIND, object_id__in=list(subscriber_ids), created_at__gte=since
        ).values_list("object_id", flat=True)
    )


def plan(subscribers: QuerySet[Subscriber] | None = None, *, now=None) -> ConfirmationPlan:
    """What asking these (by default everyone waiting) would do, without doing it."""
    queryset = waiting_for_confirmation() if subscribers is None else subscribers & waiting_for_confirmation()
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    recent = recently_asked(ids, now=now)
    return ConfirmationPlan(due=[pk for pk in ids if pk not in recent], recently_asked=sorted(recent))


def ask_to_confirm(subscribers: QuerySet[Subscriber] | None = None) -> ConfirmationPlan:
    """Promise a confirmation mail to each subscriber waiting who has not had one lately.

    Returns what was done: `due` got a mail, `recently_asked` did not.
    """
    with transaction.atomic():
        queryset = waiting_for_confirmation() if subscribers is None else subscribers & waiting_for_confirmation()
        # Locks the rows where the database can (PostgreSQL), so a second click waits and
        # then finds the mails the first one promised.
        list(queryset.select_for_update().values_list("pk", flat=True))
        decided = plan(queryset)
        for subscriber_id in decided.due:
            queue_mail(CONFIRM_KIND, subscriber_id)
    return decided
