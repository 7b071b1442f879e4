"""A send of one newsletter issue, and one delivery row per recipient.

The delivery rows are the whole state of a send: workers claim them, mark each one
sent the moment the SMTP server accepts it, and a crashed worker's rows are found
again by their lease. Nothing is remembered anywhere else (no "last id sent").
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Send(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Planlagt")
        SENDING = "sending", _("Sendes")
        PAUSED = "paused", _("Pause")
        CANCELLED = "cancelled", _("Avbrutt")
        DONE = "done", _("Ferdig")

    issue = models.ForeignKey(
        "newsletter.NewsletterIssuePage",
        verbose_name=_("utgave"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sends",
    )
    issue_title = models.CharField(_("utgave"), max_length=255)
    topic = models.ForeignKey("newsletter.Topic", verbose_name=_("tema"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_at = models.DateTimeField(_("sendes"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    # The issue rendered once per language at start: {"nb": {"subject", "html", "text", "nonce"}, ...}.
    rendered = models.JSONField(default=dict, blank=True, editable=False)
    # The episode ids each "new episodes" block showed at start, by block id: {"<block id>": [12, 9]}.
    episodes = models.JSONField(default=dict, blank=True, editable=False)
    audience_size = models.PositiveIntegerField(_("mottakere"), default=0)
    workers = models.PositiveSmallIntegerField(_("arbeidere"), default=1)
    pause_reason = models.TextField(_("årsak til pause"), blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("utsending")
        verbose_name_plural = _("utsendinger")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One send at a time per issue: a second click never mails everyone twice.
            models.UniqueConstraint(
                fields=["issue"],
                condition=Q(status__in=["scheduled", "sending", "paused"]),
                name="one_active_send_per_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue_title} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.SCHEDULED, self.Status.SENDING, self.Status.PAUSED)

    def progress(self) -> dict[str, int]:
        """Counts per delivery state in one query: sent, failed, left, uncertain, skipped, total,
        and in_flight (being handed to the server now)."""
        counts = self.deliveries.aggregate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
            failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
            uncertain=Count("pk", filter=Q(status=Delivery.Status.UNCERTAIN)),
            skipped=Count("pk", filter=Q(status=Delivery.Status.SKIPPED)),
            left=Count("pk", filter=Q(status__in=Delivery.OPEN_STATES)),
            in_flight=Count("pk", filter=Q(status=Delivery.Status.SENDING)),
        )
        return counts

    def pace(self, progress: dict[str, int], *, now=None) -> dict[str, float | int | None]:
        """How fast the send goes and how long it has left, from the mails sent lately.

        `per_minute` counts the mails sent in the last PACE_WINDOW (or since the start, if
        sooner); `seconds_left` is None when nothing is moving (not started, paused, done).
        """
        now = now or timezone.now()
        done = progress["total"] - progress["left"]
        percent = round(100 * done / progress["total"], 1) if progress["total"] else 0.0
        if self.started_at is None:
            return {"done": done, "percent": percent, "per_minute": None, "seconds_left": None}
        since = max(self.started_at, now - PACE_WINDOW)
        minutes = max((now - since).total_seconds() / 60, 1 / 60)
        recent = self.deliveries.filter(status=Delivery.Status.SENT, sent_at__gte=since).count()
        per_minute = round(recent / minutes, 1)
        moving = self.status == self.Status.SENDING and per_minute > 0 and progress["left"] > 0
        seconds_left = round(progress["left"] / per_minute * 60) if moving else None
        return {"done": done, "percent": percent, "per_minute": per_minute, "seconds_left": seconds_left}


# The rate is measured over the last few minutes: recent enough to follow a pause or a
# slower server, long enough not to jump with every batch.
PACE_WINDOW = timedelta(minutes=5)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        CLAIMED = "claimed", _("Tatt av en arbeider")
        SENDING = "sending", _("Sendes nå")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")
        UNCERTAIN = "uncertain", _("Usikker")
        SKIPPED = "skipped", _("Hoppet over")

    OPEN_STATES = ("pending", "claimed", "sending")

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        "newsletter.Subscriber", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    # A snapshot at send time: a later change of address or language does not change this mail.
    email = models.CharField(_("e-post"), max_length=254, blank=True)
    name = models.CharField(_("navn"), max_length=100, blank=True)
    language = models.CharField(_("språk"), max_length=2, default="nb")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, null=True, blank=True, unique=True)
    last_error = models.CharField(_("siste feil"), max_length=500, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("levering")
        verbose_name_plural = _("leveringer")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], condition=Q(subscriber__isnull=False), name="one_delivery_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["send", "status", "next_attempt_at"], name="delivery_claim_idx")]

    def __str__(self) -> str:
        return f"{self.email or '(slettet)'}: {self.get_status_display()}"

    @classmethod
    def skip_pending_for(cls, subscriber, *, reason: str) -> int:
        """Drop this subscriber's unsent mail in every active send (not one being sent this instant)."""
        return cls.objects.filter(subscriber=subscriber, status=cls.Status.PENDING).update(
            status=cls.Status.SKIPPED, note=reason[:300]
        )

    @classmethod
    def anonymise_for(cls, subscriber) -> None:
        """On erasure: keep the counts of past sends, forget who they went to."""
        cls.skip_pending_for(subscriber, reason="Abonnenten ba om sletting")
        cls.objects.filter(subscriber=subscriber).update(subscriber=None, email="", name="")
