"""One newsletter mail for one recipient: headers for list mail, and optional DKIM signing."""

from __future__ import annotations

import functools
import re
from email.utils import formatdate
from pathlib import Path

import dkim
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .headers import envelope_sender, from_header, reply_to

# Headers a DKIM signature covers: what a receiver shows or acts on.
SIGNED_HEADERS = [
    b"From",
    b"To",
    b"Subject",
    b"Date",
    b"Message-ID",
    b"Reply-To",
    b"List-Id",
    b"List-Unsubscribe",
    b"List-Unsubscribe-Post",
    b"MIME-Version",
    b"Content-Type",
]
_LIST_NAME_UNSAFE = re.compile(r"[<>\"\x00-\x1f\x7f]")


def list_id(list_name: str, slug: str) -> str:
    """RFC 2919: a phrase and a dotted id, e.g. `Fastlegenytt <flo.nyhetsbrev.example.no>`."""
    phrase = " ".join(_LIST_NAME_UNSAFE.sub(" ", list_name).split())
    return f'"{phrase}" <{slug}.{settings.NEWSLETTER_LIST_DOMAIN}>'


@functools.cache
def _dkim_key(inline: str, path: str) -> bytes:
    if inline:
        return inline.replace("\\n", "\n").encode()
    return Path(path).read_bytes() if path else b""


def dkim_settings() -> tuple[bytes, bytes, bytes] | None:
    """(selector, domain, private key) when DKIM signing is configured, else None."""
    key = _dkim_key(settings.NEWSLETTER_DKIM_PRIVATE_KEY, settings.NEWSLETTER_DKIM_PRIVATE_KEY_FILE)
    if not (key and settings.NEWSLETTER_DKIM_SELECTOR and settings.NEWSLETTER_DKIM_DOMAIN):
        return None
    return settings.NEWSLETTER_DKIM_SELECTOR.encode(), settings.NEWSLETTER_DKIM_DOMAIN.encode(), key


class _SignedMessage:
    """The MIME message with a DKIM-Signature in front of exactly the bytes that were signed."""

    def __init__(self, message, signature: bytes, signed_bytes: bytes):
        self._message = message
        self._signature = signature
        self._signed_bytes = signed_bytes

    def as_bytes(self, *args, **kwargs) -> bytes:
        return self._signature + self._signed_bytes

    def as_string(self, *args, **kwargs) -> str:
        return self.as_bytes().decode("utf-8", "replace")

    def __getitem__(self, name):
        if name.lower() == "dkim-signature":
            return self._signature.decode().partition(":")[2].strip()
        return self._message[name]

    def __getattr__(self, name):
        return getattr(self._message, name)


class NewsletterMessage(EmailMultiAlternatives):
    """Signs itself with DKIM, when a key is configured, as the SMTP backend serialises it."""

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        configured = dkim_settings()
        if configured is None:
            return message
        selector, domain, key = configured
        data = message.as_bytes(linesep="\r\n")
        signature = dkim.sign(
            data,
            selector,
            domain,
            key,
            include_headers=[h for h in SIGNED_HEADERS if message.get(h.decode()) is not None],
            canonicalize=(b"relaxed", b"simple"),
        )
        return _SignedMessage(message, signature, data)


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
) -> NewsletterMessage:
    """A list mail with RFC 2369/2919/8058 headers. Inputs are already header-safe."""
    unsubscribe = f"<{unsubscribe_url}>" + (f", <{unsubscribe_mailto}>" if unsubscribe_mailto else "")
    message = NewsletterMessage(
        subject=subject,
        body=text,
        from_email=envelope_sender(),  # the SMTP envelope: where bounces go
        to=[to],
        reply_to=reply_to(),
        connection=connection,
        headers={
            "From": from_header(),
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
