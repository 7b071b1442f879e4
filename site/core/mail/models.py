"""The outbox of notices: one row per mail a change promises, written with the change."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One notice to send, written in the transaction of the change it reports.

    It names the kind of mail and what it is about — never an address, the words or a
    secret link: those are made when it is sent, from the data as it is then, so the
    row holds no personal data and a change made meanwhile is what the mail says.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("venter")
        CLAIMED = "claimed", _("tatt av en arbeider")
        HANDING_OVER = "handing_over", _("leveres til e-posttjeneren")
        SENT = "sent", _("sendt")
        SKIPPED = "skipped", _("ikke sendt, saken har endret seg")
        UNCERTAIN = "uncertain", _("usikker")
        FAILED = "failed", _("feilet")

    OPEN_STATES = (Status.PENDING, Status.CLAIMED, Status.HANDING_OVER)

    kind = models.CharField(_("slag"), max_length=80)
    object_id = models.PositiveBigIntegerField(_("gjelder"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)

    class Meta:
        app_label = "core"
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_mail_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} ({self.get_status_display()})"
