"""The organisers' side of the conference in the Wagtail admin: counts per ticket type and
state, the registration list with filters and search, manual add, cancel and move through
the ledger, the attendance toggle, exports, and a message to the registrants of a ticket type.

Every change of seats goes through conference.ledger, so the admin never counts and inserts
on its own; the offers a change creates are mailed once its transaction has committed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_tasks import task
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_helpers import NorwegianMixin
from core.mail.addresses import clean_email, has_unsafe_characters, refuse_header_injection
from core.mail.headers import from_header, reply_to
from core.models import Municipality
from core.people import Role
from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx

from . import ledger
from .check_in import mark_attended, unmark_attended
from .models import Answer, ConferencePage, Question, Registration, TicketType, email_hash
from .registrations import Notice, mail_after_commit, mail_offers

logger = logging.getLogger(__name__)
Status = Registration.Status

VIEW = "conference.view_registration"
ADD = "conference.add_registration"
CHANGE = "conference.change_registration"
FORMATS = ("csv", "xlsx")


# --- Mails the admin's ledger calls set off --------------------------------------------------


# --- Counts ----------------------------------------------------------------------------------

COUNTED_STATES = [
    Status.CONFIRMED,
    Status.OFFERED,
    Status.WAITING,
    Status.CANCELLED,
    Status.DECLINED,
    Status.EXPIRED,
]


@dataclass
class CountRow:
    label: str
    counts: dict[str, int]
    attended: int
    capacity: int | None
    ticket_type: TicketType | None = None

    @property
    def holding_seats(self) -> int:
        return sum(self.counts.get(state, 0) for state in Registration.HOLDS_SEAT)

    @property
    def own_seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.holding_seats, 0)

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(state, 0) for state in COUNTED_STATES]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def conference_counts(conference: ConferencePage) -> tuple[list[CountRow], CountRow]:
    """Registrations per ticket type and state, and attendance, in one aggregate query."""
    aggregates = {state.value: Count("pk", filter=Q(status=state)) for state in COUNTED_STATES}
    per_type = {
        row["ticket_type_id"]: row
        for row in Registration.objects.filter(conference=conference)
        .values("ticket_type_id")
        .annotate(attended=Count("pk", filter=Q(attended_at__isnull=False)), **aggregates)
        .order_by()
    }
    rows = []
    for ticket_type in conference.ticket_types.all():
        found = per_type.get(ticket_type.pk, {})
        rows.append(
            CountRow(
                label=ticket_type.name,
                counts={state.value: found.get(state.value, 0) for state in COUNTED_STATES},
                attended=found.get("attended", 0),
                capacity=ticket_type.capacity,
                ticket_type=ticket_type,
            )
        )
    total = CountRow(
        label="Alle billettyper",
        counts={state.value: sum(row.counts[state.value] for row in rows) for state in COUNTED_STATES},
        attended=sum(row.attended for row in rows),
        capacity=conference.overall_capacity,
    )
    return rows, total


def seats_left(row: CountRow, total: CountRow) -> int | None:
    """A ticket type's free seats under its own limit and the overall one (None: no limit)."""
    own, overall = row.own_seats_left, total.own_seats_left
    if own is None:
        return overall
    return own if overall is None else min(own, overall)


# --- Shared view parts -----------------------------------------------------------------------


class ConferenceMixin:
    """Views under one conference (`conference_id` in the URL)."""

    @property
    def conference(self) -> ConferencePage:
        if not hasattr(self, "_conference"):
            self._conference = get_object_or_404(ConferencePage, pk=self.kwargs["conference_id"])
        return self._conference

    def conference_breadcrumbs(self) -> list[dict]:
        return [
            {"url": reverse("conference_admin:conferences"), "label": "Påmeldinger"},
            {"url": reverse("conference_admin:overview", args=[self.conference.pk]), "label": self.conference.title},
        ]


class AdminPage(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin):
    permission_required = VIEW
    header_icon = "group"


# --- Conferences and their overview ----------------------------------------------------------


