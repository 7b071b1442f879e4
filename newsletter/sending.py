"""Starting a send and delivering it: a snapshot of the audience, claimed batches, and
each mail marked sent once the SMTP server has accepted it.

Exactly once, as far as SMTP allows: a row is claimed (`claimed`), marked `sending`
just before it is handed to the server, and `sent` once the server has said 250.
A worker that dies leaves its rows claimed; after the lease they go back to `pending`
(never attempted: safe) or, for the one that was being handed over, to `uncertain`
(the server may have it) with what was done about it recorded on the row.

One write per mail: the UPDATE that marks a mail `sending` also marks the one before it
`sent` (the server accepted it a moment ago), so at any instant the rows say exactly
which mail is in flight, at half the writes. The last mail of a batch is marked `sent`
when the batch ends. Over Django's SMTP backend the mails go as bytes prepared once
per language (messages.IssueMail) over one connection per worker (smtp.SmtpSession);
any other backend (an ESP through django-anymail) gets Django EmailMessages.

This is the engine and the state of a send; it queues nothing. Whatever starts work in
the background (an editor's action, the scheduler's tick, a worker coming back for its
retries) goes through tasks.py, which calls in here and then queues.
"""

from __future__ import annotations

import functools
import logging
import smtplib
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Min, QuerySet
from django.urls import reverse
from django.utils import timezone

from core.mail.failures import PERMANENT_RECIPIENT, TEMPORARY, classify_failure
from core.mail.headers import message_id_domain

from .links import absolute, site_root, unsubscribe_mailto
from .messages import IssueMail, build_message, recipient_address
from .models import Delivery, NewsletterIssuePage, Send, Status, Subscriber, Suppression
from .rendering import RenderedIssue, freeze_episodes, greeting_maker, render_issue
from .smtp import MaybeDelivered, SmtpSession, uses_django_smtp
from .tokens import issue_manage_tokens

logger = logging.getLogger(__name__)

LANGUAGES = ("nb", "nn")
SNAPSHOT_BATCH = 2000


class SendError(Exception):
    """A send cannot be started as asked; the message is for the editor."""


# --- Starting -------------------------------------------------------------------------


def create_send(issue: NewsletterIssuePage, *, user=None, at: datetime | None = None) -> Send:
    """A send of the issue to its topic, now or at a time; one active send per issue.

    Only the row: tasks.schedule_send queues its start.
    """
    if not issue.live:
        raise SendError("Utgaven må være publisert før den kan sendes.")
    now = timezone.now()
    if at is not None and at < now - timedelta(minutes=1):
        raise SendError("Tidspunktet har allerede vært.")
    try:
        with transaction.atomic():
            return Send.objects.create(
                issue=issue,
                issue_title=issue.title,
                topic=issue.topic,
                scheduled_at=at or now,
                created_by=user if getattr(user, "pk", None) else None,
                workers=max(settings.NEWSLETTER_WORKERS, 1),
            )
    except IntegrityError:
        raise SendError("Utgaven er allerede planlagt eller under sending.") from None


def audience(topic_id: int) -> QuerySet[Subscriber]:
    """Who a send to this topic goes to: its confirmed subscribers, minus the suppression list."""
    return Subscriber.objects.filter(status=Status.CONFIRMED, topics=topic_id).exclude(
        email_hash__in=Suppression.objects.values("email_hash")
    )


