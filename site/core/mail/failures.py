"""What a failed hand-over to the mail server means: try again later, or never for this mail.

The newsletter's workers and the outbox of notices decide the same way, from the
exception the mail backend raised.
"""

from __future__ import annotations

import smtplib

TEMPORARY, PERMANENT_RECIPIENT, PERMANENT_MESSAGE = "temporary", "permanent_recipient", "permanent_message"


def classify_failure(exc: Exception) -> tuple[str, str]:
    """(kind, text) for an exception from the mail backend."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()), (450, b""))
        text = f"{code} {_decode(reply)}"
        return (PERMANENT_RECIPIENT if 500 <= code < 600 else TEMPORARY), text
    if isinstance(exc, smtplib.SMTPSenderRefused):
        # Our own address refused: nothing wrong with the recipient; retry, and let the run of failures pause.
        return TEMPORARY, f"{exc.smtp_code} {_decode(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = f"{exc.smtp_code} {_decode(exc.smtp_error)}"
        return (PERMANENT_MESSAGE if 500 <= exc.smtp_code < 600 else TEMPORARY), text
    if isinstance(exc, ValueError):
        # Django refuses an address or header it cannot write safely: trying again changes nothing.
        return PERMANENT_MESSAGE, f"Ugyldig adresse eller overskrift: {exc}"[:300]
    try:
        from anymail.exceptions import AnymailRecipientsRefused

        if isinstance(exc, AnymailRecipientsRefused):
            return PERMANENT_RECIPIENT, str(exc)[:300]
    except ImportError:  # pragma: no cover
        pass
    # Dropped connections, timeouts, refused connections, an ESP's API down: try again later.
    return TEMPORARY, f"{type(exc).__name__}: {exc}"[:300]


def _decode(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
