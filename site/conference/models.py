"""Fastlegekonferansen: conference pages, ticket types, questions and registrations.

Seats are a ledger: a ticket type's seats in use are its confirmed registrations plus
its open offers, counted inside a transaction that holds a lock on the ticket type
(see ledger.py). Nothing stores a "seats left" number that could drift.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from core.blocks import INLINE_RICH_TEXT_FEATURES
from core.consent import VersionedConsentText
from core.mail import addresses
from core.models import BasePage
from core.page_privacy import public

from .blocks import programme_blocks
from .seats import free_seats, has_free_seat, seat_hint, seats_version


class ConferenceIndexPage(BasePage):
    """All conferences, the next one first."""

    content_panels = [*Page.content_panels, FieldPanel("language"), FieldPanel("summary")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["conference.ConferencePage"]
    max_count = 1

    class Meta:
        verbose_name = _("konferanseoversikt")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        conferences = public(ConferencePage.objects.child_of(self).live())
        now = timezone.now()
        context["upcoming"] = conferences.filter(ends_at__gte=now).order_by("starts_at")
        context["past"] = conferences.filter(ends_at__lt=now).order_by("-starts_at")
        return context


class ConferenceState(models.TextChoices):
    # Shown on the public conference page: English msgids, translated like the templates.
    NOT_YET_OPEN = "not_yet_open", _("Registration not yet open")
    OPEN = "open", _("Open for registration")
    FULL = "full", _("Full – waiting list")
    CLOSED = "closed", _("Registration closed")
    PAST = "past", _("Held")


class ConferencePage(BasePage):
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    venue_name = models.CharField(_("sted"), max_length=200)
    venue_address = models.TextField(_("adresse"), blank=True)
    stream_info = models.TextField(
        _("om strømmingen"), blank=True, help_text=_("Vises på siden. Lenken til strømmen sendes bare til påmeldte.")
    )
    stream_url = models.URLField(_("lenke til strømmen"), blank=True, help_text=_("Sendes bare til påmeldte."))
    registration_opens_at = models.DateTimeField(_("påmeldingen åpner"))
    registration_closes_at = models.DateTimeField(_("påmeldingen stenger"))
    overall_capacity = models.PositiveIntegerField(
        _("samlet kapasitet"), null=True, blank=True, help_text=_("Tom: bare billettypenes egne grenser gjelder.")
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("timer å svare på et tilbud"),
        default=48,
        help_text=_("Så lenge holdes en ledig plass for den neste på ventelisten."),
    )
    reminder_days = models.PositiveSmallIntegerField(_("påminnelse dager før"), default=7)
    sensitive_purge_days = models.PositiveSmallIntegerField(
        _("slett sensitive svar dager etter"),
        default=1,
        help_text=_("Svar om kosthold og tilrettelegging er helseopplysninger."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("slett personopplysninger dager etter"), default=90, help_text=_("Antall påmeldte beholdes for statistikk.")
    )
    practical_information = RichTextField(
        _("praktisk informasjon"), blank=True, features=[*INLINE_RICH_TEXT_FEATURES, "ul", "ol"]
    )
    body = StreamField(
        programme_blocks(), blank=True, verbose_name=_("innhold"), help_text=_("Program, opptak og lysark.")
    )
    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The time and place registrants were last told about (see reminders.notify_if_moved).
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("language"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
            ],
            heading=_("Tid og sted"),
        ),
        MultiFieldPanel([FieldPanel("stream_info"), FieldPanel("stream_url")], heading=_("Strømming")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                FieldPanel("overall_capacity"),
                FieldPanel("offer_hours"),
                FieldPanel("reminder_days"),
            ],
            heading=_("Påmelding"),
        ),
        InlinePanel("ticket_types", heading=_("Billettyper"), label=_("Billettype"), min_num=1),
        InlinePanel("questions", heading=_("Spørsmål i påmeldingen"), label=_("Spørsmål")),
        InlinePanel("sessions", heading=_("Program"), label=_("Programpost")),
        InlinePanel("speakers", heading=_("Foredragsholdere"), label=_("Foredragsholder")),
        FieldPanel("practical_information"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("sensitive_purge_days"), FieldPanel("retention_days")], heading=_("Personvern")),
        *BasePage.change_panels,
    ]

    parent_page_types = ["conference.ConferenceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("konferanse")
        verbose_name_plural = _("konferanser")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Konferansen må slutte etter at den starter.")})
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError({"registration_closes_at": _("Påmeldingen må stenge etter at den åpner.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        seats = self.seats_for_newcomers()
        state = self.state(seats=seats)
        context.update(
            state=state,
            state_label=ConferenceState(state).label,
            ticket_types=[
                {"ticket_type": ticket_type, "seat_hint": seat_hint(seats.get(ticket_type.pk))}
                for ticket_type in self.ticket_types.all()
            ],
            sessions=list(self.sessions.order_by("starts_at", "sort_order")),
            speakers=list(self.speakers.select_related("portrait")),
            registration_url=self.registration_url() if state in (ConferenceState.OPEN, ConferenceState.FULL) else "",
        )
        return context

    def registration_url(self) -> str:
        """The registration form's fixed address (outside the page tree, so mails never break)."""
        from django.urls import reverse

        return reverse("conference:register", args=[self.pk])

    def with_content_json(self, content):
        # What registrants were told belongs to the page, never to a revision.
        obj = super().with_content_json(content)
        obj.calendar_uid = self.calendar_uid
        obj.calendar_sequence = self.calendar_sequence
        obj.calendar_fingerprint = self.calendar_fingerprint
        return obj

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.registration_opens_at <= now < self.registration_closes_at and now < self.ends_at

    def state(self, now=None, seats: dict[int, int | None] | None = None) -> str:
        """What a visitor sees: not yet open, open, full (waiting list), closed or past.

        `seats` is seats_for_newcomers(), when the caller has it already.
        """
        now = now or timezone.now()
        if now >= self.ends_at:
            return ConferenceState.PAST
        if now < self.registration_opens_at:
            return ConferenceState.NOT_YET_OPEN
        if now >= self.registration_closes_at:
            return ConferenceState.CLOSED
        seats = self.seats_for_newcomers() if seats is None else seats
        return ConferenceState.OPEN if any(has_free_seat(left) for left in seats.values()) else ConferenceState.FULL

    def seats_for_newcomers(self) -> dict[int, int | None]:
        """Seats a newcomer could get per ticket type (None: unlimited), in one query.

        A hint for pages and forms, never a decision: ledger.register decides again under its lock.
        """
        seats_version()  # before the counts: a cached page showing them goes with a registration
        ticket_types = list(
            self.ticket_types.annotate(
                in_use=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDS_SEAT)),
                waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
            )
        )
        in_use = sum(ticket_type.in_use for ticket_type in ticket_types)
        seats: dict[int, int | None] = {}
        for ticket_type in ticket_types:
            left = free_seats(ticket_type.capacity, ticket_type.in_use, self.overall_capacity, in_use)
            # While anyone waits for a ticket type, a free seat is theirs: a newcomer joins the queue.
            seats[ticket_type.pk] = 0 if ticket_type.waiting else left
        return seats

    @cached_property
    def state_label(self) -> str:
        return ConferenceState(self.state()).label


