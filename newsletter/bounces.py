"""Reading what arrives at the bounce and unsubscribe mailboxes: DSNs, spam complaints, unsubscribe mails.

Only standard reports count: RFC 3464 delivery status notifications and RFC 5965 (ARF)
complaints. Anything else (auto-replies, free-text bounces, garbage) is ignored with a
reason rather than guessed at, because a wrong guess would suppress a real reader.
Nothing here touches the database; `newsletter.feedback` applies the results.
"""

from __future__ import annotations

import base64
import binascii
import logging
import quopri
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser, HeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Literal

logger = logging.getLogger(__name__)

# A DSN or a complaint about one of our mails is a few hundred kilobytes at most; anything
# bigger is someone's attachment and is not read into memory at all.
MAX_MESSAGE_BYTES = 10 * 1024 * 1024
# How deep to look for a multipart/report inside wrappers such as a footer-adding relay.
MAX_NESTING = 3

Kind = Literal["bounce", "complaint", "unsubscribe", "ignored", "unreadable"]

_ENHANCED_STATUS = re.compile(r"\b([245])\.\d{1,3}\.\d{1,3}\b")
# A bare SMTP reply at the start ("550 ...", "smtp; 550 ..."): elsewhere a number is just a number.
_REPLY_CODE = re.compile(r"\s*(?:[a-z-]+;\s*)?([245])\d\d\b", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# The subject our List-Unsubscribe mailto: asks for (newsletter.links.unsubscribe_mailto).
_UNSUBSCRIBE_SUBJECT = re.compile(r"\s*unsubscribe\s+([A-Za-z0-9_-]{16,100})\s*", re.IGNORECASE)
_AUTO_REPLY_SUBJECT = re.compile(
    r"out of (the )?office|automatic reply|auto(matisk)?[ -]?(svar|reply)|fravær|ferie|abwesen", re.IGNORECASE
)


@dataclass(frozen=True)
class Recipient:
    """One recipient named in a report: its addresses and what happened to the mail for it."""

    address: str  # Final-Recipient, or the complaining address
    original_address: str = ""  # Original-Recipient: the address we gave, before any rewriting
    action: str = ""  # failed, delayed, delivered, relayed, expanded; "complained" for ARF
    status: str = ""  # RFC 3463 code, e.g. "5.1.1"
    diagnostic: str = ""

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a in (self.original_address, self.address) if a))

    @property
    def is_permanent_failure(self) -> bool:
        # "failed" after a 4.x.x (a queue lifetime running out) is a soft bounce: the
        # address may be fine and the server down for a week.
        return self.action == "failed" and not self.status.startswith(("2", "4"))


@dataclass(frozen=True)
class Feedback:
    """What one incoming message (or one ESP event) says about our mail."""

    kind: Kind
    recipients: tuple[Recipient, ...] = ()
    message_ids: tuple[str, ...] = ()  # the Message-IDs of our original mail, with angle brackets
    token: str = ""  # unsubscribe mails only; never logged
    reason: str = ""  # why it was ignored or unreadable, or a short note
    date: datetime | None = None  # when the report was written: older reports never undo a newer consent

    @property
    def permanent_failures(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.is_permanent_failure)

    def describe(self) -> str:
        """A one-line summary for logs and command output, without addresses or tokens."""
        parts = [self.kind]
        codes = sorted({r.status for r in self.recipients if r.status})
        if self.recipients:
            parts.append(f"{len(self.recipients)} mottaker(e)")
        if codes:
            parts.append("status " + ", ".join(codes))
        if self.message_ids:
            parts.append(f"{len(self.message_ids)} Message-ID")
        if self.reason:
            parts.append(self.reason)
        return "; ".join(parts)


def ignored(reason: str, **fields) -> Feedback:
    return Feedback(kind="ignored", reason=reason, **fields)


def parse_file(path: Path) -> Feedback:
    """Parse a message stored in a file, without reading an oversized one into memory."""
    size = path.stat().st_size
    if size > MAX_MESSAGE_BYTES:
        return ignored(f"for stor ({size} byte)")
    return parse_message(path.read_bytes())


def parse_message(raw: bytes) -> Feedback:
    """Classify one raw message; never raises for bad input, answers "unreadable" instead."""
    if len(raw) > MAX_MESSAGE_BYTES:
        return ignored(f"for stor ({len(raw)} byte)")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _classify(message)
    except Exception as exc:
        # A bug or an input the email package chokes on: keep the message for a human.
        logger.exception("Could not read an incoming feedback message")
        return Feedback(kind="unreadable", reason=f"kunne ikke leses ({type(exc).__name__})")


