"""Public forms that a cached page can carry: no per-visitor token in the page, and a POST
judged by where the browser says it comes from.

**Why.** Django's CSRF protection puts a token tied to the visitor's cookie into every form,
so a page with a form is one visitor's own and cannot come from the anonymous page cache
(core/page_cache.py). The forms anonymous visitors fill in on public pages (the newsletter's
sign-up, conference registration and "send me my link again") carry no token instead, and
their views (`@public_form`) judge each POST like this:

1. `Origin` (sent by every current browser with every POST): our own origin, or one in
   CSRF_TRUSTED_ORIGINS, passes; any other origin is refused with a 403. `Origin: null`
   (sandboxed frames, some privacy settings) proves nothing either way: step 3.
2. Without `Origin` (or with `null`), `Sec-Fetch-Site`: `same-origin` passes; `same-site` and `cross-site`
   are refused with a 403; `none` (not from a page): step 3.
3. Neither settles it (an old browser, a proxy that strips headers): a valid Django CSRF
   token passes (the uncached form pages still carry one); otherwise nothing is stored or
   sent, and the view shows the form again with what was typed and its own token, asking
   the person to send it once more. The form still works without JavaScript, in two steps.

**Why this is safe.** A browser sets `Origin` and `Sec-Fetch-Site` itself (they are
forbidden header names: no page's script can set or change them), so a page on another site
cannot make a visitor's browser post to these views as if from ours: step 1 or 2 refuses
it. This is the check Django's own CsrfViewMiddleware makes first, before the token; the
token only adds protection for browsers too old to send either header, and those meet step 3,
where nothing happens until the person presses the button again on our own page (which no
other site can frame: X-Frame-Options and frame-ancestors). A client that is not a browser
can send any header, but it has no visitor's cookies to ride on: these forms need no session
and grant nothing; what stops such clients is what stopped them before — the honeypot and the
signed time stamp (core/antispam.py), the limits per address (core/ratelimit.py) and the
confirmation mails. Forms on pages behind a secret link (manage, cancel, offers, the
newsletter's preferences) keep Django's token: those pages are never cached anyway.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import get_callable
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt

REFUSED_REASON = "The form was sent from another site."
# Shown above the form when nothing tells where a post came from (step 3).
SEND_AGAIN = gettext_noop("Check your answers and press the button again to send the form.")


class Source(enum.Enum):
    OWN_SITE = "own_site"  # Origin or Sec-Fetch-Site (or a valid token) says it came from our pages
    OTHER_SITE = "other_site"  # the browser says another site sent it: refused
    UNKNOWN = "unknown"  # nothing says: the view asks the person to send the form again


def _origin_is_ours(request: HttpRequest) -> bool:
    """Django's own judgement of an Origin header: this site's address, or one of
    CSRF_TRUSTED_ORIGINS with its `*.` subdomain rule (the check its CSRF middleware makes)."""
    return CsrfViewMiddleware(lambda _request: HttpResponse())._origin_verified(request)


def source(request: HttpRequest) -> Source:
    """Where a POST comes from, as its browser tells it (see the module's doc)."""
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        return Source.OWN_SITE if _origin_is_ours(request) else Source.OTHER_SITE
    fetch_site = request.headers.get("Sec-Fetch-Site", "").lower()
    if fetch_site == "same-origin":
        return Source.OWN_SITE
    if fetch_site in ("same-site", "cross-site"):
        return Source.OTHER_SITE
    return Source.OWN_SITE if _token_is_valid(request) else Source.UNKNOWN


def _token_is_valid(request: HttpRequest) -> bool:
    """Django's token check, for a form page that still carries a token (never a cached one).

    Without `Origin: null`, which Django refuses before it looks at the token: a browser that
    sends it for our own page would otherwise never get past the second step, and a page
    elsewhere cannot read the token it would need.
    """
    origin = request.META.pop("HTTP_ORIGIN", None)
    try:
        return CsrfViewMiddleware(lambda _request: HttpResponse()).process_view(request, None, (), {}) is None
    finally:
        if origin is not None:
            request.META["HTTP_ORIGIN"] = origin


def from_own_site(request: HttpRequest) -> bool:
    """For a view under @public_form: whether its POST may be acted on now (else: the second step)."""
    return getattr(request, "public_form_source", None) is Source.OWN_SITE


def public_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the view a token-less public form posts to: refuse a POST another site sent, and
    note for the view whether it may act on it (`from_own_site`)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            request.public_form_source = source(request)
            if request.public_form_source is Source.OTHER_SITE:
                refuse = get_callable(settings.CSRF_FAILURE_VIEW)
                return refuse(request, reason=REFUSED_REASON)
        return view(request, *args, **kwargs)

    return wrapped