class TicketType(Orderable):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("Fysisk oppmøte")
        DIGITAL = "digital", _("Digitalt")

    conference = ParentalKey(ConferencePage, on_delete=models.CASCADE, related_name="ticket_types")
    name = models.CharField(_("navn"), max_length=120)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.IN_PERSON)
    capacity = models.PositiveIntegerField(_("kapasitet"), null=True, blank=True, help_text=_("Tom: ingen grense."))
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("capacity"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("billettype")
        verbose_name_plural = _("billettyper")

    def __str__(self) -> str:
        return self.name

    def calendar_location(self) -> str:
        """The venue for those who come, the stream link for those who watch (registrants only)."""
        conference = self.conference
        if self.kind == self.Kind.DIGITAL:
            return conference.stream_url or str(_("Digitalt"))
        return ", ".join(part for part in (conference.venue_name, " ".join(conference.venue_address.split())) if part)


class Question(Orderable):
    class Kind(models.TextChoices):
        SHORT = "short", _("Kort tekst")
        LONG = "long", _("Lang tekst")
        SINGLE = "single", _("Ett valg")
        MULTIPLE = "multiple", _("Flere valg")
        YES_NO = "yes_no", _("Ja eller nei")

    conference = ParentalKey(ConferencePage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("spørsmål"), max_length=200)
    help_text = models.CharField(_("hjelpetekst"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.SHORT)
    choices = models.TextField(
        _("valg"), blank=True, help_text=_("Ett valg per linje, for «Ett valg» og «Flere valg».")
    )
    required = models.BooleanField(_("påkrevd"), default=False)
    sensitive = models.BooleanField(
        _("sensitivt"),
        default=False,
        help_text=_("Helseopplysninger, som kosthold og tilrettelegging. Slettes rett etter konferansen."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("kind"),
        FieldPanel("choices"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("sensitive")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("spørsmål")
        verbose_name_plural = _("spørsmål")

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        if self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE) and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("Skriv minst to valg, ett per linje.")})


class Session(Orderable):
    conference = ParentalKey(ConferencePage, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    title = models.CharField(_("tittel"), max_length=200)
    speakers = models.CharField(_("foredragsholdere"), max_length=300, blank=True)
    room = models.CharField(_("rom"), max_length=100, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("title"),
        FieldPanel("speakers"),
        FieldPanel("room"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("programpost")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return self.title


class Speaker(Orderable):
    """Someone on the programme, shown with a short introduction and an optional portrait."""

    conference = ParentalKey(ConferencePage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("tittel og arbeidssted"), max_length=200, blank=True)
    bio = models.TextField(_("kort om"), blank=True, max_length=800)
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrett"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("portrait")]

    class Meta(Orderable.Meta):
        verbose_name = _("foredragsholder")
        verbose_name_plural = _("foredragsholdere")

    def __str__(self) -> str:
        return self.name


class RegistrationConsentText(VersionedConsentText):
    """The wording a registrant agreed to; a shown text is never edited, a new version is added."""

    class Meta(VersionedConsentText.Meta):
        verbose_name = _("samtykketekst for påmelding")
        verbose_name_plural = _("samtykketekster for påmelding")


# The namespace of Registration.email_hash: a registration is found by its address's digest.
EMAIL_HASH_NAMESPACE = "allmenn-conference"


def email_hash(raw: str) -> str:
    return addresses.email_hash(raw, namespace=EMAIL_HASH_NAMESPACE)


class RegistrationQuerySet(models.QuerySet):
    def message_recipients(self, ticket_type_id: int, statuses: list[str]) -> RegistrationQuerySet:
        """Who an organiser's message to a ticket type reaches: those with one of the statuses and an address."""
        return (
            self.filter(ticket_type_id=ticket_type_id, status__in=statuses, personal_data_purged_at=None)
            .exclude(email="")
            .order_by("pk")
        )


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Påmeldt")
        WAITING = "waiting", _("På venteliste")
        OFFERED = "offered", _("Tilbudt plass")
        CANCELLED = "cancelled", _("Avmeldt")
        DECLINED = "declined", _("Takket nei til plass")
        EXPIRED = "expired", _("Tilbudet gikk ut")

    # The states that hold a seat, and those that are still in the game for this conference.
    HOLDS_SEAT = ("confirmed", "offered")
    ACTIVE = ("confirmed", "offered", "waiting")

    conference = models.ForeignKey(ConferencePage, on_delete=models.CASCADE, related_name="registrations")
    ticket_type = models.ForeignKey(TicketType, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    email_hash = models.CharField(max_length=64, editable=False)
    organisation = models.CharField(_("arbeidssted"), max_length=200, blank=True)
    role = models.CharField(_("rolle"), max_length=20, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("språk"), max_length=2, default="nb")
    consent_text = models.ForeignKey(RegistrationConsentText, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("fikk plass"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("på venteliste fra"), null=True, blank=True)
    offered_at = models.DateTimeField(_("tilbudt plass"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("tilbudet gjelder til"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("avmeldt"), null=True, blank=True)
    attended_at = models.DateTimeField(_("møtt"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True, editable=False)
    personal_data_purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        ordering = ["created_at", "pk"]
        constraints = [
            # One active registration per address and conference; cancelled ones may repeat.
            models.UniqueConstraint(
                fields=["conference", "email_hash"],
                condition=Q(status__in=["confirmed", "offered", "waiting"]),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [
            models.Index(fields=["ticket_type", "status", "waiting_since"], name="registration_queue_idx"),
            models.Index(fields=["status", "offer_expires_at"], name="registration_offer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.email:
            self.email_hash = email_hash(self.email)
        super().save(*args, **kwargs)

    def offer_deadline(self, now=None) -> timezone.datetime:
        return (now or timezone.now()) + timedelta(hours=self.conference.offer_hours)


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, related_name="answers")
    question_label = models.CharField(max_length=200)
    sensitive = models.BooleanField(default=False)
    value = models.JSONField(default=str, blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_question")]
        # Dietary and accessibility answers are health data (GDPR art. 9): seeing or exporting
        # them is a right of its own, which no group holds by default (core/admin/groups.py).
        permissions = [("view_sensitive_answers", "Kan se og laste ned sensitive svar (helseopplysninger)")]

    def __str__(self) -> str:
        return f"{self.question_label}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if isinstance(self.value, list):
            return ", ".join(str(item) for item in self.value)
        if isinstance(self.value, bool):
            return "Ja" if self.value else "Nei"
        return str(self.value)


class ManageToken(models.Model):
    """A secret link to one registration; only its SHA-256 is stored. Each mail carries a fresh one."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("administrasjonslenke")
        verbose_name_plural = _("administrasjonslenker")

    def __str__(self) -> str:
        return f"Lenke til påmelding {self.registration_id}"


class CheckInToken(models.Model):
    """What the QR code in a confirmation carries: staff open it to mark the registrant as attended."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="check_in")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("innsjekkingskode")

    def __str__(self) -> str:
        return f"Innsjekking {self.registration_id}"


class RetentionLog(models.Model):
    """What the retention job deleted, and when: counts only, no personal data."""

    conference = models.ForeignKey(ConferencePage, on_delete=models.CASCADE, related_name="retention_log")
    ran_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20)  # "sensitive" or "personal"
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("slettelogg")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.count}"
