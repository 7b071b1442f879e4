"""Public views: sign-up, confirmation, the preference centre and one-click unsubscribe.

They are thin: a form, one call into `subscriptions`, a template. Pages reached by a
secret link are never cached or indexed, and send no referrer, so the link does not
leak to another site.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core import antispam as core_antispam
from core import ratelimit
from core.public_forms import SEND_AGAIN, from_own_site, public_form
from core.secret_links import private

from . import antispam, subscriptions
from .forms import PreferencesForm, SignupForm
from .models import AccessToken, ConsentText, MailLanguage, Status, Subscriber
from .tokens import find_token, issue_token

PAGE_LANGUAGES = {MailLanguage.BOKMAL, MailLanguage.NYNORSK}
HOUR = 60 * 60
# What the preference centre just did, as the query string of the page it redirects to.
CHANGE_NOTICES = {"saved": "lagret", "unsubscribed": "avmeldt", "resubscribed": "pameldt"}


def page_language(request: HttpRequest) -> str:
    """Bokmål unless the form or the address asks for nynorsk."""
    requested = request.POST.get("lang") if request.method == "POST" else request.GET.get("lang")
    return str(requested) if requested in PAGE_LANGUAGES else MailLanguage.BOKMAL.value


def _render(request: HttpRequest, template: str, context: dict, language: str, status: int = 200) -> HttpResponse:
    with translation.override(language):
        response = render(request, template, {**context, "page_language": language}, status=status)
    response["Content-Language"] = str(language)  # a TextChoices member is not a plain str to WSGI
    return response


def invalid_link(request: HttpRequest, language: str = MailLanguage.BOKMAL) -> HttpResponse:
    """Expired, used and unknown links all get this page, so none can be told apart."""
    return _render(request, "newsletter/invalid_link.html", {}, language, status=404)


def _manage_token(raw: str) -> AccessToken | None:
    return find_token(raw, AccessToken.Purpose.MANAGE)


# --- Signing up ----------------------------------------------------------------------------


def _done_url(language: str) -> str:
    url = reverse("newsletter:signup_done")
    return f"{url}?lang=nn" if language == MailLanguage.NYNORSK else url


def _signup_context(form: SignupForm, language: str, sent=None) -> dict:
    consent_text = ConsentText.current()
    return {
        "form": form,
        "consent_text": consent_text.text_in(language) if consent_text else "",
        **core_antispam.context(antispam.FORM, sent=sent),
    }


@public_form
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The sign-up page, and where every sign-up form posts, the token-less block on cached
    pages included (core/public_forms.py)."""
    language = page_language(request)
    if request.method != "POST":
        with translation.override(language):
            form = SignupForm(page_language=language)
        return _render(request, "newsletter/signup.html", _signup_context(form, language), language)

    ip_key = f"newsletter:signups:{ratelimit.client_ip(request)}"
    if not ratelimit.allow(ip_key, settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR, HOUR):
        return _render(request, "newsletter/rate_limited.html", {}, language, status=429)

    verdict = antispam.check(request.POST)
    if verdict is antispam.Verdict.BOT:
        return redirect(_done_url(language))  # the same answer a person gets; nothing is stored or sent
    with translation.override(language):
        form = SignupForm(request.POST, page_language=language)
        valid = form.is_valid()
        if verdict is antispam.Verdict.STALE:
            form.add_error(None, gettext("The form was open for too long. Check your answers and send it again."))
            valid = False
        elif valid and not from_own_site(request):
            # Nothing tells where the post came from: the person confirms it on our own page.
            form.add_error(None, gettext(SEND_AGAIN))
            valid = False
    if not valid:
        return _render(request, "newsletter/signup.html", _signup_context(form, language, request.POST), language)

    data = form.cleaned_data
    subscriptions.subscribe(
        subscriptions.SignupRequest(
            email=data["email"],
            name=data["name"],
            role=data["role"],
            municipality_id=data["municipality"],
            language=data["language"],
            topics=form.chosen_topics(),
            consent_text=data["consent_version"],
        )
    )
    return redirect(_done_url(language))


@require_safe
def signup_done(request: HttpRequest) -> HttpResponse:
    context = {"hours": settings.NEWSLETTER_CONFIRM_TOKEN_HOURS}
    return _render(request, "newsletter/signup_done.html", context, page_language(request))


# --- Confirming -----------------------------------------------------------------------------


