"""Public views: the registration form, the manage page behind the secret link, offers, "resend my link".

They are thin: a form, one call into `registrations`, a template. The answers to the
public forms never tell whether an address is registered. Pages reached by a secret link
are never cached or indexed and send no referrer (core.secret_links.private). A GET never
changes anything: mail scanners fetch every link in a mail.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import PageViewRestriction

from core import antispam, ratelimit
from core.compiled_queries import CompiledPkLookup
from core.mail.headers import from_header
from core.mail.notices import organisation_name
from core.public_forms import SEND_AGAIN, from_own_site, public_form
from core.secret_links import private
from core.site_address import absolute

from . import ledger, registrations
from .calendar import registration_calendar
from .forms import AnswersForm, RegistrationForm, ResendLinkForm, TicketTypeForm
from .models import ConferencePage, Registration, RegistrationConsentText
from .tokens import find_registration

FORM = "conference"
LANGUAGES = ("nb", "nn")
HOUR = 60 * 60
# What the manage page just did, as the query string of the page it redirects to.
CHANGE_NOTICES = ("lagret", "flyttet", "avmeldt", "akseptert", "takket-nei")


def _language(request: HttpRequest, conference: ConferencePage | None = None) -> str:
    """Nynorsk when the form or address asks for it or the conference page is in nynorsk; else bokmål."""
    requested = request.POST.get("lang") if request.method == "POST" else request.GET.get("lang")
    if requested in LANGUAGES:
        return requested
    return conference.language if conference is not None and conference.language in LANGUAGES else "nb"


def _render(request: HttpRequest, template: str, context: dict, language: str, status: int = 200) -> HttpResponse:
    with translation.override(language):
        response = render(request, template, {**context, "page_language": language}, status=status)
    response["Content-Language"] = language
    return response


def _with_language(url: str, language: str) -> str:
    return f"{url}?lang=nn" if language == "nn" else url


def invalid_link(request: HttpRequest) -> HttpResponse:
    """Wrong, expired and purged links all get this page, so none can be told apart."""
    return _render(request, "conference/invalid_link.html", {}, _language(request), status=404)


def _ip_allowed(request: HttpRequest) -> bool:
    key = f"conference:forms:{ratelimit.client_ip(request)}"
    return ratelimit.allow(key, settings.CONFERENCE_REGISTRATIONS_PER_IP_PER_HOUR, HOUR)


def _check_bots(request: HttpRequest) -> antispam.Verdict:
    return antispam.check(request.POST, FORM, min_seconds=settings.CONFERENCE_FORM_MIN_SECONDS)


STALE_MESSAGE = "The form was open for too long. Check your answers and send it again."


def _validate(request: HttpRequest, form, verdict: antispam.Verdict) -> bool:
    """Whether the form may be acted on. Besides its own errors: too old a stamp, or a post
    that nothing shows came from our own pages (core.public_forms), which the person then
    sends again from the form shown with their answers."""
    valid = form.is_valid()
    if verdict is antispam.Verdict.STALE:
        form.add_error(None, gettext(STALE_MESSAGE))
        return False
    if valid and not from_own_site(request):
        form.add_error(None, gettext(SEND_AGAIN))
        return False
    return valid


# --- Registering ------------------------------------------------------------------------------


# What a registration that succeeds reads of its conference page (the rest of the page's
# sixty-odd columns cost more CPU to fetch than the whole ledger transaction).
POST_FIELDS = ("language", "registration_opens_at", "registration_closes_at", "ends_at", "overall_capacity")


@cache
def _public_conferences(fields: tuple[str, ...]) -> CompiledPkLookup[ConferencePage]:
    """Compiled once per process and set of fields: building this query took Django longer
    than PostgreSQL takes to run it, on every post of a registration rush."""
    restricted = PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    queryset = ConferencePage.objects.live().filter(~Exists(restricted))
    return CompiledPkLookup(queryset.only(*fields) if fields else queryset)


def _conference(conference_id: int, fields: tuple[str, ...] = ()) -> ConferencePage:
    """A live conference page outside any private section, in one query (Wagtail's
    `public()` reads every view restriction first, a second round trip on each post);
    only `fields` when given (any other is then read when first used, one query each)."""
    try:
        return _public_conferences(fields).get(conference_id)
    except ConferencePage.DoesNotExist:
        raise Http404 from None


def _closed(request: HttpRequest, conference: ConferencePage, language: str) -> HttpResponse:
    context = {"conference": conference, "state": conference.state()}
    return _render(request, "conference/closed.html", context, language)


def _register_context(conference: ConferencePage, form: RegistrationForm, language: str, sent=None) -> dict:
    consent = RegistrationConsentText.current()  # shown, and its version sent back with the form
    return {
        "conference": conference,
        "form": form,
        "consent_text": consent.text_in(language) if consent else "",
        "consent_version": consent.version if consent else "",
        **antispam.context(FORM, sent=sent),
    }


@public_form
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, conference_id: int) -> HttpResponse:
    if request.method == "POST":
        return _register_post(request, conference_id)
    conference = _conference(conference_id)
    language = _language(request, conference)
    if not conference.registration_is_open():
        return _closed(request, conference, language)
    with translation.override(language):
        form = RegistrationForm(conference=conference)
    return _render(request, "conference/register.html", _register_context(conference, form, language), language)


def _register_post(request: HttpRequest, conference_id: int) -> HttpResponse:
    """A registration: the abuse limits, the bot traps, the form, then the ledger. Every answer
    but the redirect shows the page, and loads the whole conference page for it."""
    conference = _conference(conference_id, POST_FIELDS)
    language = _language(request, conference)
    if not conference.registration_is_open():
        return _closed(request, _conference(conference_id), language)
    thanks = _with_language(reverse("conference:thanks", args=[conference.pk]), language)
    if not _ip_allowed(request):
        return _render(request, "conference/rate_limited.html", {}, language, status=429)
    verdict = _check_bots(request)
    if verdict is antispam.Verdict.BOT:
        return redirect(thanks)  # the answer a person gets; nothing is stored or sent
    with translation.override(language):
        form = RegistrationForm(request.POST, conference=conference)
        valid = _validate(request, form, verdict)
    if not valid:
        form.conference = conference = _conference(conference_id)
        context = _register_context(conference, form, language, request.POST)
        return _render(request, "conference/register.html", context, language)

    data = form.cleaned_data
    try:
        registrations.register(
            registrations.RegistrationRequest(
                conference=conference,
                ticket_type_id=data["ticket_type"],
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
                municipality_id=data["municipality"],
                language=language,
                consent_text=data["consent_version"],
                answers=form.answers(),
            )
        )
    except ledger.RegistrationClosed:
        return _closed(request, _conference(conference_id), language)
    return redirect(thanks)


@require_safe
def thanks(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _conference(conference_id)
    return _render(request, "conference/thanks.html", {"conference": conference}, _language(request, conference))


# --- The manage page ---------------------------------------------------------------------------


def _registration_or_none(token: str) -> Registration | None:
    return find_registration(token)


def _is_editable(registration: Registration) -> bool:
    return registration.status in Registration.ACTIVE and timezone.now() < registration.conference.ends_at


def _manage_context(registration: Registration, token: str, **extra) -> dict:
    conference = registration.conference
    editable = _is_editable(registration)
    can_move = editable and registration.status == Registration.Status.CONFIRMED
    answers_form = extra.pop("answers_form", None)
    ticket_form = extra.pop("ticket_form", None)
    if editable and answers_form is None:
        answers_form = AnswersForm(registration=registration)
    if can_move and ticket_form is None:
        ticket_form = TicketTypeForm(registration=registration)
    return {
        "registration": registration,
        "conference": conference,
        "answers": list(registration.answers.order_by("question__sort_order", "pk")),
        "editable": editable,
        "answers_form": answers_form,
        "ticket_form": ticket_form if can_move and ticket_form.others else None,
        "token": token,
        "manage_url": reverse("conference:manage", args=[token]),
        "cancel_url": reverse("conference:cancel", args=[token]),
        "offer_url": reverse("conference:offer", args=[token]),
        "calendar_url": reverse("conference:calendar", args=[token])
        if registration.status == Registration.Status.CONFIRMED
        else "",
        "register_again_url": reverse("conference:register", args=[conference.pk])
        if registration.status not in Registration.ACTIVE and conference.registration_is_open()
        else "",
        **extra,
    }


def _save_answers(request, registration: Registration, token: str, here: str) -> HttpResponse | AnswersForm:
    with translation.override(registration.language):
        form = AnswersForm(request.POST, registration=registration)
        valid = form.is_valid()
    if not valid:
        return form
    data = form.cleaned_data
    registrations.update_profile(
        registration,
        registrations.ProfileChange(
            name=data["name"],
            organisation=data["organisation"],
            role=data["role"],
            municipality_id=data["municipality"],
            answers=form.answers(),
        ),
    )
    return redirect(f"{here}?endret=lagret")


def _move(request, registration: Registration, here: str) -> HttpResponse | TicketTypeForm:
    with translation.override(registration.language):
        form = TicketTypeForm(request.POST, registration=registration)
        if not form.is_valid():
            return form
        try:
            registrations.change_ticket_type(registration, form.cleaned_data["ticket_type"])
        except ledger.SeatUnavailable:
            form.add_error(
                "ticket_type",
                gettext("There is no free seat there now. Your registration is unchanged."),
            )
            return form
    return redirect(f"{here}?endret=flyttet")


@private
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_none(token)
    if registration is None:
        return invalid_link(request)
    here = reverse("conference:manage", args=[token])
    extra: dict = {}
    if request.method == "POST":
        if not _is_editable(registration):
            return redirect(here)
        action = request.POST.get("action")
        if action == "answers":
            result = _save_answers(request, registration, token, here)
            if isinstance(result, HttpResponse):
                return result
            extra["answers_form"] = result
        elif action == "ticket_type" and registration.status == Registration.Status.CONFIRMED:
            result = _move(request, registration, here)
            if isinstance(result, HttpResponse):
                return result
            extra["ticket_form"] = result
        else:
            return redirect(here)
    changed = request.GET.get("endret", "") if request.method != "POST" else ""
    extra["changed"] = changed if changed in CHANGE_NOTICES else ""
    return _render(
        request, "conference/manage.html", _manage_context(registration, token, **extra), registration.language
    )


@private
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to make sure; POST cancels and frees the seat for the next in line."""
    registration = _registration_or_none(token)
    if registration is None:
        return invalid_link(request)
    here = reverse("conference:manage", args=[token])
    if not _is_editable(registration):
        return redirect(here)
    if request.method == "POST":
        registrations.cancel(registration)
        return redirect(f"{here}?endret=avmeldt")
    context = {"registration": registration, "conference": registration.conference, "manage_url": here}
    return _render(request, "conference/cancel.html", context, registration.language)


