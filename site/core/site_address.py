"""The site's public address: the one source of every absolute URL the site makes.

``WAGTAILADMIN_BASE_URL`` names it: in development the address ``./dev start`` serves
(http://127.0.0.1:8000, or ``DEV_URL``), in production an https address. Links in mails,
calendar files, canonical and Open Graph tags, robots.txt and the API's paging links are
built from it. Wagtail builds page URLs (``full_url``, the sitemap, the podcast feed) from
the default Site record instead, so the record must say the same: ``migrate`` points
Wagtail's placeholder site (localhost, port 80) at the address, the demo loader keeps it
there, and production refuses to start while the two disagree.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
# What Wagtail's first migration creates: a site for any host, on localhost port 80.
PLACEHOLDER_SITE = ("localhost", 80)


def normalise(url: str) -> str:
    """``scheme://host[:port]`` in lower case without a default port or trailing slash, or ImproperlyConfigured."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"The site address {url!r} must be an http or https URL, such as https://allmenn.no."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfigured(f"The site address {url!r} must be a scheme and a host only, without a path.")
    try:
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"The site address {url!r} has an invalid port.") from error
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def base_url() -> str:
    """The public address, such as ``https://allmenn.no`` (no trailing slash)."""
    return normalise(settings.WAGTAILADMIN_BASE_URL)


def absolute(path_or_url: str) -> str:
    """A path on this site as an absolute URL; absolute URLs and mailto: links pass unchanged."""
    if not path_or_url or path_or_url.startswith(("http://", "https://", "mailto:")):
        return path_or_url
    return base_url() + (path_or_url if path_or_url.startswith("/") else "/" + path_or_url)


def host_and_port(url: str) -> tuple[str, int]:
    """The host name and port a Wagtail Site needs to stand for this address."""
    parts = urlsplit(normalise(url))
    return parts.hostname or "", parts.port or DEFAULT_PORTS[parts.scheme]


def default_site_url() -> str | None:
    """The default Wagtail Site's root URL, or None when there is none."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    return site.root_url if site is not None else None


def disagreement() -> str | None:
    """Why the default Site and the configured address differ, or None when they agree."""
    site_url = default_site_url()
    if site_url is None:
        return None
    wanted = base_url()
    if normalise(site_url) == wanted:
        return None
    return (
        f"The default Wagtail site answers at {site_url}, but WAGTAILADMIN_BASE_URL is {wanted}: page links, "
        "the sitemap and feeds would use one address and mails another. Run `manage.py set_site_address` "
        "to point the site at WAGTAILADMIN_BASE_URL (Wagtail can say https only on port 443)."
    )


def point_default_site_at_base_url(*, only_placeholder: bool = False) -> bool:
    """Give the default Site the configured host and port; True when it changed.

    With ``only_placeholder`` an editor's own choice is left alone: only Wagtail's
    untouched placeholder (localhost, port 80) moves.
    """
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    wanted = host_and_port(base_url())
    current = (site.hostname, site.port)
    if current == wanted or (only_placeholder and current != PLACEHOLDER_SITE):
        return False
    site.hostname, site.port = wanted
    site.save(update_fields=["hostname", "port"])
    return True


def refuse_to_start_on_disagreement() -> None:
    """Stop a production process whose Site and WAGTAILADMIN_BASE_URL disagree.

    A database that cannot be read yet (not migrated, or down for a moment) does not stop
    the start: the request that needs it will say so, and a restart loop helps nobody.
    """
    try:
        problem = disagreement()
    except DatabaseError as error:
        logger.warning("Could not compare the default site with WAGTAILADMIN_BASE_URL: %s", error)
        return
    if problem:
        raise ImproperlyConfigured(problem)