@private
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and changes nothing (mail scanners fetch links); POST confirms."""
    if request.method != "POST":
        found = find_token(token, AccessToken.Purpose.CONFIRM)
        if found is None:
            return invalid_link(request)
        subscriber = found.subscriber
        return _render(
            request,
            "newsletter/confirm.html",
            {"address": subscriber.email, "topics": subscriber.pending_topic_names(), "confirmed": False},
            subscriber.language,
        )
    subscriber = subscriptions.confirm(token)
    if subscriber is None:
        return invalid_link(request)
    manage = issue_token(subscriber, AccessToken.Purpose.MANAGE)
    return _render(
        request,
        "newsletter/confirm.html",
        {
            "address": subscriber.email,
            "topics": [t.name_in(subscriber.language) for t in subscriber.topics.all()],
            "confirmed": True,
            "preferences_url": reverse("newsletter:preferences", args=[manage]),
        },
        subscriber.language,
    )


# --- The preference centre ------------------------------------------------------------------


def _preferences_context(subscriber: Subscriber, form: PreferencesForm, token: str, **extra) -> dict:
    return {
        "address": subscriber.email,
        "is_subscribed": subscriber.status == Status.CONFIRMED,
        "form": form,
        "token": token,
        "export_url": reverse("newsletter:export_data", args=[token]),
        "erase_url": reverse("newsletter:erase", args=[token]),
        "unsubscribe_url": reverse("newsletter:unsubscribe", args=[token]),
        **extra,
    }


@private
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    found = _manage_token(token)
    if found is None:
        return invalid_link(request)
    subscriber = found.subscriber
    here = reverse("newsletter:preferences", args=[token])

    if request.method == "POST" and request.POST.get("action") == "unsubscribe":
        subscriptions.unsubscribe_all(subscriber)
        return redirect(f"{here}?endret=avmeldt")

    if request.method == "POST":
        with translation.override(subscriber.language):
            form = PreferencesForm(request.POST, subscriber=subscriber, page_language=subscriber.language)
            valid = form.is_valid()
        if valid:
            data = form.cleaned_data
            result = subscriptions.update_preferences(
                subscriber,
                subscriptions.PreferenceChange(
                    name=data["name"],
                    role=data["role"],
                    municipality_id=data["municipality"],
                    language=data["language"],
                    topics=form.chosen_topics(),
                    consent_text=ConsentText.current(),
                ),
            )
            return redirect(f"{here}?endret={CHANGE_NOTICES[result]}")
    else:
        form = PreferencesForm(subscriber=subscriber, page_language=subscriber.language)

    changed = request.GET.get("endret", "") if request.method != "POST" else ""
    consent_text = ConsentText.current()
    return _render(
        request,
        "newsletter/preferences.html",
        _preferences_context(
            subscriber,
            form,
            token,
            changed=changed if changed in CHANGE_NOTICES.values() else "",
            consent_text=consent_text.text_in(subscriber.language) if consent_text else "",
        ),
        subscriber.language,
    )


@private
@require_safe
def export_data(request: HttpRequest, token: str) -> HttpResponse:
    """The subscriber's own data as a JSON download."""
    found = _manage_token(token)
    if found is None:
        return invalid_link(request)
    data = subscriptions.export_data(found.subscriber)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mine-data-nyhetsbrev.json"'
    return response


@private
@require_http_methods(["GET", "HEAD", "POST"])
def erase(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to make sure; POST deletes everything but a hash on the suppression list."""
    found = _manage_token(token)
    if found is None:
        return invalid_link(request)
    subscriber = found.subscriber
    language = subscriber.language
    if request.method == "POST":
        subscriptions.erase(subscriber)
        return _render(request, "newsletter/erased.html", {}, language)
    return _render(
        request,
        "newsletter/erase.html",
        {"address": subscriber.email, "preferences_url": reverse("newsletter:preferences", args=[token])},
        language,
    )


# --- Unsubscribing ----------------------------------------------------------------------------


def _is_one_click(request: HttpRequest) -> bool:
    """RFC 8058: a mail client's POST with the body List-Unsubscribe=One-Click."""
    return request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click"


@csrf_exempt
@private
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe for mail clients, and a page with a button for people.

    A GET never unsubscribes: link scanners and previews fetch every link in a mail.
    The mail client's POST carries no CSRF token (RFC 8058); the button's POST does,
    and is checked here since the view as a whole is exempt.
    """
    one_click = _is_one_click(request)
    if request.method == "POST" and not one_click:
        rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if rejected is not None:
            return rejected
    found = _manage_token(token)
    if found is None:
        if one_click:
            return HttpResponse("Unknown link\n", status=404, content_type="text/plain; charset=utf-8")
        return invalid_link(request)
    subscriber = found.subscriber
    if one_click:
        subscriptions.unsubscribe_all(subscriber)
        return HttpResponse("Unsubscribed\n", content_type="text/plain; charset=utf-8")
    done = False
    if request.method == "POST":
        subscriptions.unsubscribe_all(subscriber)
        done = True
    return _render(
        request,
        "newsletter/unsubscribe.html",
        {
            "address": subscriber.email,
            "done": done,
            "already": not done and subscriber.status != Status.CONFIRMED,
            "preferences_url": reverse("newsletter:preferences", args=[token]),
        },
        subscriber.language,
    )
