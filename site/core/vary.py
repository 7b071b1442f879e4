"""Vary: Accept-Language only where the body varies by language.

LocaleMiddleware adds `Vary: Accept-Language` to every answer, since a page's language may
follow the browser's. A feed, an audio file or a transcript is the same in every language,
and the extra Vary splits shared caches and CDNs into one copy per language header. A view
marks such an answer with `response.language_independent = True`; this middleware, listed
before LocaleMiddleware so that it sees the answer after it, takes the header back out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re


class LanguageIndependentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "language_independent", False) and response.has_header("Vary"):
            kept = [field for field in cc_delim_re.split(response["Vary"]) if field.lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