class ConferenceListView(AdminPage, ListView):
    """Every conference, the latest first, with its registrations held and waiting."""

    page_title = "Påmeldinger"
    template_name = "conference/admin/conference_list.html"
    context_object_name = "conferences"
    paginate_by = 50

    def get_queryset(self):
        return ConferencePage.objects.annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
        ).order_by("-starts_at")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]


class OverviewView(AdminPage, ConferenceMixin, TemplateView):
    template_name = "conference/admin/overview.html"

    def get_page_title(self):
        return f"Påmeldinger: {self.conference.title}"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), *self.conference_breadcrumbs()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, total = conference_counts(self.conference)
        list_url = reverse("conference_admin:registrations", args=[self.conference.pk])
        context.update(
            conference=self.conference,
            states=[(state.value, state.label) for state in COUNTED_STATES],
            rows=[
                {
                    "row": row,
                    "seats_left": seats_left(row, total),
                    "links": [
                        (count, f"{list_url}?ticket_type={row.ticket_type.pk}&status={state.value}")
                        for count, state in zip(row.cells, COUNTED_STATES, strict=True)
                    ],
                    "attended_url": f"{list_url}?ticket_type={row.ticket_type.pk}&attended=ja",
                }
                for row in rows
            ],
            total=total,
            total_links=[
                (count, f"{list_url}?status={state.value}")
                for count, state in zip(total.cells, COUNTED_STATES, strict=True)
            ],
            list_url=list_url,
            can_add=self.request.user.has_perm(ADD),
            can_change=self.request.user.has_perm(CHANGE),
            registration_open=self.conference.registration_is_open(),
        )
        return context


# --- The registration list -------------------------------------------------------------------


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label="Søk", required=False, help_text="Navn, e-post eller arbeidssted")
    ticket_type = forms.ModelChoiceField(label="Billettype", queryset=TicketType.objects.none(), required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "Alle"), *Status.choices], required=False)
    attended = forms.ChoiceField(
        label="Møtt", choices=[("", "Alle"), ("ja", "Møtt"), ("nei", "Ikke møtt")], required=False
    )
    municipality = forms.ModelChoiceField(label="Kommune", queryset=Municipality.objects.none(), required=False)

    def __init__(self, *args, conference: ConferencePage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = conference.ticket_types.all()
        # Only the municipalities someone registered from: the full register has hundreds.
        in_use = Registration.objects.filter(conference=conference).values("municipality")
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=in_use).order_by("name")

    def filter(self, queryset: QuerySet[Registration]) -> QuerySet[Registration]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"].strip():
            term = data["q"].strip()
            queryset = queryset.filter(
                Q(name__icontains=term) | Q(email__icontains=term) | Q(organisation__icontains=term)
            )
        if data["ticket_type"]:
            queryset = queryset.filter(ticket_type=data["ticket_type"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["attended"]:
            queryset = queryset.filter(attended_at__isnull=data["attended"] == "nei")
        if data["municipality"]:
            queryset = queryset.filter(municipality=data["municipality"])
        return queryset


def filtered_registrations(request, conference: ConferencePage) -> tuple[RegistrationFilterForm, QuerySet]:
    form = RegistrationFilterForm(request.GET or None, conference=conference)
    queryset = Registration.objects.filter(conference=conference).select_related("ticket_type", "municipality")
    return form, form.filter(queryset).order_by("created_at", "pk")


class RegistrationListView(AdminPage, ConferenceMixin, ListView):
    template_name = "conference/admin/registration_list.html"
    context_object_name = "registrations"
    paginate_by = 50

    def get_page_title(self):
        return f"Påmeldte: {self.conference.title}"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), *self.conference_breadcrumbs(), {"url": "", "label": "Påmeldte"}]

    def get_queryset(self):
        self.filter_form, queryset = filtered_registrations(self.request, self.conference)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            conference=self.conference,
            filter_form=self.filter_form,
            query_string=query.urlencode(),
            can_change=self.request.user.has_perm(CHANGE),
            can_add=self.request.user.has_perm(ADD),
            next_url=self.request.get_full_path(),
        )
        return context


# --- One registration ------------------------------------------------------------------------