def _classify(message: EmailMessage) -> Feedback:
    report = _find_report(message, depth=0)
    if report is not None:
        report_type = str(report.get_param("report-type", "") or "").lower()
        if report_type in ("delivery-status", "global-delivery-status"):
            return _parse_dsn(report, _date(message))
        if report_type == "feedback-report":
            return _parse_arf(report, _date(message))
        return ignored(f"rapporttype «{report_type or 'ukjent'}» behandles ikke")
    token = _unsubscribe_token(message)
    if token:
        return Feedback(kind="unsubscribe", token=token, date=_date(message))
    return ignored(_why_not_ours(message))


def _find_report(part: Message, depth: int) -> Message | None:
    """The multipart/report itself, or one wrapped in multipart/* (never inside an attached message)."""
    if part.get_content_type() == "multipart/report":
        return part
    if depth >= MAX_NESTING or part.get_content_maintype() != "multipart" or not part.is_multipart():
        return None
    for child in part.get_payload():
        if isinstance(child, Message):
            found = _find_report(child, depth + 1)
            if found is not None:
                return found
    return None


# RFC 3464 delivery status notifications


def _parse_dsn(report: Message, date: datetime | None) -> Feedback:
    status_part = _first_part(report, "message/delivery-status", "message/global-delivery-status")
    if status_part is None:
        return Feedback(kind="unreadable", reason="DSN uten message/delivery-status-del", date=date)
    recipients = tuple(
        _dsn_recipient(block) for block in _field_blocks(status_part) if _field(block, "Final-Recipient")
    )
    message_ids = _original_message_ids(report)
    if not recipients:
        return Feedback(kind="unreadable", reason="DSN uten Final-Recipient", message_ids=message_ids, date=date)
    if any(r.is_permanent_failure for r in recipients):
        return Feedback(kind="bounce", recipients=recipients, message_ids=message_ids, date=date)
    actions = ", ".join(sorted({r.action or "ukjent" for r in recipients}))
    return ignored(
        f"ingen permanent feil (action {actions})", recipients=recipients, message_ids=message_ids, date=date
    )


def _dsn_recipient(block: Message) -> Recipient:
    diagnostic = _field(block, "Diagnostic-Code")
    status = status_code(_field(block, "Status")) or status_code(diagnostic)
    return Recipient(
        address=_typed_address(_field(block, "Final-Recipient")),
        original_address=_typed_address(_field(block, "Original-Recipient")),
        action=(_field(block, "Action").split() or [""])[0].lower(),
        status=status,
        diagnostic=diagnostic[:300],
    )


def status_code(text: str) -> str:
    """An RFC 3463 code ("5.1.1"), or the class of a bare SMTP reply ("550" -> "5")."""
    found = _ENHANCED_STATUS.search(text or "")
    if found:
        return found.group(0)
    reply = _REPLY_CODE.match(text or "")
    return reply.group(1) if reply else ""


def _typed_address(value: str) -> str:
    """ "rfc822; Kari@Example.no" -> "Kari@Example.no" (Exchange writes "rfc822;x" without the space)."""
    _type, sep, address = value.partition(";")
    address = (address if sep else value).strip().strip("<>").strip()
    return address if "@" in address and not any(ch.isspace() for ch in address) else ""


# RFC 5965 abuse reports (ARF)


def _parse_arf(report: Message, date: datetime | None) -> Feedback:
    feedback_part = _first_part(report, "message/feedback-report")
    if feedback_part is None:
        return Feedback(kind="unreadable", reason="ARF uten message/feedback-report-del", date=date)
    fields = _field_blocks(feedback_part)
    feedback_type = next((_field(b, "Feedback-Type").lower() for b in fields if _field(b, "Feedback-Type")), "")
    if feedback_type != "abuse":
        # fraud, virus, not-spam and auth-failure (DMARC) reports say nothing about the reader's wishes.
        return ignored(f"Feedback-Type «{feedback_type or 'mangler'}»", date=date)
    addresses = [_typed_address(v) or _plain_address(v) for b in fields for v in _fields(b, "Original-Rcpt-To")]
    message_ids = _original_message_ids(report)
    if not any(addresses):
        # Some providers name the recipient only in the returned message (when they do not redact it).
        original = _original_headers(report)
        addresses = [_plain_address(_header(original, "To"))] if original is not None else []
    recipients = tuple(Recipient(address=a, action="complained") for a in dict.fromkeys(addresses) if a)
    if not recipients and not message_ids:
        return Feedback(kind="unreadable", reason="klage uten mottaker og uten Message-ID", date=date)
    return Feedback(kind="complaint", recipients=recipients, message_ids=message_ids, date=date)


