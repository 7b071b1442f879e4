"""Notices: the mails a person's own action sets off (confirm, receipt, offer, "here is your link").

Each app writes the words (a `MailContent`) and the templates, which extend
core/mail/base.mjml and base.txt; this module gives every notice the same sender,
bounce address, Message-ID, auto-reply marker and DKIM signature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.utils import parseaddr

from .dkim import SignedMessage
from .headers import envelope_sender, from_header, new_message_id, reply_to


@dataclass
class MailContent:
    """The words of one mail in one language, shared by its HTML and plain-text parts."""

    language: str
    subject: str
    preheader: str
    greeting: str
    intro: list[str]
    button_label: str
    button_url: str
    after: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    footer: str = ""
    organisation: str = ""


def organisation_name() -> str:
    """The From header's display name, else the site's organisation name."""
    display = parseaddr(from_header())[0]
    if display:
        return display
    from wagtail.models import Site

    from core.furniture import furniture_for

    furniture = furniture_for(Site.objects.filter(is_default_site=True).first())
    return (furniture.name if furniture else "") or "Allmennlegeprogrammet"


def notice_message(*, to: str, subject: str, text: str, html: str, label: str) -> SignedMessage:
    """A mail to one person about their own action; `label` names the kind in its Message-ID."""
    message = SignedMessage(
        subject=subject,
        body=text,
        # The envelope sender takes the bounces; the From header is what people see.
        from_email=envelope_sender(),
        to=[to],
        reply_to=reply_to(),
        headers={
            "From": from_header(),
            "Message-ID": new_message_id(label),
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
