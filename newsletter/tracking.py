"""Bounces, complaints and unsubscribes reported by an ESP through django-anymail's tracking webhooks.

Only the configured ESP's route is mounted, and only with a secret it verifies
(newsletter.webhooks), so what reaches `handle_tracking_event` came from the ESP. Even so an
event acts only on a mail of ours: it must name one of our deliveries and the address that
delivery went to (feedback.apply_esp_feedback); an event about an address alone changes
nothing and is logged. Bounces of mails that are not newsletter deliveries (confirmations,
notices) are therefore left to the bounce mailbox, which reads the returned mail itself.

Matching: the delivery is found by our Message-ID, taken from `event.metadata["message_id"]`
(anymail's `message.metadata`, which every ESP with tracking echoes), else from
`event.message_id` (Mailgun, for one, reports the Message-ID header we set). Tags are not
used: they are categories in the ESP's dashboard, and one tag per mail would flood them.
"""

from __future__ import annotations

import logging

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason

from .bounces import Feedback, Recipient, ignored, normalise_message_id, status_code
from .feedback import apply_esp_feedback

logger = logging.getLogger(__name__)

METADATA_MESSAGE_ID = "message_id"

# What a "rejected" event (the ESP refused to send) means for the reader, by anymail's
# normalised reason. Blocked and other are policy trouble on our side: logged, not acted on.
_REJECTED_AS = {
    RejectReason.BOUNCED: "bounce",
    RejectReason.INVALID: "bounce",
    RejectReason.SPAM: "complaint",
    RejectReason.UNSUBSCRIBED: "unsubscribe",
}


def feedback_from_event(event: AnymailTrackingEvent) -> Feedback:
    """The anymail event as the same Feedback a mailbox report gives, so both paths apply alike."""
    recipient_address = str(event.recipient or "").strip()
    message_ids = _message_ids(event)
    detail = str(event.mta_response or event.description or "")[:300]
    common = {"message_ids": message_ids, "date": event.timestamp}

    kind = _kind(event, detail)
    if kind is None:
        return ignored(f"hendelse «{event.event_type}» ({event.reject_reason or 'uten årsak'})", **common)
    if kind == "bounce":
        status = status_code(detail) or "5"
        recipient = Recipient(address=recipient_address, action="failed", status=status, diagnostic=detail)
    else:
        recipient = Recipient(address=recipient_address, action=kind)
    recipients = (recipient,) if recipient_address else ()
    if not recipients and not message_ids:
        return ignored(f"hendelse «{event.event_type}» uten mottaker", **common)
    return Feedback(kind=kind, recipients=recipients, **common)


def _kind(event: AnymailTrackingEvent, detail: str) -> str | None:
    if event.event_type == EventType.BOUNCED:
        # anymail reports a temporary failure as "deferred"; a bounced event is permanent
        # unless the ESP says the attempts timed out or the server answered 4xx.
        if event.reject_reason == RejectReason.TIMED_OUT or status_code(detail).startswith("4"):
            return None
        return "bounce"
    if event.event_type == EventType.REJECTED:
        return _REJECTED_AS.get(event.reject_reason)
    if event.event_type == EventType.COMPLAINED:
        return "complaint"
    if event.event_type == EventType.UNSUBSCRIBED:
        return "unsubscribe"
    return None  # deferred, delivered, opened, clicked, failed (our own sending problem), ...


def _message_ids(event: AnymailTrackingEvent) -> tuple[str, ...]:
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    found = (
        normalise_message_id(str(metadata.get(METADATA_MESSAGE_ID) or "")),
        normalise_message_id(str(event.message_id or "")),
    )
    return tuple(dict.fromkeys(mid for mid in found if mid))


def handle_tracking_event(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """anymail's `tracking` signal: apply bounces, complaints and unsubscribes; ignore the rest.

    An exception here makes anymail answer 500, and the ESP retries later, which is
    what a database hiccup should lead to; applying is idempotent.
    """
    feedback = feedback_from_event(event)
    if feedback.kind == "ignored":
        logger.debug("%s tracking event ignored: %s", esp_name, feedback.describe())
        return
    apply_esp_feedback(feedback)