def _plain_address(value: str) -> str:
    found = re.search(r"[^\s<>@,;\"']+@[^\s<>@,;\"']+", value or "")
    return found.group(0) if found else ""


# The original message inside a report


def _original_message_ids(report: Message) -> tuple[str, ...]:
    original = _original_headers(report)
    if original is None:
        return ()
    found = normalise_message_id(_header(original, "Message-ID"))
    return (found,) if found else ()


def _original_headers(report: Message) -> Message | None:
    """The returned message (message/rfc822) or its headers (text/rfc822-headers), as a Message."""
    for part in _parts(report):
        content_type = part.get_content_type()
        if content_type in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                return payload[0]
        elif content_type in ("text/rfc822-headers", "message/global-headers"):
            return HeaderParser(policy=policy.default).parsestr(_part_text(part))
    return None


def normalise_message_id(value: str) -> str:
    """ "<abc@host>" from "<abc@host>", " abc@host " or a folded header; empty if it is no id."""
    value = (value or "").strip()
    found = _MESSAGE_ID.search(value)
    if found:
        return found.group(0)
    if value and "@" in value and not any(ch.isspace() for ch in value):
        return f"<{value}>"
    return ""


# Unsubscribe mails and everything else


def _unsubscribe_token(message: Message) -> str:
    matched = _UNSUBSCRIBE_SUBJECT.fullmatch(_header(message, "Subject"))
    return matched.group(1) if matched else ""


def _why_not_ours(message: Message) -> str:
    if not message.keys():
        return "ingen e-posthoder"
    auto = _header(message, "Auto-Submitted").lower()
    if (auto and auto != "no") or message.get("X-Autoreply") or message.get("X-Autorespond"):
        return "automatisk svar"
    if _AUTO_REPLY_SUBJECT.search(_header(message, "Subject")):
        return "automatisk svar (emnefelt)"
    if _header(message, "Subject").lower().strip().startswith("unsubscribe"):
        return "avmelding uten gyldig lenkekode"
    return f"ikke en leveringsrapport ({message.get_content_type()})"


# Small, forgiving accessors: a broken header or encoding gives "", never an exception.


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
        return str(value) if value is not None else ""
    except Exception:  # the email package's header parsers raise on some malformed values
        logger.debug("Unreadable %s header", name, exc_info=True)
        return ""


def _field(block: Message, name: str) -> str:
    return _header(block, name).strip()


def _fields(block: Message, name: str) -> list[str]:
    try:
        return [str(v).strip() for v in block.get_all(name, [])]
    except Exception:
        return []


def _date(message: Message) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


def _parts(message: Message) -> list[Message]:
    payload = message.get_payload() if message.is_multipart() else []
    return [p for p in payload if isinstance(p, Message)]


def _first_part(report: Message, *content_types: str) -> Message | None:
    return next((p for p in _parts(report) if p.get_content_type() in content_types), None)


def _part_text(part: Message) -> str:
    raw = part.get_payload(decode=True)
    if isinstance(raw, bytes):
        return raw.decode(part.get_content_charset() or "utf-8", errors="replace")
    payload = part.get_payload()
    return payload if isinstance(payload, str) else ""


def _field_blocks(part: Message) -> list[Message]:
    """The header blocks of a message/delivery-status or message/feedback-report part.

    The email package parses these blocks itself, but not when the part is base64 or
    quoted-printable encoded (some Exchange and Notes servers do that): then the text is
    decoded here and the blocks parsed again.
    """
    payload = part.get_payload()
    blocks = [b for b in payload if isinstance(b, Message)] if isinstance(payload, list) else []
    encoding = _header(part, "Content-Transfer-Encoding").lower().strip()
    if blocks and encoding not in ("base64", "quoted-printable"):
        return blocks
    if blocks:
        text = "\n".join(b.as_string() if b.keys() else str(b.get_payload()) for b in blocks)
    else:
        text = payload if isinstance(payload, str) else ""
    try:
        if encoding == "base64":
            text = base64.b64decode("".join(text.split()), validate=False).decode("utf-8", errors="replace")
        elif encoding == "quoted-printable":
            text = quopri.decodestring(text.encode("ascii", errors="replace")).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return []
    parser = HeaderParser(policy=policy.default)
    return [parser.parsestr(chunk.strip() + "\n") for chunk in re.split(r"\r?\n\s*\r?\n", text) if chunk.strip()]
