"""Content-Security-Policy's frame-ancestors follows a view that asks to be framed by its own origin.

Production forbids framing altogether (`X-Frame-Options: DENY`, `frame-ancestors 'none'`).
Wagtail's preview views opt out of that for the editor's preview panel by setting
`X-Frame-Options: SAMEORIGIN` on their answers, but browsers obey the CSP directive over
X-Frame-Options, so the panel stayed blank. This middleware, placed after django-csp's in
MIDDLEWARE (it sees the answer first), gives such an answer `frame-ancestors 'self'`; every
other answer keeps the site's policy. Wagtail renders a preview through a nested request
that has passed django-csp already, so a policy header that is there is rewritten in place.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SameOriginFramingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("X-Frame-Options", "").upper() != "SAMEORIGIN":
            return response
        if "Content-Security-Policy" in response:
            response["Content-Security-Policy"] = with_frame_ancestors_self(response["Content-Security-Policy"])
        else:
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["frame-ancestors"] = ["'self'"]
            response._csp_replace = replace
        return response


def with_frame_ancestors_self(policy: str) -> str:
    """The policy with its frame-ancestors directive (added if missing) set to 'self'."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    kept = [part for part in directives if part.split(" ", 1)[0].lower() != "frame-ancestors"]
    return "; ".join([*kept, "frame-ancestors 'self'"])