class MoveForm(forms.Form):
    ticket_type = forms.ModelChoiceField(label="Ny billettype", queryset=TicketType.objects.none())

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = registration.conference.ticket_types.exclude(
            pk=registration.ticket_type_id
        )


class RegistrationDetailView(AdminPage, DetailView):
    template_name = "conference/admin/registration_detail.html"
    context_object_name = "registration"

    def get_queryset(self):
        return Registration.objects.select_related("conference", "ticket_type", "municipality", "consent_text")

    def get_page_title(self):
        return self.object.name or "Påmelding"

    def get_breadcrumbs_items(self):
        conference = self.object.conference
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("conference_admin:conferences"), "label": "Påmeldinger"},
            {"url": reverse("conference_admin:overview", args=[conference.pk]), "label": conference.title},
            {"url": reverse("conference_admin:registrations", args=[conference.pk]), "label": "Påmeldte"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.object
        can_change = self.request.user.has_perm(CHANGE)
        context.update(
            answers=registration.answers.select_related("question").order_by("question__sort_order", "pk"),
            # Sensitive answers are health data: shown only to those who may change registrations.
            show_sensitive=can_change,
            can_change=can_change,
            move_form=MoveForm(registration=registration) if registration.status == Status.CONFIRMED else None,
            is_active=registration.status in Registration.ACTIVE,
            can_check_in=registration.status == Status.CONFIRMED,
        )
        return context


def registration_url(registration: Registration) -> str:
    return reverse("conference_admin:registration", args=[registration.pk])


def safe_next(request, fallback: str) -> str:
    """Back to the admin page the button was on, never to another site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


class CancelView(NorwegianMixin, PermissionRequiredMixin, View):
    permission_required = CHANGE

    def post(self, request, pk: int):
        registration = get_object_or_404(Registration, pk=pk)
        if registration.status not in Registration.ACTIVE:
            messages.error(request, f"Påmeldingen er allerede «{registration.get_status_display()}».")
            return redirect(registration_url(registration))
        with transaction.atomic():
            changes = ledger.cancel(registration.pk)
            mail_offers(changes)
        text = f"{registration.name} er meldt av."
        if changes.offered:
            text += f" Plassen er tilbudt {len(changes.offered)} på ventelisten."
        messages.success(request, text)
        return redirect(safe_next(request, registration_url(registration)))


class MoveView(NorwegianMixin, PermissionRequiredMixin, View):
    permission_required = CHANGE

    def post(self, request, pk: int):
        registration = get_object_or_404(Registration.objects.select_related("conference"), pk=pk)
        form = MoveForm(request.POST, registration=registration)
        if not form.is_valid():
            messages.error(request, "Velg en annen billettype for samme konferanse.")
            return redirect(registration_url(registration))
        new = form.cleaned_data["ticket_type"]
        try:
            with transaction.atomic():
                changes = ledger.move(registration.pk, new.pk)
                mail_offers(changes)
        except ledger.SeatUnavailable:
            messages.error(
                request,
                f"Kunne ikke flytte til «{new.name}»: det er ingen ledig plass der, eller noen står på ventelisten. "
                "Bare påmeldte med plass kan flyttes.",
            )
            return redirect(registration_url(registration))
        except TicketType.DoesNotExist:
            raise Http404 from None
        # A fresh confirmation: the calendar file's location and sequence have changed.
        mail_after_commit(registration.pk, Notice.CONFIRMED)
        messages.success(request, f"{registration.name} er flyttet til «{new.name}» og får en ny bekreftelse.")
        return redirect(registration_url(registration))


class AttendanceView(NorwegianMixin, PermissionRequiredMixin, View):
    """The check-in toggle in the list: mark attended, or undo a mistaken mark."""

    permission_required = CHANGE

    def post(self, request, pk: int):
        registration = get_object_or_404(Registration, pk=pk)
        if request.POST.get("attended") == "nei":
            unmark_attended(registration)
            messages.success(request, f"Oppmøtet for {registration.name} er fjernet.")
        elif mark_attended(registration):
            messages.success(request, f"{registration.name} er registrert som møtt.")
        else:
            messages.error(
                request,
                f"{registration.name} har status «{registration.get_status_display()}» og kan ikke sjekkes inn.",
            )
        return redirect(safe_next(request, registration_url(registration)))


# --- Manual add ------------------------------------------------------------------------------


class AddRegistrationForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=200)
    email = forms.CharField(label="E-postadresse", max_length=254)
    organisation = forms.CharField(label="Arbeidssted", max_length=200, required=False)
    role = forms.ChoiceField(label="Rolle", choices=[("", "Ikke oppgitt"), *Role.choices], required=False)
    municipality = forms.ModelChoiceField(
        label="Kommune", queryset=Municipality.objects.filter(valid_to__isnull=True).order_by("name"), required=False
    )
    language = forms.ChoiceField(label="Språk", choices=[("nb", "Bokmål"), ("nn", "Nynorsk")], initial="nb")
    ticket_type = forms.ModelChoiceField(label="Billettype", queryset=TicketType.objects.none())
    send_mail = forms.BooleanField(
        label="Send bekreftelse på e-post",
        required=False,
        initial=True,
        help_text="Med lenken der personen selv kan se, endre og melde seg av (og QR-koden for innsjekking).",
    )

    def __init__(self, *args, conference: ConferencePage, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["ticket_type"].queryset = conference.ticket_types.all()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        refuse_header_injection(name)  # the name reaches the greeting and may reach a header
        return name

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"].strip()
        refuse_header_injection(organisation)
        return organisation

    def clean_email(self):
        value = clean_email(self.cleaned_data["email"])
        active = Registration.objects.filter(
            conference=self.conference, email_hash=email_hash(value), status__in=Registration.ACTIVE
        )
        if active.exists():
            raise forms.ValidationError("Adressen er allerede påmeldt denne konferansen.")
        return value


class AddRegistrationView(AdminPage, ConferenceMixin, FormView):
    """A registration added by an organiser: the same ledger and rules as the public form."""

    permission_required = ADD
    template_name = "conference/admin/registration_add.html"
    form_class = AddRegistrationForm
    header_icon = "plus"

    def get_page_title(self):
        return f"Legg til påmelding: {self.conference.title}"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), *self.conference_breadcrumbs(), {"url": "", "label": "Legg til"}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "conference": self.conference}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "conference": self.conference,
            "registration_open": self.conference.registration_is_open(),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            registration = ledger.register(
                self.conference,
                data["ticket_type"].pk,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
                municipality=data["municipality"],
                language=data["language"],
                enforce_window=False,  # an organiser may add someone before it opens or after it closes
            )
        except IntegrityError:
            form.add_error("email", "Adressen er allerede påmeldt denne konferansen.")
            return self.form_invalid(form)
        confirmed = registration.status == Status.CONFIRMED
        if data["send_mail"]:
            mail_after_commit(registration.pk, Notice.CONFIRMED if confirmed else Notice.WAITING)
        if confirmed:
            messages.success(self.request, f"{registration.name} er påmeldt «{registration.ticket_type.name}».")
        else:
            messages.warning(
                self.request, f"«{registration.ticket_type.name}» er full: {registration.name} står på ventelisten."
            )
        return redirect(registration_url(registration))


# --- Exports ---------------------------------------------------------------------------------
# Sensitive answers (diet, accessibility) are health data (GDPR art. 9): they are never in the
# ordinary export, only in a separate one for those who may change registrations, and they are
# deleted by retention.py soon after the conference.

BASE_HEADERS = (
    "Navn",
    "E-post",
    "Arbeidssted",
    "Rolle",
    "Kommune",
    "Billettype",
    "Status",
    "Registrert",
    "Møtt",
)
SENSITIVE_BASE_HEADERS = ("Navn", "E-post", "Billettype", "Status")


def export_rows(
    registrations: QuerySet[Registration], questions: list[Question], *, sensitive: bool
) -> Iterator[tuple]:
    """One row per registration with one cell per question, in three queries."""
    registrations = registrations.select_related("ticket_type", "municipality").prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.filter(sensitive=sensitive).only("registration_id", "question_id", "value"),
        )
    )
    roles = dict(Role.choices)
    for registration in registrations.iterator(chunk_size=1000):
        answers = {answer.question_id: answer.display_value for answer in registration.answers.all()}
        if sensitive:
            base = (
                registration.name,
                registration.email,
                registration.ticket_type.name,
                registration.get_status_display(),
            )
        else:
            base = (
                registration.name,
                registration.email,
                registration.organisation,
                str(roles.get(registration.role, registration.role)),
                registration.municipality.name if registration.municipality else "",
                registration.ticket_type.name,
                registration.get_status_display(),
                registration.created_at,
                registration.attended_at,
            )
        yield (*base, *(answers.get(question.pk, "") for question in questions))


def export_response(
    conference: ConferencePage, registrations: QuerySet[Registration], file_format: str, *, sensitive: bool
) -> HttpResponse:
    questions = [question for question in conference.questions.all() if question.sensitive == sensitive]
    headers = (*(SENSITIVE_BASE_HEADERS if sensitive else BASE_HEADERS), *(question.label for question in questions))
    rows = export_rows(registrations, questions, sensitive=sensitive)
    if file_format == "xlsx":
        body, content_type = write_xlsx(rows, headers, title="Påmeldte"), XLSX_CONTENT_TYPE
    else:
        body, content_type = write_csv(rows, headers), CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    name = f"pameldte-{conference.slug}{'-sensitivt' if sensitive else ''}-{timezone.localdate().isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["Cache-Control"] = "private, no-store"  # personal data: for no cache on the way
    return response


class ExportView(NorwegianMixin, PermissionRequiredMixin, ConferenceMixin, View):
    """The registrations as filtered in the list, as CSV or XLSX; `sensitive` only for those who may change."""

    permission_required = VIEW
    sensitive = False

    def get(self, request, conference_id: int, file_format: str):
        if file_format not in FORMATS:
            raise Http404
        if self.sensitive and not request.user.has_perm(CHANGE):
            raise PermissionDenied
        _form, registrations = filtered_registrations(request, self.conference)
        return export_response(self.conference, registrations, file_format, sensitive=self.sensitive)


# --- Message to registrants ------------------------------------------------------------------


class MessageForm(forms.Form):
    ticket_type = forms.ModelChoiceField(label="Billettype", queryset=TicketType.objects.none())
    statuses = forms.MultipleChoiceField(
        label="Til påmeldte med status",
        choices=Status.choices,
        initial=[Status.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label="Emne", max_length=150)
    body = forms.CharField(
        label="Tekst",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Ren tekst. Hver mottaker får sin egen e-post med «Hei» og navnet sitt først.",
    )
    confirm = forms.BooleanField(label="Jeg vil sende meldingen til alle som er valgt.")

    def __init__(self, *args, conference: ConferencePage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = conference.ticket_types.all()

    def clean_subject(self):
        subject = self.cleaned_data["subject"].strip()
        refuse_header_injection(subject)
        return subject


def message_recipients(ticket_type_id: int, statuses: list[str]) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(ticket_type_id=ticket_type_id, status__in=statuses, personal_data_purged_at=None)
        .exclude(email="")
        .order_by("pk")
    )


class MessageView(AdminPage, ConferenceMixin, FormView):
    permission_required = CHANGE
    template_name = "conference/admin/message.html"
    form_class = MessageForm
    header_icon = "mail"

    def get_page_title(self):
        return f"Melding til påmeldte: {self.conference.title}"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), *self.conference_breadcrumbs(), {"url": "", "label": "Melding"}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "conference": self.conference}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "conference": self.conference}

    def form_valid(self, form):
        data = form.cleaned_data
        count = message_recipients(data["ticket_type"].pk, data["statuses"]).count()
        if not count:
            form.add_error(None, "Ingen påmeldte har den billettypen og statusen.")
            return self.form_invalid(form)
        send_registrant_message_task.enqueue(
            self.conference.pk, data["ticket_type"].pk, list(data["statuses"]), data["subject"], data["body"]
        )
        messages.success(self.request, f"Meldingen sendes til {count} påmeldte.")
        return redirect("conference_admin:overview", self.conference.pk)


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
    recipients = message_recipients(ticket_type_id, statuses).filter(conference=conference).only("name", "email")
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
