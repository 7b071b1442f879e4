"""Who a mail is from, where replies and bounces go, and its Message-ID."""

from __future__ import annotations

from email.utils import make_msgid, parseaddr

from django.conf import settings


def from_header() -> str:
    """The visible From of the site's mails, e.g. "Allmennlegeprogrammet <post@…>"."""
    return settings.DEFAULT_FROM_EMAIL


def reply_to() -> list[str]:
    return [settings.MAIL_REPLY_TO] if settings.MAIL_REPLY_TO else []


def envelope_sender(from_address: str | None = None) -> str:
    """The SMTP MAIL FROM: the bounce mailbox if there is one, else the From address."""
    return settings.MAIL_BOUNCE_ADDRESS or parseaddr(from_address or from_header())[1]


def message_id_domain() -> str:
    return settings.MAIL_DKIM_DOMAIN or parseaddr(from_header())[1].rpartition("@")[2] or "allmenn.localhost"


def new_message_id(label: str = "") -> str:
    return make_msgid(idstring=label or None, domain=message_id_domain())
