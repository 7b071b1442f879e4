"""DKIM signing (dkimpy) for every mail the site sends, when a key is configured."""

from __future__ import annotations

import functools
from pathlib import Path

import dkim
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

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


@functools.cache
def _dkim_key(inline: str, path: str) -> bytes:
    if inline:
        return inline.replace("\\n", "\n").encode()
    return Path(path).read_bytes() if path else b""


def dkim_settings() -> tuple[bytes, bytes, bytes] | None:
    """(selector, domain, private key) when DKIM signing is configured, else None."""
    key = _dkim_key(settings.MAIL_DKIM_PRIVATE_KEY, settings.MAIL_DKIM_PRIVATE_KEY_FILE)
    if not (key and settings.MAIL_DKIM_SELECTOR and settings.MAIL_DKIM_DOMAIN):
        return None
    return settings.MAIL_DKIM_SELECTOR.encode(), settings.MAIL_DKIM_DOMAIN.encode(), key


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


class SignedMessage(EmailMultiAlternatives):
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
