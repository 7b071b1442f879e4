"""Absolute links for mails: the site's own address, never a relative one."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from core import site_address


def site_root() -> str:
    """The public site's address (core/site_address.py), without a trailing slash."""
    return site_address.base_url()


def absolute(path_or_url: str, root: str | None = None) -> str:
    if root is None:
        return site_address.absolute(path_or_url)
    if not path_or_url or path_or_url.startswith(("http://", "https://", "mailto:")):
        return path_or_url
    return root + (path_or_url if path_or_url.startswith("/") else "/" + path_or_url)


def confirm_url(token: str, root: str | None = None) -> str:
    return absolute(reverse("newsletter:confirm", args=[token]), root)


def preferences_url(token: str, root: str | None = None) -> str:
    return absolute(reverse("newsletter:preferences", args=[token]), root)


def unsubscribe_url(token: str, root: str | None = None) -> str:
    return absolute(reverse("newsletter:unsubscribe", args=[token]), root)


def unsubscribe_mailto(token: str) -> str:
    """mailto: for List-Unsubscribe; empty when no unsubscribe mailbox is configured."""
    if not settings.NEWSLETTER_UNSUBSCRIBE_MAILTO:
        return ""
    return f"mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject={quote('unsubscribe ' + token)}"
