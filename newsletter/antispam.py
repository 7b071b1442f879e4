"""The sign-up form's bot traps: core.antispam bound to the newsletter's salt and minimum time."""

from __future__ import annotations

from django.conf import settings

from core import antispam as _antispam
from core.antispam import HONEYPOT_FIELD, MAX_AGE_SECONDS, STAMP_FIELD, Verdict

__all__ = ["HONEYPOT_FIELD", "MAX_AGE_SECONDS", "STAMP_FIELD", "Verdict", "check", "context", "new_stamp"]

FORM = "newsletter"


def new_stamp(shown_at: float | None = None) -> str:
    return _antispam.new_stamp(FORM, shown_at)


def check(data) -> Verdict:
    return _antispam.check(data, FORM, min_seconds=settings.NEWSLETTER_FORM_MIN_SECONDS)


def context() -> dict[str, str]:
    return _antispam.context(FORM)