def start_send(send_id: int) -> Send | None:
    """Render the issue once per language and snapshot the audience, in one transaction.

    The started send, or None when it is not (or no longer) due. Its workers are
    queued by the caller (tasks.start_and_deliver).
    """
    with transaction.atomic():
        # Evaluated at once: on PostgreSQL the row lock; on SQLite the immediate transaction.
        send = Send.objects.select_for_update().filter(pk=send_id).first()
        if send is None or send.status != Send.Status.SCHEDULED or send.scheduled_at > timezone.now():
            return None
        issue = send.issue.specific if send.issue_id else None
        if issue is None or not issue.live:
            send.status = Send.Status.CANCELLED
            send.pause_reason = "Utgaven er avpublisert eller slettet, så utsendingen ble avbrutt."
            send.finished_at = timezone.now()
            send.save(update_fields=["status", "pause_reason", "finished_at"])
            return None
        root = site_root()
        # Dynamic blocks are frozen here, so the mail and the web archive keep the same episodes.
        send.episodes = freeze_episodes(issue)
        send.rendered = {
            language: render_issue(issue, language, root=root, episodes=send.episodes).as_dict()
            for language in LANGUAGES
        }
        now = timezone.now()
        recipients = audience(send.topic_id).order_by("pk").values_list("pk", "email", "name", "language")
        rows = (
            Delivery(send=send, subscriber_id=pk, email=email, name=name, language=language, next_attempt_at=now)
            for pk, email, name, language in recipients.iterator(chunk_size=SNAPSHOT_BATCH)
        )
        created = 0
        while batch := _take(rows, SNAPSHOT_BATCH):
            Delivery.objects.bulk_create(batch)
            created += len(batch)
        send.audience_size = created
        send.status = Send.Status.SENDING
        send.started_at = now
        send.save(update_fields=["episodes", "rendered", "audience_size", "status", "started_at"])
    return send


def _take(iterator, size: int) -> list:
    batch = []
    for item in iterator:
        batch.append(item)
        if len(batch) >= size:
            break
    return batch


# --- Editor controls -----------------------------------------------------------------


def pause_send(send_id: int, reason: str = "") -> bool:
    """Stop at once: no new batch is claimed, and rows claimed but not yet handed to the
    server go back to pending, so a worker's next hand-over finds them gone. Only the
    mails being handed over this instant (`in_flight`) still go."""
    with transaction.atomic():
        updated = Send.objects.filter(pk=send_id, status=Send.Status.SENDING).update(
            status=Send.Status.PAUSED, pause_reason=reason or "Satt på pause av redaktør."
        )
        if updated:
            Delivery.objects.filter(send_id=send_id, status=Delivery.Status.CLAIMED).update(
                status=Delivery.Status.PENDING, claimed_by="", claimed_at=None
            )
    return bool(updated)


def in_flight(send_id: int) -> int:
    """Mails being handed to the SMTP server now: a pause or cancel cannot call them back."""
    return Delivery.objects.filter(send_id=send_id, status=Delivery.Status.SENDING).count()


def unpause_send(send_id: int) -> bool:
    """Set a paused send going again (state only: tasks.resume_send queues its workers)."""
    with transaction.atomic():
        updated = Send.objects.filter(pk=send_id, status=Send.Status.PAUSED).update(
            status=Send.Status.SENDING, pause_reason="", consecutive_failures=0
        )
    return bool(updated)


def cancel_send(send_id: int) -> bool:
    """Stop for good: what is not yet handed to the server is skipped."""
    with transaction.atomic():
        updated = Send.objects.filter(
            pk=send_id, status__in=[Send.Status.SCHEDULED, Send.Status.SENDING, Send.Status.PAUSED]
        ).update(status=Send.Status.CANCELLED, finished_at=timezone.now())
        if updated:
            Delivery.objects.filter(
                send_id=send_id, status__in=[Delivery.Status.PENDING, Delivery.Status.CLAIMED]
            ).update(status=Delivery.Status.SKIPPED, note="Utsendingen ble avbrutt.", claimed_by="")
    return bool(updated)


def reopen_uncertain(send_id: int) -> int:
    """The editor's choice for uncertain deliveries: due again (a recipient may get two).

    State only; tasks.resend_uncertain queues the workers. A finished send is sending again.
    """
    with transaction.atomic():
        count = Delivery.objects.filter(send_id=send_id, status=Delivery.Status.UNCERTAIN).update(
            status=Delivery.Status.PENDING,
            claimed_by="",
            next_attempt_at=timezone.now(),
            note="Usikker levering sendt på nytt etter valg fra redaktør.",
        )
        if count:
            Send.objects.filter(pk=send_id, status=Send.Status.DONE).update(
                status=Send.Status.SENDING, finished_at=None
            )
    return count


# --- Recovery ------------------------------------------------------------------------

