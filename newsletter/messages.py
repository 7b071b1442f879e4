"""One newsletter mail for one recipient: the headers of list mail (RFC 2369, 2919, 8058).

DKIM signing, the envelope sender and Message-IDs are core.mail's, as for every mail.
"""

from __future__ import annotations

import re
from email.utils import formatdate

from django.conf import settings

from core.mail.dkim import SignedMessage
from core.mail.headers import envelope_sender

_LIST_NAME_UNSAFE = re.compile(r"[<>\"\x00-\x1f\x7f]")


def list_id(list_name: str, slug: str) -> str:
    """RFC 2919: a phrase and a dotted id, e.g. `Fastlegenytt <flo.nyhetsbrev.example.no>`."""
    phrase = " ".join(_LIST_NAME_UNSAFE.sub(" ", list_name).split())
    return f'"{phrase}" <{slug}.{settings.NEWSLETTER_LIST_DOMAIN}>'


def issue_from_header() -> str:
    """The From of newsletter issues: their own sender if one is set, else the site's."""
    return settings.NEWSLETTER_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL


def issue_reply_to() -> list[str]:
    address = settings.NEWSLETTER_REPLY_TO or settings.MAIL_REPLY_TO
    return [address] if address else []


def build_message(
    *,
    to: str,
    subject: str,
    html: str,
    text: str,
    message_id: str,
    list_name: str,
    list_slug: str,
    unsubscribe_url: str,
    unsubscribe_mailto: str = "",
    connection=None,
) -> SignedMessage:
    """A list mail with RFC 2369/2919/8058 headers. Inputs are already header-safe."""
    unsubscribe = f"<{unsubscribe_url}>" + (f", <{unsubscribe_mailto}>" if unsubscribe_mailto else "")
    message = SignedMessage(
        subject=subject,
        body=text,
        from_email=envelope_sender(issue_from_header()),  # the SMTP envelope: where bounces go
        to=[to],
        reply_to=issue_reply_to(),
        connection=connection,
        headers={
            "From": issue_from_header(),
            "Message-ID": message_id,
            "Date": formatdate(localtime=True),
            "List-Id": list_id(list_name, list_slug),
            "List-Unsubscribe": unsubscribe,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    # An ESP (django-anymail) echoes metadata in its tracking events: bounces find the delivery by it.
    message.metadata = {"message_id": message_id}
    return message
