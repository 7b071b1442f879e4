"""Who a newsletter mail is from, where replies and bounces go, and its Message-ID."""

from __future__ import annotations

from email.utils import make_msgid, parseaddr

from django.conf import settings


def from_header() -> str:
    """The visible From, e.g. "Allmennlegeprogrammet <post@…>"."""
    return settings.NEWSLETTER_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL


def reply_to() -> list[str]:
    return [settings.NEWSLETTER_REPLY_TO] if settings.NEWSLETTER_REPLY_TO else []


def envelope_sender() -> str:
    """The SMTP MAIL FROM: the bounce mailbox if there is one, else the From address."""
    return settings.NEWSLETTER_BOUNCE_ADDRESS or parseaddr(from_header())[1]


def message_id_domain() -> str:
    return settings.NEWSLETTER_DKIM_DOMAIN or parseaddr(from_header())[1].rpartition("@")[2] or "allmenn.localhost"


def new_message_id(label: str = "") -> str:
    return make_msgid(idstring=label or None, domain=message_id_domain())
