"""Email addresses and header-bound text: one normal form, one hash, no header injection.

An address is compared case-insensitively everywhere (sign-up, import, suppression,
bounces, registration), so every path goes through `normalise_email` and `email_hash`.
"""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_EMAIL_LENGTH = 254
# CR and LF split a header; NUL, other C0 controls, DEL and the Unicode line and
# paragraph separators have no place in a name or an address either.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def normalise_email(raw: str) -> str:
    """The comparable form of an address: trimmed and lower-cased."""
    return (raw or "").strip().lower()


def email_hash(raw: str, *, namespace: str) -> str:
    """A digest of the normalised address, to look it up or keep it without keeping the address.

    The namespace (one per app) keeps one app's digests from matching another's.
    """
    return hashlib.sha256(namespace.encode() + b"\0" + normalise_email(raw).encode()).hexdigest()


def has_unsafe_characters(value: str) -> bool:
    return bool(_UNSAFE.search(value or ""))


def refuse_header_injection(value: str) -> None:
    """Refuse text that could add or split a mail header when it reaches one."""
    if has_unsafe_characters(value):
        raise ValidationError("Teksten inneholder linjeskift eller kontrolltegn.", code="header_injection")


def clean_email(raw: str) -> str:
    """A trimmed, valid, header-safe address, or a ValidationError with a Norwegian message."""
    if has_unsafe_characters(raw):
        raise ValidationError("E-postadressen inneholder linjeskift eller kontrolltegn.", code="header_injection")
    value = (raw or "").strip()
    if not value:
        raise ValidationError("Skriv e-postadressen din.", code="required")
    if len(value) > MAX_EMAIL_LENGTH:
        raise ValidationError("E-postadressen er for lang.", code="max_length")
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.", code="invalid") from None
    if value.count("@") != 1 or any(ch in value for ch in ",;<>\"'()[]\\ "):
        # Django accepts quoted local parts; a mailing list has no use for them and they
        # complicate every header the address reaches.
        raise ValidationError("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.", code="invalid")
    return value
