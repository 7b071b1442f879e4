"""One newsletter mail for one recipient: the headers of list mail (RFC 2369, 2919, 8058).

Two forms of the same mail. `build_message` is a Django EmailMessage, for any mail
backend (django-anymail's ESPs included). `IssueMail` is the bytes a send hands to an
SMTP server itself (smtp.SmtpSession): the issue's headers and parts are prepared once
per worker and language, and each recipient costs a join of those parts with their own
links, a few headers, and the DKIM signature when one is configured.

DKIM signing, the envelope sender and Message-IDs are core.mail's, as for every mail.
"""

from __future__ import annotations

import binascii
import html as html_lib
import re
import secrets
import time
from email.utils import formatdate, parseaddr

import dkim
from django.conf import settings
from django.core.mail.message import forbid_multi_line_headers, sanitize_address

from core.mail.addresses import has_unsafe_characters
from core.mail.dkim import SIGNED_HEADERS, SignedMessage, dkim_settings
from core.mail.headers import envelope_sender

from .rendering import PERSONAL_FIELDS, RenderedIssue, placeholder

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


# --- The same mail as bytes, prepared once per issue and language ------------------------

# RFC 5322 2.1.1: a line is at most 998 characters. Django sends a part 8bit when its
# lines are shorter and quoted-printable otherwise; so does IssueMail.
LINE_LIMIT = 998
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_LINE_ENDS = re.compile(r"\r\n|\r|\n")


def recipient_address(address: str) -> tuple[str, str]:
    """(envelope address, To header) for a delivery's address; ValueError where Django refuses it."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return address, address
    header = sanitize_address(address, "utf-8")  # Django's rules: IDN domains, no line breaks
    return parseaddr(header)[1], header


def _header(name: str, value: str) -> str:
    """One header line, encoded as Django's EmailMessage encodes it (RFC 2047 where not ASCII)."""
    _name, encoded = forbid_multi_line_headers(name, value, "utf-8")
    folded = _LINE_ENDS.sub("\r\n", encoded)
    return f"{name}: {folded}\r\n"


class _Part:
    """One text part with the recipient's values left open, split once at its placeholders."""

    def __init__(self, content: str, nonce: str, subtype: str) -> None:
        content = _LINE_ENDS.sub("\r\n", content)
        names = {placeholder(nonce, name): index for index, name in enumerate(PERSONAL_FIELDS)}
        pattern = re.compile("(" + "|".join(re.escape(p) for p in names) + ")")
        self.pieces: list[bytes | int] = [
            names[piece] if number % 2 else piece.encode("utf-8", "surrogateescape")
            for number, piece in enumerate(pattern.split(content))
        ]
        # Line lengths, for choosing 8bit or quoted-printable per recipient without scanning the part.
        self.long_lines = False
        self.open_lines: list[tuple[int, tuple[int, ...]]] = []
        for line in content.split("\r\n"):
            fields = tuple(names[found] for found in pattern.findall(line))
            fixed = len(pattern.sub("", line).encode("utf-8", "surrogateescape"))
            if fields:
                self.open_lines.append((fixed, fields))
            elif fixed > LINE_LIMIT:
                self.long_lines = True
        self.head = f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: '.encode()

    def encoded(self, values: tuple[bytes, ...]) -> bytes:
        """The part's headers and body for one recipient's values."""
        body = b"".join(values[piece] if isinstance(piece, int) else piece for piece in self.pieces)
        if self.long_lines or any(
            fixed + sum(len(values[field]) for field in fields) > LINE_LIMIT for fixed, fields in self.open_lines
        ):
            body = binascii.b2a_qp(body, istext=True)
            if b"\r\n" not in body:
                body = body.replace(b"\n", b"\r\n")
            encoding = b"quoted-printable"
        else:
            encoding = b"7bit" if body.isascii() else b"8bit"
        return self.head + encoding + b"\r\n\r\n" + body


class IssueMail:
    """An issue's mail in one language, as bytes, with the recipient's parts left open.

    The same headers and parts as build_message through Django's SMTP backend (the tests
    compare the two), prepared once: From, Reply-To, Subject and List-Id are encoded
    here, the two parts are split at their placeholders, and the DKIM key is read once.
    """

    def __init__(self, rendered: RenderedIssue, *, list_name: str, list_slug: str) -> None:
        from_header = issue_from_header()
        self.envelope_from = sanitize_address(envelope_sender(from_header), "utf-8")
        self._boundary = f"==============={secrets.randbelow(10**19):019d}=="
        reply_to = issue_reply_to()
        self._subject_from = _header("Subject", rendered.subject) + _header("From", from_header)
        self._reply_to = _header("Reply-To", ", ".join(reply_to)) if reply_to else ""
        self._list = _header("List-Id", list_id(list_name, list_slug))
        self._tail = (
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/alternative;\r\n boundary="{self._boundary}"\r\n\r\n'
        )
        self._text = _Part(rendered.text, rendered.nonce, "plain")
        self._html = _Part(rendered.html, rendered.nonce, "html")
        self._delimiter = b"--" + self._boundary.encode() + b"\r\n"
        self._close = b"\r\n--" + self._boundary.encode() + b"--\r\n"
        self._dkim = dkim_settings()
        present = {"from", "to", "subject", "date", "message-id", "list-id", "list-unsubscribe"}
        present |= {"list-unsubscribe-post", "mime-version", "content-type"} | ({"reply-to"} if reply_to else set())
        self._signed_headers = [name for name in SIGNED_HEADERS if name.decode().lower() in present]
        self._date_second = -1
        self._date = ""

    def date(self) -> str:
        """The Date header's value, formatted once a second."""
        second = int(time.time())
        if second != self._date_second:
            self._date_second, self._date = second, formatdate(second, localtime=True)
        return self._date

    def render(
        self,
        *,
        to: str,
        message_id: str,
        greeting: str,
        preferences_url: str,
        unsubscribe_url: str,
        unsubscribe_mailto: str = "",
    ) -> bytes:
        """The whole mail for one recipient, signed when DKIM is configured. `to` is a header-safe address."""
        if has_unsafe_characters(greeting):
            raise ValueError("Personal values must not contain line breaks or control characters.")
        unsubscribe = f"<{unsubscribe_url}>" + (f",\r\n <{unsubscribe_mailto}>" if unsubscribe_mailto else "")
        head = (
            f"{self._subject_from}To: {to}\r\n{self._reply_to}Date: {self.date()}\r\nMessage-ID: {message_id}\r\n"
            f"{self._list}List-Unsubscribe: {unsubscribe}\r\n{self._tail}"
        ).encode("ascii")
        text_values = (greeting.encode(), preferences_url.encode(), unsubscribe_url.encode())
        html_values = tuple(
            html_lib.escape(value, quote=True).encode() for value in (greeting, preferences_url, unsubscribe_url)
        )
        data = b"".join(
            (
                head,
                self._delimiter,
                self._text.encoded(text_values),
                b"\r\n",
                self._delimiter,
                self._html.encoded(html_values),
                self._close,
            )
        )
        if self._dkim is None:
            return data
        selector, domain, key = self._dkim
        signature = dkim.sign(
            data, selector, domain, key, include_headers=self._signed_headers, canonicalize=(b"relaxed", b"simple")
        )
        return signature + data