UNCERTAIN_SKIPPED = (
    "Arbeideren stoppet mens e-posten ble levert til serveren. Den kan ha kommet fram; "
    "den ble ikke sendt på nytt, for ikke å sende to ganger."
)
UNCERTAIN_RESENT = "Arbeideren stoppet mens e-posten ble levert til serveren. Den ble sendt på nytt."
DROPPED_SKIPPED = (
    "Forbindelsen til e-posttjeneren brøt etter at hele e-posten var overført, før tjeneren svarte. "
    "Den kan ha kommet fram; den ble ikke sendt på nytt, for ikke å sende to ganger."
)
DROPPED_RESENT = "Forbindelsen til e-posttjeneren brøt før tjeneren svarte på e-posten. Den sendes på nytt."


def recover_stale_claims(send_id: int, *, now: datetime | None = None) -> tuple[int, int]:
    """Take back the rows of a worker that stopped: (returned to pending, marked uncertain)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
    with transaction.atomic():
        returned = Delivery.objects.filter(
            send_id=send_id, status=Delivery.Status.CLAIMED, claimed_at__lt=cutoff
        ).update(status=Delivery.Status.PENDING, claimed_by="", claimed_at=None)
        in_flight = Delivery.objects.filter(send_id=send_id, status=Delivery.Status.SENDING, claimed_at__lt=cutoff)
        if settings.NEWSLETTER_UNCERTAIN_POLICY == "resend":
            uncertain = in_flight.update(status=Delivery.Status.PENDING, claimed_by="", note=UNCERTAIN_RESENT)
        else:
            # claimed_by is kept: a worker that was only slow can still record its success.
            uncertain = in_flight.update(status=Delivery.Status.UNCERTAIN, note=UNCERTAIN_SKIPPED)
    if returned or uncertain:
        logger.warning("Send %s: took back %s claimed and %s in-flight deliveries", send_id, returned, uncertain)
    return returned, uncertain


def finish_if_done(send_id: int) -> bool:
    with transaction.atomic():
        if Delivery.objects.filter(send_id=send_id, status__in=Delivery.OPEN_STATES).exists():
            return False
        return bool(
            Send.objects.filter(pk=send_id, status=Send.Status.SENDING).update(
                status=Send.Status.DONE, finished_at=timezone.now()
            )
        )


# --- Delivering ----------------------------------------------------------------------


@dataclass
class WorkerReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    lost: int = 0
    # Handed over, then the connection broke before the server answered (the "skip" policy).
    uncertain: int = 0
    stopped_because: str = ""
    retry_at: datetime | None = None
    # True when this worker paused the send after a run of failures: the editor is to be told.
    paused_itself: bool = False


class DeliveryWorker:
    """Claims batches of one send's deliveries and sends them over one SMTP connection.

    `smtp` is the worker's SmtpSession (used when EMAIL_BACKEND is Django's SMTP backend);
    `connection` the Django mail connection otherwise.
    """

    def __init__(
        self,
        send_id: int,
        *,
        worker_id: str | None = None,
        batch_size: int | None = None,
        now=timezone.now,
        sleep=time.sleep,
        monotonic=time.monotonic,
    ):
        self.send_id = send_id
        self.worker_id = worker_id or f"{socket.gethostname()[:30]}-{uuid.uuid4().hex[:12]}"
        self.batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
        self.now = now
        self.sleep = sleep
        self.monotonic = monotonic
        self.connection = None
        self.smtp = SmtpSession()
        self.failure_streak = 0
        self._next_slot = 0.0
        self._rendered: dict[str, RenderedIssue] = {}
        self._send: Send | None = None
        # The mail the server accepted last, not yet marked sent: (row, when the server said 250).
        self._accepted: tuple[Delivery, datetime] | None = None

    # The loop ------------------------------------------------------------------------

    def run(self, *, max_batches: int | None = None) -> WorkerReport:
        report = WorkerReport()
        batches = 0
        try:
            while max_batches is None or batches < max_batches:
                send = Send.objects.select_related("topic").get(pk=self.send_id)
                if send.status != Send.Status.SENDING:
                    report.stopped_because = send.status
                    break
                self._prepare(send)
                recover_stale_claims(self.send_id, now=self.now())
                batch, tokens = self.claim_batch()
                if not batch:
                    if not self._still_sending():
                        report.stopped_because = "paused or cancelled"
                    elif finish_if_done(self.send_id):
                        report.stopped_because = "done"
                    else:
                        report.stopped_because = "waiting"
                        report.retry_at = self._next_due()
                    break
                batches += 1
                if not self._deliver_batch(batch, tokens, report):
                    break
        finally:
            try:
                self._record_accepted()
            finally:
                self._close()
        return report

    def _prepare(self, send: Send) -> None:
        if self._send is None:
            self._send = send
            self._rendered = {lang: RenderedIssue.from_dict(data) for lang, data in send.rendered.items()}
            self._root = site_root()  # once per worker, not once per mail
            # Everything a mail needs that is the same for every recipient, worked out once.
            self._greetings = {lang: greeting_maker(rendered.language) for lang, rendered in self._rendered.items()}
            self._preferences_link = _link_around_token("newsletter:preferences", self._root)
            self._unsubscribe_link = _link_around_token("newsletter:unsubscribe", self._root)
            self._mailto_prefix = unsubscribe_mailto("")
            self._message_id_domain = message_id_domain()
            self._raw_smtp = uses_django_smtp()
            self._issue_mails: dict[str, IssueMail] = {}
            self.interval = (
                (max(send.workers, 1) / settings.NEWSLETTER_MAX_PER_SECOND)
                if settings.NEWSLETTER_MAX_PER_SECOND
                else 0.0
            )

    def claim_batch(self) -> tuple[list[Delivery], dict[int, str]]:
        """Take up to batch_size due rows that no other worker holds, and a manage token for each."""
        now = self.now()
        with transaction.atomic():
            due = Delivery.objects.filter(
                send_id=self.send_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
            ).order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            # On SQLite the transaction is IMMEDIATE: it holds the write lock from its start,
            # so no other worker can claim between this read and the update below.
            # Checked inside the claim's transaction: a pause that committed first is seen here.
            if not Send.objects.filter(pk=self.send_id, status=Send.Status.SENDING).exists():
                return [], {}
            ids = list(due.values_list("pk", flat=True)[: self.batch_size])
            if not ids:
                return [], {}
            Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
                status=Delivery.Status.CLAIMED, claimed_by=self.worker_id, claimed_at=now
            )
            batch = list(
                Delivery.objects.filter(pk__in=ids, status=Delivery.Status.CLAIMED, claimed_by=self.worker_id).order_by(
                    "pk"
                )
            )
            tokens = issue_manage_tokens([row.subscriber_id for row in batch if row.subscriber_id])
        return batch, tokens

    def _deliver_batch(self, batch: list[Delivery], tokens: dict[int, str], report: WorkerReport) -> bool:
        """Send one batch; False when the send was paused or cancelled meanwhile."""
        try:
            return self._deliver_rows(batch, tokens, report)
        finally:
            self._record_accepted()

    def _deliver_rows(self, batch: list[Delivery], tokens: dict[int, str], report: WorkerReport) -> bool:
        for index, delivery in enumerate(batch):
            if index and index % 10 == 0 and not self._still_sending():
                self._release(batch[index:])
                report.stopped_because = "paused or cancelled"
                return False
            self._wait_for_slot()
            outcome = self._deliver(delivery, tokens.get(delivery.subscriber_id or 0, ""))
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome == "lost" and not self._still_sending():
                # A pause or cancel took the rest of this batch back: stop here.
                self._release(batch[index + 1 :])
                report.stopped_because = "paused or cancelled"
                return False
            if outcome in ("sent", "skipped", "lost"):
                self.failure_streak = 0 if outcome == "sent" else self.failure_streak
                continue
            self.failure_streak += 1
            if self.failure_streak >= settings.NEWSLETTER_PAUSE_AFTER_FAILURES:
                self._release(batch[index + 1 :])
                report.paused_itself = self._pause_for_failures(delivery)
                report.stopped_because = "paused after failures"
                return False
        return True

    def deliver(self, delivery: Delivery, token: str) -> str:
        """Hand one mail to the server and record the outcome at once.

        Returns sent, retried, failed, skipped, uncertain or lost.
        """
        try:
            return self._deliver(delivery, token)
        finally:
            self._record_accepted()

    def _deliver(self, delivery: Delivery, token: str) -> str:
        """Hand one mail to the server; a `sent` is recorded with the next mail's hand-over."""
        now = self.now()
        message_id = delivery.message_id or make_msgid(
            idstring=f"nl{delivery.send_id}.{delivery.pk}", domain=self._message_id_domain
        )
        if not self._hand_over(delivery, now, message_id):
            return "lost"  # taken back after the lease, or skipped by an unsubscribe: not ours to send
        if not delivery.subscriber_id or not token:
            self._finish(delivery, Delivery.Status.SKIPPED, note="Abonnenten finnes ikke lenger.")
            return "skipped"
        try:
            self._send_mail(delivery, token, message_id)
        except MaybeDelivered as exc:
            return self._maybe_delivered(delivery, exc)
        except Exception as exc:
            return self._failed(delivery, exc)
        self._accepted = (delivery, self.now())
        return "sent"

    def _hand_over(self, delivery: Delivery, now: datetime, message_id: str) -> bool:
        """Mark the row `sending` (if it is still ours) and, in the same UPDATE, the mail accepted
        before it `sent`; False when the row is no longer ours.

        The two statements are written once (hand_over_statements): compiling the ORM's
        CASE update again for every mail cost more than the SMTP conversation.
        """
        accepted, self._accepted = self._accepted, None
        alone, paired = hand_over_statements(connection)
        at = connection.ops.adapt_datetimefield_value(now)
        owner = [delivery.pk, Delivery.Status.CLAIMED, self.worker_id]
        with connection.cursor() as cursor:
            if accepted is None:
                cursor.execute(alone, [Delivery.Status.SENDING, at, message_id, *owner])
                return cursor.rowcount == 1
            previous, sent_at = accepted
            pk = delivery.pk
            cursor.execute(
                paired,
                [
                    *(pk, Delivery.Status.SENDING, Delivery.Status.SENT),
                    *(pk, at),
                    pk,
                    *(pk, message_id),
                    *(pk, connection.ops.adapt_datetimefield_value(sent_at)),
                    *owner,
                    *(previous.pk, self.worker_id, Delivery.Status.SENDING, Delivery.Status.UNCERTAIN),
                ],
            )
            updated = cursor.rowcount
        if updated != 1:
            return updated == 2
        # One row changed: this one or the previous (taken back meanwhile, by the editor's resend).
        return Delivery.objects.filter(
            pk=delivery.pk, status=Delivery.Status.SENDING, claimed_by=self.worker_id
        ).exists()

    def _record_accepted(self) -> None:
        """Mark the mail the server accepted last `sent`, when no next hand-over did."""
        if self._accepted is not None:
            delivery, sent_at = self._accepted
            self._accepted = None
            self._finish(delivery, Delivery.Status.SENT, sent_at=sent_at)

    # Outcomes --------------------------------------------------------------------------

    def _finish(self, delivery: Delivery, status: str, **fields) -> None:
        Delivery.objects.filter(
            pk=delivery.pk,
            claimed_by=self.worker_id,
            status__in=[Delivery.Status.SENDING, Delivery.Status.UNCERTAIN],
        ).update(status=status, **fields)

    def _failed(self, delivery: Delivery, exc: Exception) -> str:
        kind, text = classify_failure(exc)
        logger.info("Delivery %s failed (%s): %s", delivery.pk, kind, text)
        if kind == TEMPORARY:
            if not isinstance(exc, (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException)):
                self._close()  # a dropped or confused connection is not reused; one that answered 4xx is
            attempts = delivery.attempts + 1
            if attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
                self._finish(
                    delivery, Delivery.Status.FAILED, last_error=text[:500], note=f"Ga opp etter {attempts} forsøk."
                )
                return "failed"
            delay = min(settings.NEWSLETTER_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600)
            self._finish(
                delivery,
                Delivery.Status.PENDING,
                last_error=text[:500],
                claimed_by="",
                next_attempt_at=self.now() + timedelta(seconds=delay),
            )
            return "retried"
        self._finish(delivery, Delivery.Status.FAILED, last_error=text[:500])
        if kind == PERMANENT_RECIPIENT and delivery.subscriber_id:
            subscriber = Subscriber.objects.filter(pk=delivery.subscriber_id).first()
            if subscriber is not None:
                subscriber.set_status(Status.BOUNCED, suppress_reason=Suppression.Reason.BOUNCED)
            else:
                Suppression.add(delivery.email, Suppression.Reason.BOUNCED)
        return "failed"

    def _maybe_delivered(self, delivery: Delivery, exc: MaybeDelivered) -> str:
        """The connection broke after the whole mail was written: settled as a worker's death settles it."""
        logger.warning("Delivery %s: the connection broke before the server answered: %s", delivery.pk, exc)
        self._close()
        text = f"Forbindelsen brøt: {exc}"[:500]
        if settings.NEWSLETTER_UNCERTAIN_POLICY == "resend":
            self._finish(
                delivery,
                Delivery.Status.PENDING,
                last_error=text,
                note=DROPPED_RESENT,
                claimed_by="",
                next_attempt_at=self.now(),
            )
            return "retried"
        self._finish(delivery, Delivery.Status.UNCERTAIN, last_error=text, note=DROPPED_SKIPPED)
        return "uncertain"

    def _pause_for_failures(self, delivery: Delivery) -> bool:
        """Pause the send; False when it was no longer sending (paused or cancelled meanwhile)."""
        last = Delivery.objects.filter(pk=delivery.pk).values_list("last_error", flat=True).first() or ""
        reason = (
            f"Satt på pause etter {self.failure_streak} mislykkede forsøk på rad. "
            f"Siste feil: {last}. Sjekk e-posttjeneren og fortsett utsendingen når feilen er rettet."
        )
        return pause_send(self.send_id, reason)

    def _release(self, rows: list[Delivery]) -> None:
        """Give back rows this worker claimed but will not send now."""
        self._record_accepted()
        Delivery.objects.filter(
            pk__in=[row.pk for row in rows], status=Delivery.Status.CLAIMED, claimed_by=self.worker_id
        ).update(status=Delivery.Status.PENDING, claimed_by="", claimed_at=None)

    def _still_sending(self) -> bool:
        # Asked every tenth mail: written once, as the hand-over is, not compiled by the ORM each time.
        with connection.cursor() as cursor:
            cursor.execute(still_sending_statement(connection), [self.send_id, Send.Status.SENDING])
            return cursor.fetchone() is not None

    def _next_due(self) -> datetime | None:
        """When there may be work again: the next retry, or when others' claims would expire."""
        open_rows = Delivery.objects.filter(send_id=self.send_id, status__in=Delivery.OPEN_STATES)
        retry = open_rows.filter(status=Delivery.Status.PENDING).aggregate(at=Min("next_attempt_at"))["at"]
        held = open_rows.exclude(status=Delivery.Status.PENDING).aggregate(at=Min("claimed_at"))["at"]
        lease = timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
        candidates = [at for at in (retry, held + lease + timedelta(seconds=1) if held else None) if at]
        return min(candidates) if candidates else None

    # Mail --------------------------------------------------------------------------------

    def _send_mail(self, delivery: Delivery, token: str, message_id: str) -> None:
        """Build this recipient's mail and hand it to the server (or the backend); raises on failure."""
        language = delivery.language if delivery.language in self._rendered else "nb"
        greeting = self._greetings[language](delivery.name)
        preferences = self._preferences_link[0] + token + self._preferences_link[1]
        unsubscribe = self._unsubscribe_link[0] + token + self._unsubscribe_link[1]
        mailto = self._mailto_prefix + token if self._mailto_prefix else ""
        if self._raw_smtp:
            envelope_to, header_to = recipient_address(delivery.email)
            mail = self._issue_mail(language)
            data = mail.render(
                to=header_to,
                message_id=message_id,
                greeting=greeting,
                preferences_url=preferences,
                unsubscribe_url=unsubscribe,
                unsubscribe_mailto=mailto,
            )
            self.smtp.send(mail.envelope_from, envelope_to, data, eight_bit=not data.isascii())
            return
        rendered = self._rendered[language]
        html, text = rendered.personalise(greeting=greeting, preferences_url=preferences, unsubscribe_url=unsubscribe)
        topic = self._send.topic
        message = build_message(
            to=delivery.email,
            subject=rendered.subject,
            html=html,
            text=text,
            message_id=message_id,
            list_name=topic.list_name or topic.name,
            list_slug=topic.slug,
            unsubscribe_url=unsubscribe,
            unsubscribe_mailto=mailto,
        )
        self._connection().send_messages([message])

    def _issue_mail(self, language: str) -> IssueMail:
        mail = self._issue_mails.get(language)
        if mail is None:
            topic = self._send.topic
            mail = IssueMail(self._rendered[language], list_name=topic.list_name or topic.name, list_slug=topic.slug)
            self._issue_mails[language] = mail
        return mail

    def _connection(self):
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
        return self.connection

    def _close(self) -> None:
        self.smtp.close()
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:
                logger.debug("Closing the mail connection failed", exc_info=True)
            self.connection = None

    def _wait_for_slot(self) -> None:
        if not self.interval:
            return
        now = self.monotonic()
        if self._next_slot > now:
            self._record_accepted()  # not left `sending` while the worker waits
            self.sleep(self._next_slot - now)
            now = self._next_slot
        self._next_slot = now + self.interval


