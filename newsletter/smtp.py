"""One SMTP connection per worker, kept open across its mails and reopened when it drops.

Django's SMTP backend opens the connection (host, port, TLS or SSL, login and timeout
from the EMAIL_* settings, the cached local host name); the mails then go over it as
bytes (messages.IssueMail), the SMTP conversation done here so that a drop can be told
apart by when it happened:

- before the mail's content was written (an idle connection the server closed, a drop
  at MAIL FROM, RCPT TO or DATA): the server has nothing of the mail, so the session
  reconnects and hands it over again, once;
- after the whole content was written, while waiting for the server's answer: the
  server may have it. `MaybeDelivered` says so, and the worker settles the row as it
  settles a mail in flight when a worker dies (NEWSLETTER_UNCERTAIN_POLICY).

Any other backend (django-anymail's ESPs, the test and file backends) is used through
Django's email API instead (sending.DeliveryWorker).
"""

from __future__ import annotations

import contextlib
import logging
import re
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as DjangoSmtpBackend
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

_LEADING_DOT = re.compile(rb"(?m)^\.")


class MaybeDelivered(Exception):
    """The connection failed after the whole mail was written: the server may have accepted it."""


class _NotHandedOver(Exception):
    """The connection failed before the mail's content was written: nothing of it reached the server."""


def uses_django_smtp() -> bool:
    """True when EMAIL_BACKEND is Django's own SMTP backend, whose connection this module reuses."""
    try:
        return import_string(settings.EMAIL_BACKEND) is DjangoSmtpBackend
    except ImportError:
        return False


class SmtpSession:
    """A persistent SMTP connection: open once, hand over many mails, reconnect when it drops."""

    def __init__(self) -> None:
        self.backend: DjangoSmtpBackend | None = None
        self.opened = 0  # connections opened, for the benchmark and the tests

    def send(self, sender: str, recipient: str, data: bytes, *, eight_bit: bool = False) -> None:
        """Hand one mail (CRLF line ends, not yet dot-stuffed) to the server, or raise.

        SMTP errors raise as smtplib raises them in sendmail (SMTPRecipientsRefused,
        SMTPSenderRefused, SMTPDataError), so core.mail.failures classifies them alike.
        """
        payload = _LEADING_DOT.sub(b"..", data)
        if not payload.endswith(b"\r\n"):
            payload += b"\r\n"
        for attempt in (1, 2):
            smtp = self._open()
            try:
                _hand_over(smtp, sender, recipient, payload, len(data), eight_bit)
                return
            except _NotHandedOver as dropped:
                self.close()
                if attempt == 2:
                    raise dropped.__cause__ from None
                logger.info("The SMTP connection dropped before a mail was handed over; reconnecting")

    def _open(self) -> smtplib.SMTP:
        if self.backend is None or getattr(self.backend.connection, "sock", None) is None:
            self.close()
            backend = get_connection(fail_silently=False)
            backend.open()
            self.backend = backend
            self.opened += 1
        return self.backend.connection

    def close(self) -> None:
        if self.backend is not None:
            try:
                self.backend.close()
            except Exception:
                logger.debug("Closing the SMTP connection failed", exc_info=True)
            self.backend = None


def _hand_over(smtp: smtplib.SMTP, sender: str, recipient: str, payload: bytes, size: int, eight_bit: bool) -> None:
    """MAIL, RCPT and DATA, as smtplib.SMTP.sendmail does them, telling when a drop happened."""
    try:
        smtp.ehlo_or_helo_if_needed()
        options = []
        if smtp.does_esmtp:
            if smtp.has_extn("size"):
                options.append(f"SIZE={size}")
            if eight_bit and smtp.has_extn("8bitmime"):
                options.append("BODY=8BITMIME")
        code, reply = smtp.mail(sender, options)
        if code != 250:
            _reset_or_close(smtp, code)
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            _reset_or_close(smtp, code)
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        smtp.putcmd("data")
        code, reply = smtp.getreply()
        if code != 354:
            _reset_or_close(smtp, code)
            raise smtplib.SMTPDataError(code, reply)
        smtp.send(payload + b".\r\n")
    except smtplib.SMTPServerDisconnected as exc:
        raise _NotHandedOver from exc
    # The whole mail is with the server now: from here a drop leaves its fate unknown.
    try:
        code, reply = smtp.getreply()
    except smtplib.SMTPServerDisconnected as exc:
        raise MaybeDelivered(str(exc) or "Connection unexpectedly closed") from exc
    if code != 250:
        _reset_or_close(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


def _reset_or_close(smtp: smtplib.SMTP, code: int) -> None:
    """After a refusal: 421 means the server is closing the connection; otherwise start over with RSET."""
    if code == 421:
        smtp.close()
        return
    with contextlib.suppress(smtplib.SMTPServerDisconnected):
        smtp.rset()
