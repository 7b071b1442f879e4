"""The subscription service: what signing up, confirming and the preference centre do.

Views stay thin: they validate a form and call one function here. Every sign-up ends
the same way for the visitor, whatever the address's history, so nobody can learn from
the answer whether an address is on the list.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import ratelimit
from core.tasks import queue_mail

from .models import AccessToken, Consent, ConsentText, Role, Status, Subscriber, Suppression, Topic, email_hash
from .notices import SignupMail
from .tokens import redeem_token

logger = logging.getLogger(__name__)

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class SignupRequest:
    email: str
    topics: list[Topic]
    consent_text: ConsentText
    language: str = "nb"
    name: str = ""
    role: str = Role.OTHER
    municipality_id: int | None = None


def mail_allowed(email: str) -> bool:
    """Count one mail to this address; False when it has had its share today."""
    return ratelimit.allow(f"newsletter:mails:{email_hash(email)}", settings.NEWSLETTER_MAILS_PER_ADDRESS_PER_DAY, DAY)


def subscribe(request: SignupRequest) -> None:
    """Sign an address up, or remind a subscriber that they already are; one mail either way.

    A confirmed subscriber's data is never changed from the open form: only someone with
    the preference link may do that. Anyone else gets a new pending consent, applied when
    the link in the confirmation mail is used. Nothing is returned: the visitor is told the
    same whatever happened here.
    """
    if not mail_allowed(request.email):
        logger.info("Sign-up mail limit reached for an address; nothing sent")
        return
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email_hash=email_hash(request.email),
            defaults={"email": request.email, "status": Status.PENDING, "language": request.language},
        )
        if subscriber.status == Status.CONFIRMED:
            mail = SignupMail.ALREADY_SUBSCRIBED
        else:
            subscriber.name = request.name
            subscriber.role = request.role
            subscriber.municipality_id = request.municipality_id
            subscriber.language = request.language
            subscriber.save(update_fields=["name", "role", "municipality", "language", "email", "email_hash"])
            Consent.objects.create(
                subscriber=subscriber,
                consent_text=request.consent_text,
                source=Consent.Source.FORM,
                topics=[topic.slug for topic in request.topics],
            )
            mail = SignupMail.CONFIRM
        # In the same transaction as the change: the mail is promised if, and only if, the
        # change is kept. Only the id and the kind travel; the secret link is made when it is sent.
        queue_mail(mail.outbox_kind, subscriber.pk)


def _apply_topics(subscriber: Subscriber, slugs: list[str]) -> None:
    subscriber.topics.set(Topic.objects.filter(slug__in=slugs))


def confirm(raw_token: str) -> Subscriber | None:
    """Use a confirmation link: the subscriber, confirmed with the topics they asked for, or None."""
    token = redeem_token(raw_token, AccessToken.Purpose.CONFIRM)
    if token is None:
        return None
    subscriber = token.subscriber
    with transaction.atomic():
        consent = subscriber.pending_consent()
        if consent is not None:
            now = timezone.now()
            consent.confirmed_at = now
            consent.save(update_fields=["confirmed_at"])
            # Earlier consents that were never confirmed, or are replaced by this one, end here.
            subscriber.consents.exclude(pk=consent.pk).filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
            _apply_topics(subscriber, consent.topics)
        subscriber.confirm()
    return subscriber


def unsubscribe_all(subscriber: Subscriber) -> bool:
    """Stop every mail to this subscriber and suppress the address; False if nothing changed."""
    if subscriber.status in (Status.UNSUBSCRIBED, Status.BOUNCED, Status.COMPLAINED):
        Suppression.add(subscriber.email, Suppression.Reason.UNSUBSCRIBED)
        return False
    with transaction.atomic():
        subscriber.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.UNSUBSCRIBED)
        subscriber.topics.clear()
    return True


@dataclass(frozen=True)
class PreferenceChange:
    name: str
    role: str
    municipality_id: int | None
    language: str
    topics: list[Topic]
    consent_text: ConsentText


def update_preferences(subscriber: Subscriber, change: PreferenceChange) -> str:
    """Save the preference centre; returns "saved", "unsubscribed" or "resubscribed".

    The link proves the person owns the inbox, so ticking topics again after
    unsubscribing is a confirmed consent on the spot. No topics at all is unsubscribing.
    """
    slugs = sorted(topic.slug for topic in change.topics)
    with transaction.atomic():
        subscriber.name = change.name
        subscriber.role = change.role
        subscriber.municipality_id = change.municipality_id
        subscriber.language = change.language
        subscriber.save(update_fields=["name", "role", "municipality", "language", "email", "email_hash"])
        if not slugs:
            unsubscribe_all(subscriber)
            return "unsubscribed"
        was_confirmed = subscriber.status == Status.CONFIRMED
        current = sorted(subscriber.topics.values_list("slug", flat=True))
        if was_confirmed and slugs == current:
            return "saved"
        now = timezone.now()
        subscriber.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        Consent.objects.create(
            subscriber=subscriber,
            consent_text=change.consent_text,
            source=Consent.Source.FORM,
            topics=slugs,
            given_at=now,
            confirmed_at=now,
            note="Endret i innstillingene" if was_confirmed else "Meldt på igjen fra innstillingene",
        )
        _apply_topics(subscriber, slugs)
        if not was_confirmed:
            subscriber.confirm()
    return "saved" if was_confirmed else "resubscribed"


def export_data(subscriber: Subscriber) -> dict:
    """Everything stored about this subscriber, and nothing about anyone else."""
    consents = subscriber.consents.select_related("consent_text").order_by("given_at", "pk")
    deliveries = subscriber.deliveries.select_related("send").order_by("pk")
    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "role": subscriber.role,
        "municipality": (
            {"number": subscriber.municipality.number, "name": subscriber.municipality.name}
            if subscriber.municipality
            else None
        ),
        "language": subscriber.language,
        "status": subscriber.status,
        "created_at": _iso(subscriber.created_at),
        "confirmed_at": _iso(subscriber.confirmed_at),
        "status_changed_at": _iso(subscriber.status_changed_at),
        "topics": [
            {"slug": topic.slug, "name": topic.name_in(subscriber.language)} for topic in subscriber.topics.all()
        ],
        "consents": [
            {
                "source": consent.source,
                "topics": consent.topics,
                "given_at": _iso(consent.given_at),
                "confirmed_at": _iso(consent.confirmed_at),
                "withdrawn_at": _iso(consent.withdrawn_at),
                "consent_text_version": consent.consent_text.version,
                "consent_text": {"nb": consent.consent_text.text, "nn": consent.consent_text.text_nn},
            }
            for consent in consents
        ],
        "deliveries": [
            {
                "issue": delivery.send.issue_title,
                "status": delivery.status,
                "sent_at": _iso(delivery.sent_at),
            }
            for delivery in deliveries
        ],
    }


def erase(subscriber: Subscriber) -> None:
    """Delete the subscriber; only a hash of the address stays on the suppression list."""
    subscriber.erase()


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