@functools.cache
def _hand_over_statements(vendor: str, quote_name) -> tuple[str, str]:
    table = quote_name(Delivery._meta.db_table)
    pk, status, owner, claimed_at, attempts, message_id, sent_at = (
        quote_name(Delivery._meta.get_field(name).column)
        for name in ("id", "status", "claimed_by", "claimed_at", "attempts", "message_id", "sent_at")
    )
    ours = f"{pk} = %s AND {status} = %s AND {owner} = %s"
    # Only names from the model's metadata (quoted) go into the text; every value is a parameter.
    alone = (
        f"UPDATE {table} SET {status} = %s, {claimed_at} = %s, {attempts} = {attempts} + 1, {message_id} = %s "  # noqa: S608
        f"WHERE {ours}"
    )
    paired = (
        f"UPDATE {table} SET "  # noqa: S608
        f"{status} = CASE WHEN {pk} = %s THEN %s ELSE %s END, "
        f"{claimed_at} = CASE WHEN {pk} = %s THEN %s ELSE {claimed_at} END, "
        f"{attempts} = CASE WHEN {pk} = %s THEN {attempts} + 1 ELSE {attempts} END, "
        f"{message_id} = CASE WHEN {pk} = %s THEN %s ELSE {message_id} END, "
        f"{sent_at} = CASE WHEN {pk} = %s THEN {sent_at} ELSE %s END "
        # The previous row: still this worker's, being handed over, or marked uncertain by
        # another worker's lease recovery meanwhile (its success is still recorded).
        f"WHERE ({ours}) OR ({pk} = %s AND {owner} = %s AND {status} IN (%s, %s))"
    )
    return alone, paired


def hand_over_statements(db_connection) -> tuple[str, str]:
    """The hand-over UPDATE for a row alone, and paired with the row accepted before it (SQL, %s params)."""
    return _hand_over_statements(db_connection.vendor, db_connection.ops.quote_name)


@functools.cache
def _still_sending_statement(vendor: str, quote_name) -> str:
    table = quote_name(Send._meta.db_table)
    pk, status = (quote_name(Send._meta.get_field(name).column) for name in ("id", "status"))
    return f"SELECT 1 FROM {table} WHERE {pk} = %s AND {status} = %s"  # noqa: S608 (names only)


def still_sending_statement(db_connection) -> str:
    return _still_sending_statement(db_connection.vendor, db_connection.ops.quote_name)


def _link_around_token(name: str, root: str) -> tuple[str, str]:
    """A secret link's address before and after its token, so that each mail only joins three strings."""
    marker = "TOKEN"
    before, _marker, after = absolute(reverse(name, args=[marker]), root).rpartition(marker)
    return before, after
