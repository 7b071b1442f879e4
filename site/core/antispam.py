"""Bots without a CAPTCHA: a field people never see, and a signed time the form was shown.

A form sent back faster than a person can type, or with the hidden field filled in,
gets the same answer as a real submission and nothing happens. A time stamp that is
missing, forged or older than a day gets a visible error asking the person to try again.
Each form signs its stamps with its own salt, so a stamp from one form is no good in another.
"""

from __future__ import annotations

import enum
import time

from django.core import signing

HONEYPOT_FIELD = "nettside"  # "website": a field a form-filling bot is glad to fill in
STAMP_FIELD = "skjema_vist"
MAX_AGE_SECONDS = 24 * 60 * 60


class Verdict(enum.Enum):
    PERSON = "person"
    BOT = "bot"  # answer as if it worked, do nothing
    STALE = "stale"  # show the form again with a request to try again


def _salt(form: str) -> str:
    return f"{form}.antispam.form-shown"


def new_stamp(form: str, shown_at: float | None = None) -> str:
    """A signed record of when `form` was shown (tests pass an earlier `shown_at`)."""
    return signing.dumps({"t": time.time() if shown_at is None else shown_at}, salt=_salt(form), compress=False)


def check(data, form: str, *, min_seconds: float) -> Verdict:
    """Judge a submitted form (a QueryDict or dict) by its honeypot and time stamp."""
    if (data.get(HONEYPOT_FIELD) or "").strip():
        return Verdict.BOT
    raw = data.get(STAMP_FIELD) or ""
    try:
        shown_at = float(signing.loads(raw, salt=_salt(form))["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Verdict.STALE
    age = time.time() - shown_at
    if age > MAX_AGE_SECONDS:
        return Verdict.STALE
    if age < min_seconds:
        return Verdict.BOT
    return Verdict.PERSON


def context(form: str) -> dict[str, str]:
    """What a template needs to render the two fields."""
    return {"honeypot_field": HONEYPOT_FIELD, "stamp_field": STAMP_FIELD, "stamp": new_stamp(form)}
