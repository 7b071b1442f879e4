"""Applying bounces, complaints and unsubscribe requests to subscribers, deliveries and the suppression list.

The same report may arrive twice (a mailbox read again, a webhook retried), and an old
one may be read after the person has subscribed anew. So every change depends on the
current state, and a report older than the subscriber's current status changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction

from .bounces import Feedback, Recipient
from .models import AccessToken, Delivery, Status, Subscriber, Suppression, email_hash
from .tokens import find_token

logger = logging.getLogger(__name__)

# Report dates come from other people's clocks: only a report this much older than the
# subscriber's last status change counts as stale.
CLOCK_SKEW = timedelta(hours=1)

# Which statuses each kind of feedback moves a subscriber out of. A complaint is recorded
# even after an unsubscribe or a bounce: it is what the mailbox provider holds against us.
_TRANSITIONS = {
    "bounce": (Status.BOUNCED, Suppression.Reason.BOUNCED, {Status.PENDING, Status.CONFIRMED}),
    "complaint": (
        Status.COMPLAINED,
        Suppression.Reason.COMPLAINED,
        {Status.PENDING, Status.CONFIRMED, Status.UNSUBSCRIBED, Status.BOUNCED},
    ),
    "unsubscribe": (Status.UNSUBSCRIBED, Suppression.Reason.UNSUBSCRIBED, {Status.PENDING, Status.CONFIRMED}),
}


@dataclass
class Outcome:
    """What applying one piece of feedback changed (all zero the second time)."""

    subscribers_changed: int = 0
    deliveries_failed: int = 0
    addresses_suppressed: int = 0
    notes: list[str] = field(default_factory=list)


def apply_feedback(feedback: Feedback) -> Outcome:
    """Mark subscribers, deliveries and suppressions for a bounce, complaint or unsubscribe; log the rest."""
    if feedback.kind not in _TRANSITIONS:
        logger.info("Feedback ignored: %s", feedback.describe())
        return Outcome()
    with transaction.atomic():
        outcome = Outcome()
        delivery = _delivery_for(feedback.message_ids)
        if feedback.kind == "bounce" and delivery is not None:
            _fail_delivery(delivery, feedback, outcome)
        if feedback.kind == "unsubscribe" and feedback.token:
            _apply_unsubscribe_token(feedback, outcome)
        else:
            _apply_to_addresses(feedback, delivery, outcome)
    logger.info(
        "Feedback applied: %s; %d subscriber(s), %d delivery(ies), %d new suppression(s)",
        feedback.describe(),
        outcome.subscribers_changed,
        outcome.deliveries_failed,
        outcome.addresses_suppressed,
    )
    return outcome


def apply_esp_feedback(feedback: Feedback) -> Outcome:
    """An ESP's webhook event: it acts only on the delivery of ours it is about, for the recipient it names.

    A mailbox report stands on its own (a DSN quotes the mail it returns), but a webhook
    event is one JSON object: an event that names an address and no mail we sent it changes
    nothing, so that nobody can suppress a reader by naming them, whatever the route's secret.
    """
    if feedback.kind not in _TRANSITIONS:
        logger.info("ESP event ignored: %s", feedback.describe())
        return Outcome()
    with transaction.atomic():
        delivery = _delivery_for(feedback.message_ids)
        if delivery is None or not _sent_to(delivery, feedback.recipients):
            logger.warning(
                "ESP event for no delivery of ours to its recipient; nothing changed: %s", feedback.describe()
            )
            return Outcome(notes=["ingen utsending fra oss til denne mottakeren"])
        outcome = Outcome()
        if feedback.kind == "bounce":
            _fail_delivery(delivery, feedback, outcome)
        subscriber = None
        if delivery.subscriber_id is not None:
            subscriber = Subscriber.objects.select_for_update().filter(pk=delivery.subscriber_id).first()
        if subscriber is not None and subscriber.email_hash == email_hash(delivery.email):
            _move(subscriber, feedback, delivery, outcome)
        else:
            # The subscriber was deleted, or has moved to another address since: the address we wrote to goes.
            _suppress(delivery.email, _TRANSITIONS[feedback.kind][1], outcome)
    logger.info(
        "ESP event applied: %s; %d subscriber(s), %d delivery(ies), %d new suppression(s)",
        feedback.describe(),
        outcome.subscribers_changed,
        outcome.deliveries_failed,
        outcome.addresses_suppressed,
    )
    return outcome


def _sent_to(delivery: Delivery, recipients: tuple[Recipient, ...]) -> bool:
    """True when the event names the address this delivery went to (an anonymised delivery names none)."""
    if not delivery.email:
        return False
    sent_hash = email_hash(delivery.email)
    return any(email_hash(address) == sent_hash for recipient in recipients for address in recipient.addresses)


def _apply_to_addresses(feedback: Feedback, delivery: Delivery | None, outcome: Outcome) -> None:
    """Each affected address: its subscriber marked, or (no subscriber) the address suppressed.

    Our Message-ID finds the subscriber even when the report names a rewritten or
    forwarded address.
    """
    recipients = feedback.permanent_failures if feedback.kind == "bounce" else feedback.recipients
    handled: set[int] = set()
    for recipient in recipients:
        subscriber = _subscriber_for(recipient.addresses)
        if subscriber is not None:
            if subscriber.pk not in handled:
                handled.add(subscriber.pk)
                _move(
                    subscriber,
                    feedback,
                    delivery if delivery and delivery.subscriber_id == subscriber.pk else None,
                    outcome,
                )
            continue
        if delivery is not None and delivery.subscriber_id is not None:
            continue  # the rewritten address is not ours to suppress; the delivery's subscriber is handled below
        for address in recipient.addresses:
            _suppress(address, _TRANSITIONS[feedback.kind][1], outcome)
    if handled:
        return  # a named address is a subscriber: the report means them, whatever mail it quotes
    if delivery is not None and delivery.subscriber_id is not None:
        subscriber = Subscriber.objects.select_for_update().filter(pk=delivery.subscriber_id).first()
        if subscriber is not None:
            _move(subscriber, feedback, delivery, outcome)
    elif delivery is not None and delivery.subscriber_id is None and delivery.email:
        # The subscriber was deleted (retention) but the send kept the address.
        _suppress(delivery.email, _TRANSITIONS[feedback.kind][1], outcome)


def _apply_unsubscribe_token(feedback: Feedback, outcome: Outcome) -> None:
    token = find_token(feedback.token, AccessToken.Purpose.MANAGE)
    if token is None:
        outcome.notes.append("ukjent eller utløpt lenkekode")
        logger.info("Unsubscribe mail with an unknown or expired token")
        return
    subscriber = Subscriber.objects.select_for_update().filter(pk=token.subscriber_id).first()
    if subscriber is not None:
        _move(subscriber, feedback, None, outcome)


def _move(subscriber: Subscriber, feedback: Feedback, delivery: Delivery | None, outcome: Outcome) -> None:
    """Give the subscriber the status this feedback calls for, unless it is already past it or stale."""
    new_status, reason, from_statuses = _TRANSITIONS[feedback.kind]
    if subscriber.status not in from_statuses:
        return
    if _is_stale(subscriber, feedback, delivery):
        outcome.notes.append(f"abonnent {subscriber.pk}: rapporten er eldre enn siste statusendring")
        logger.info("Stale %s for subscriber %s left alone", feedback.kind, subscriber.pk)
        return
    subscriber.set_status(new_status, suppress_reason=reason)
    outcome.subscribers_changed += 1
    outcome.notes.append(f"abonnent {subscriber.pk}: {new_status.label}")


def _is_stale(subscriber: Subscriber, feedback: Feedback, delivery: Delivery | None) -> bool:
    """True when the report concerns mail from before the subscriber's current consent (they re-subscribed).

    Someone who has already left (unsubscribed, bounced) has no consent to undo.
    """
    if subscriber.status not in (Status.PENDING, Status.CONFIRMED):
        return False
    if delivery is not None and delivery.sent_at is not None:
        return delivery.sent_at < subscriber.status_changed_at
    if feedback.date is not None:
        return feedback.date + CLOCK_SKEW < subscriber.status_changed_at
    return False


def _fail_delivery(delivery: Delivery, feedback: Feedback, outcome: Outcome) -> None:
    """Our relay accepted the mail, the receiving server returned it: FAILED, and sent_at stays as the record."""
    if delivery.status != Delivery.Status.SENT:
        return
    failure = feedback.permanent_failures[0] if feedback.permanent_failures else None
    detail = f"{failure.status} {failure.diagnostic}".strip() if failure else ""
    delivery.status = Delivery.Status.FAILED
    delivery.last_error = f"Godtatt av e-posttjeneren, avvist senere: {detail}"[:500]
    delivery.save(update_fields=["status", "last_error"])
    outcome.deliveries_failed += 1


def _suppress(address: str, reason: str, outcome: Outcome) -> None:
    if not address or Suppression.contains(address):
        return
    Suppression.add(address, reason)
    outcome.addresses_suppressed += 1


def _subscriber_for(addresses: tuple[str, ...]) -> Subscriber | None:
    hashes = [email_hash(a) for a in addresses if a]
    if not hashes:
        return None
    return Subscriber.objects.select_for_update().filter(email_hash__in=hashes).order_by("pk").first()


def _delivery_for(message_ids: tuple[str, ...]) -> Delivery | None:
    """The delivery that sent one of these Message-IDs (stored with angle brackets; matched with or without)."""
    candidates = {variant for mid in message_ids if mid for variant in (mid, mid.strip("<>"))}
    if not candidates:
        return None
    return Delivery.objects.select_for_update().filter(message_id__in=candidates).order_by("pk").first()