@private
@require_safe
def calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_none(token)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        raise Http404
    with translation.override(registration.language):
        ics = registration_calendar(
            registration,
            manage_url=absolute(reverse("conference:manage", args=[token])),
            organiser=from_header(),
            intro=gettext("See, change or cancel your registration:"),
        )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fastlegekonferansen.ics"'
    return response


# --- Offers ------------------------------------------------------------------------------------


@private
@require_http_methods(["GET", "HEAD", "POST"])
def offer(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the offer with two buttons; only a POST accepts or declines."""
    registration = _registration_or_none(token)
    if registration is None:
        return invalid_link(request)
    here = reverse("conference:manage", args=[token])
    lapsed = False
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "accept":
            if registrations.accept_offer(registration):
                return redirect(f"{here}?endret=akseptert")
            lapsed = True
            registration.refresh_from_db()
        elif action == "decline":
            registrations.decline_offer(registration)
            return redirect(f"{here}?endret=takket-nei")
    is_open = (
        registration.status == Registration.Status.OFFERED
        and registration.offer_expires_at is not None
        and registration.offer_expires_at > timezone.now()
    )
    context = {
        "registration": registration,
        "conference": registration.conference,
        "offer_open": is_open,
        "lapsed": lapsed,
        "manage_url": here,
    }
    return _render(request, "conference/offer.html", context, registration.language, status=409 if lapsed else 200)


# --- Resending the link ------------------------------------------------------------------------


@public_form
@require_http_methods(["GET", "HEAD", "POST"])
def resend_link(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    done = _with_language(reverse("conference:resend_link_done"), language)
    if request.method != "POST":
        with translation.override(language):
            form = ResendLinkForm()
        return _render(request, "conference/resend_link.html", {"form": form, **antispam.context(FORM)}, language)
    if not _ip_allowed(request):
        return _render(request, "conference/rate_limited.html", {}, language, status=429)
    verdict = _check_bots(request)
    if verdict is antispam.Verdict.BOT:
        return redirect(done)
    with translation.override(language):
        form = ResendLinkForm(request.POST)
        valid = _validate(request, form, verdict)
    if not valid:
        context = {"form": form, **antispam.context(FORM, sent=request.POST)}
        return _render(request, "conference/resend_link.html", context, language)
    registrations.resend_links(form.cleaned_data["email"])
    return redirect(done)


@require_safe
def resend_link_done(request: HttpRequest) -> HttpResponse:
    return _render(
        request, "conference/resend_link_done.html", {"organisation": organisation_name()}, _language(request)
    )
