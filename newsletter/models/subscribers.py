"""Subscribers, their topics and consent, access tokens, and the suppression list."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.consent import VersionedConsentText
from core.mail import addresses
from core.people import Role

# The namespace of Subscriber.email_hash and of the suppression list. It can never
# change: the suppression list outlives the subscribers whose addresses it blocks.
EMAIL_HASH_NAMESPACE = "allmenn-newsletter"


def email_hash(raw: str) -> str:
    """The digest a subscriber and the suppression list are found by."""
    return addresses.email_hash(raw, namespace=EMAIL_HASH_NAMESPACE)


class Topic(models.Model):
    """Something a subscriber can ask for: the monthly FLO letter, new episodes, conference news."""

    slug = models.SlugField(_("kortnavn"), max_length=40, unique=True)
    name = models.CharField(_("navn (bokmål)"), max_length=120)
    name_nn = models.CharField(_("navn (nynorsk)"), max_length=120)
    description = models.CharField(_("beskrivelse (bokmål)"), max_length=300, blank=True)
    description_nn = models.CharField(_("beskrivelse (nynorsk)"), max_length=300, blank=True)
    list_name = models.CharField(
        _("listenavn i e-post"), max_length=120, help_text=_("Vises i List-Id, for eksempel «Fastlegenytt».")
    )
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    is_active = models.BooleanField(_("kan velges"), default=True)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return self.name_nn if language == "nn" and self.name_nn else self.name

    def description_in(self, language: str) -> str:
        return self.description_nn if language == "nn" and self.description_nn else self.description


class ConsentText(VersionedConsentText):
    """The exact wording a subscriber agreed to. A new wording is a new version; old ones stay."""

    class Meta(VersionedConsentText.Meta):
        verbose_name = _("samtykketekst")
        verbose_name_plural = _("samtykketekster")


class Status(models.TextChoices):
    PENDING = "pending", _("Venter på bekreftelse")
    CONFIRMED = "confirmed", _("Bekreftet")
    UNSUBSCRIBED = "unsubscribed", _("Avmeldt")
    BOUNCED = "bounced", _("Avvist (bounce)")
    COMPLAINED = "complained", _("Klaget (spam)")


class MailLanguage(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


class Subscriber(models.Model):
    email = models.EmailField(_("e-post"), max_length=254)
    # Unique, and what the suppression list and the bounce handlers look up: the address
    # compared case-insensitively.
    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=100, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.OTHER)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("språk"), max_length=2, choices=MailLanguage.choices, default=MailLanguage.BOKMAL)
    topics = models.ManyToManyField(Topic, verbose_name=_("temaer"), blank=True, related_name="subscribers")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status endret"), default=timezone.now)

    class Meta:
        verbose_name = _("abonnent")
        verbose_name_plural = _("abonnenter")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="subscriber_status_idx")]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip()
        self.email_hash = email_hash(self.email)
        super().save(*args, **kwargs)

    @property
    def is_suppressed(self) -> bool:
        return Suppression.objects.filter(email_hash=self.email_hash).exists()

    def pending_consent(self) -> Consent | None:
        """The latest consent waiting for its confirmation link."""
        return (
            self.consents.filter(confirmed_at__isnull=True, withdrawn_at__isnull=True)
            .order_by("-given_at", "-pk")
            .first()
        )

    def pending_topic_names(self) -> list[str]:
        """The topics the confirmation link will subscribe to, named in the subscriber's language."""
        consent = self.pending_consent()
        slugs = consent.topics if consent else []
        return [topic.name_in(self.language) for topic in Topic.objects.filter(slug__in=slugs)]

    def set_status(self, status: str, *, suppress_reason: str = "") -> None:
        """Change the status and, for a way out (unsubscribe, bounce, complaint), suppress the address."""
        now = timezone.now()
        with transaction.atomic():
            if status != self.status:
                # Only a real change moves the date: bounce handling ignores reports older than it.
                self.status_changed_at = now
            self.status = status
            if status == Status.CONFIRMED and not self.confirmed_at:
                self.confirmed_at = now
            self.save(update_fields=["status", "status_changed_at", "confirmed_at", "email", "email_hash"])
            if suppress_reason:
                Suppression.add(self.email, suppress_reason)
                self.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
                # Anything queued for this address and not yet sent is dropped.
                from .sending import Delivery

                Delivery.skip_pending_for(self, reason=str(Status(status).label))

    def confirm(self) -> None:
        """Double opt-in done: mailable from now on, and any earlier suppression is lifted by this new consent."""
        with transaction.atomic():
            Suppression.objects.filter(email_hash=self.email_hash).delete()
            self.set_status(Status.CONFIRMED)

    def erase(self) -> None:
        """Delete everything about this person; keep only the suppression entry (a hash), so they are not mailed again."""
        with transaction.atomic():
            Suppression.add(self.email, Suppression.Reason.ERASED)
            from .sending import Delivery

            Delivery.anonymise_for(self)
            self.delete()


class Consent(models.Model):
    class Source(models.TextChoices):
        FORM = "form", _("Skjema på nettstedet")
        IMPORT = "import", _("Import")
        ADMIN = "admin", _("Lagt inn av redaktør")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    consent_text = models.ForeignKey(ConsentText, verbose_name=_("samtykketekst"), on_delete=models.PROTECT)
    source = models.CharField(_("kilde"), max_length=10, choices=Source.choices)
    topics = models.JSONField(_("temaer"), default=list, help_text=_("Temaene samtykket gjaldt."))
    given_at = models.DateTimeField(_("gitt"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.given_at:%d.%m.%Y}"


class AccessToken(models.Model):
    """A secret link: confirm a subscription (short-lived, single use) or manage one.

    Only a hash of the token is stored; the token itself exists in the mail alone.
    """

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", _("Bekreft abonnement")
        MANAGE = "manage", _("Endre innstillinger")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tilgangslenke")
        verbose_name_plural = _("tilgangslenker")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.subscriber_id})"


class Suppression(models.Model):
    """Addresses never to be mailed again, kept as hashes so they outlive the subscriber."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Meldte seg av")
        BOUNCED = "bounced", _("Permanent avvist")
        COMPLAINED = "complained", _("Klaget (spam)")
        ERASED = "erased", _("Ba om sletting")
        MANUAL = "manual", _("Lagt inn av redaktør")

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(_("årsak"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("lagt til"), default=timezone.now)

    class Meta:
        verbose_name = _("sperret adresse")
        verbose_name_plural = _("sperrede adresser")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.email_hash[:10]}…)"

    @classmethod
    def add(cls, email: str, reason: str) -> None:
        """Suppress an address; the first reason recorded is kept."""
        cls.objects.get_or_create(email_hash=email_hash(email), defaults={"reason": reason})

    @classmethod
    def contains(cls, email: str) -> bool:
        return cls.objects.filter(email_hash=email_hash(email)).exists()
