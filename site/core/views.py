"""Site-wide views: robots.txt, the identity stylesheet and the Norwegian error pages."""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import site_address


@require_safe
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = site_address.absolute(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /*/versjoner/",
        "Disallow: /abonnement/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseNotFound(loader.render_to_string("404.html", {"request_path": request.path}, request))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseForbidden(loader.render_to_string("403.html", {"form_refused": False}, request))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from somewhere else, or without the check it needs (CSRF_FAILURE_VIEW and the
    public forms' own origin check): say so in the visitor's language and how to send it again,
    instead of Django's English page. The reason is for the log, not for the visitor."""
    return HttpResponseForbidden(loader.render_to_string("403.html", {"form_refused": True}, request))


def server_error(request: HttpRequest) -> HttpResponse:
    # Render without context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


@require_safe
def identity_css(request: HttpRequest) -> HttpResponse:
    """The accent colour from the site settings as a stylesheet (the CSP allows no inline styles)."""
    from wagtail.models import Site

    from .furniture import furniture_for

    furniture = furniture_for(Site.find_for_request(request))
    colour = furniture.accent_colour if furniture else ""
    css = f":root {{ --site-accent: {colour}; }}\n" if colour else ""
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The URL carries the colour, so a changed colour is a new URL.
    response["Cache-Control"] = "public, max-age=86400"
    return response
