"""The organisers' side of the conference in the Wagtail admin: counts per ticket type and
state, the registration list with filters and search, manual add, cancel and move through
the ledger, the attendance toggle, exports, a message to the registrants of a ticket type, and
the check-in page that staff open from the QR code at the door.

Every change of seats goes through conference.ledger, so the admin never counts and inserts
on its own; the offers a change creates are mailed once its transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin.helpers import NorwegianMixin
from core.people import Role
from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx

from .. import ledger
from ..models import Answer, ConferencePage, Question, Registration, TicketType
from ..notices import RegistrationMail
from ..registrations import mark_attended, unmark_attended
from ..seats import free_seats
from ..tasks import mail_offers, queue_registration_mail, send_registrant_message_task
from ..tokens import find_check_in
from .forms import AddRegistrationForm, MessageForm, MoveForm, RegistrationFilterForm

Status = Registration.Status

VIEW = "conference.view_registration"
ADD = "conference.add_registration"
CHANGE = "conference.change_registration"
# Dietary and accessibility answers are health data: a permission of their own, held by no group.
SENSITIVE = "conference.view_sensitive_answers"
FORMATS = ("csv", "xlsx")


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
        """Free seats under this row's own capacity (the overall one, for the total row)."""
        return free_seats(self.capacity, self.holding_seats)

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
    return free_seats(row.capacity, row.holding_seats, total.capacity, total.holding_seats)


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
            can_see_sensitive=self.request.user.has_perm(SENSITIVE),
            registration_open=self.conference.registration_is_open(),
        )
        return context


# --- The registration list -------------------------------------------------------------------


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
            show_sensitive=self.request.user.has_perm(SENSITIVE),
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
        queue_registration_mail(registration.pk, RegistrationMail.CONFIRMED)
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
            queue_registration_mail(
                registration.pk, RegistrationMail.CONFIRMED if confirmed else RegistrationMail.WAITING
            )
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
    """The registrations as filtered in the list, as CSV or XLSX; `sensitive` only with its own permission."""

    permission_required = VIEW
    sensitive = False

    def get(self, request, conference_id: int, file_format: str):
        if file_format not in FORMATS:
            raise Http404
        if self.sensitive and not request.user.has_perm(SENSITIVE):
            raise PermissionDenied
        _form, registrations = filtered_registrations(request, self.conference)
        return export_response(self.conference, registrations, file_format, sensitive=self.sensitive)


# --- Message to registrants ------------------------------------------------------------------


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
        count = Registration.objects.message_recipients(data["ticket_type"].pk, data["statuses"]).count()
        if not count:
            form.add_error(None, "Ingen påmeldte har den billettypen og statusen.")
            return self.form_invalid(form)
        send_registrant_message_task.enqueue(
            self.conference.pk, data["ticket_type"].pk, list(data["statuses"]), data["subject"], data["body"]
        )
        messages.success(self.request, f"Meldingen sendes til {count} påmeldte.")
        return redirect("conference_admin:overview", self.conference.pk)


# --- Check-in at the door --------------------------------------------------------------------
# The QR code in a confirmation opens this page on a staff phone (at /konferanse-innsjekk/<token>/,
# config/urls.py). The code carries a random token whose SHA-256 is stored in CheckInToken
# (tokens.py). The page is for staff only; anyone else is sent to the admin login, so a
# registrant who scans their own code learns nothing and changes nothing. Only a confirmed
# registration can be checked in, and checking in twice keeps the first time.


class CheckInView(NorwegianMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "conference/admin/check_in.html"
    page_title = "Innsjekking"
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            login = reverse("wagtailadmin_login")
            return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        if not request.user.has_perm(CHANGE):
            return HttpResponseForbidden("Bare arrangører kan sjekke inn deltakere.")
        return super().dispatch(request, *args, **kwargs)

    def get_registration(self) -> Registration:
        registration = find_check_in(self.kwargs["token"])  # by the token's SHA-256 (tokens.py)
        if registration is None:
            raise Http404
        return registration

    def get_context_data(self, **kwargs):
        registration = self.get_registration()
        return {
            **super().get_context_data(**kwargs),
            "registration": registration,
            "can_check_in": registration.status == Status.CONFIRMED,
        }

    def post(self, request, token: str):
        registration = self.get_registration()
        was_attended = registration.attended_at is not None
        if mark_attended(registration):
            text = "Oppmøtet var allerede registrert." if was_attended else "Oppmøtet er registrert."
            messages.success(request, f"{registration.name}: {text}")
        else:
            messages.error(
                request,
                f"{registration.name} har status «{registration.get_status_display()}» og kan ikke sjekkes inn.",
            )
        return redirect(request.path)


check_in_view = CheckInView.as_view()
