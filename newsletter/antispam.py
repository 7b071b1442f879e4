"""Bots without a CAPTCHA: a field people never see, and a signed time the form was shown.

A form sent back faster than a person can type, or with the hidden field filled in,
gets the same answer as a real sign-up and nothing happens. A time stamp that is
missing, forged or older than a day gets a visible error asking the person to try again.
"""

from __future__ import annotations

import enum
import time

from django.conf import settings
from django.core import signing

HONEYPOT_FIELD = "nettside"  # "website": a field a form-filling bot is glad to fill in
STAMP_FIELD = "skjema_vist"
MAX_AGE_SECONDS = 24 * 60 * 60
_SALT = "newsletter.antispam.form-shown"


class Verdict(enum.Enum):
    PERSON = "person"
    BOT = "bot"  # answer as if it worked, do nothing
    STALE = "stale"  # show the form again with a request to try again


def new_stamp(shown_at: float | None = None) -> str:
    """A signed record of when the form was shown (tests pass an earlier `shown_at`)."""
    return signing.dumps({"t": time.time() if shown_at is None else shown_at}, salt=_SALT, compress=False)


def check(data) -> Verdict:
    """Judge a submitted form (a QueryDict or dict) by its honeypot and time stamp."""
    if (data.get(HONEYPOT_FIELD) or "").strip():
        return Verdict.BOT
    raw = data.get(STAMP_FIELD) or ""
    try:
        shown_at = float(signing.loads(raw, salt=_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Verdict.STALE
    age = time.time() - shown_at
    if age > MAX_AGE_SECONDS:
        return Verdict.STALE
    if age < settings.NEWSLETTER_FORM_MIN_SECONDS:
        return Verdict.BOT
    return Verdict.PERSON


def context() -> dict[str, str]:
    """What a template needs to render the two fields."""
    return {"honeypot_field": HONEYPOT_FIELD, "stamp_field": STAMP_FIELD, "stamp": new_stamp()}
