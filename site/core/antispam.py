"""Bots without a CAPTCHA: a field people never see, and a signed time the form was shown.

A form sent back faster than a person can type, or with the hidden field filled in,
gets the same answer as a real submission and nothing happens. A time stamp that is
missing, forged or older than a day gets a visible error asking the person to try again.
Each form signs its stamps with its own salt, so a stamp from one form is no good in another.

**Cached pages.** A form on a page the anonymous page cache keeps (core/page_cache.py) would
carry the time the page was rendered, hours before a visitor sees it: the minimum time would
prove nothing and, after a day, every visitor would be told the form was open too long. So
the cache gives every answer fresh stamps (`restamp`, a few microseconds per hit), and the
stamp names its form (in the signed payload) so that the cache can sign the new one with the
right salt. Copies that browsers or a CDN keep are revalidated at least hourly (the page
cache's ETag for such pages changes every STAMP_REFRESH_SECONDS), and a stamp that is too
old anyway only costs the person a second press, with every answer kept.
"""

from __future__ import annotations

import enum
import json
import re
import time

from django.core import signing

HONEYPOT_FIELD = "nettside"  # "website": a field a form-filling bot is glad to fill in
STAMP_FIELD = "skjema_vist"
MAX_AGE_SECONDS = 24 * 60 * 60
# How old a stamp in a page a browser or CDN keeps may grow before revalidation replaces it.
STAMP_REFRESH_SECONDS = 60 * 60


class Verdict(enum.Enum):
    PERSON = "person"
    BOT = "bot"  # answer as if it worked, do nothing
    STALE = "stale"  # show the form again with a request to try again


def _salt(form: str) -> str:
    return f"{form}.antispam.form-shown"


def new_stamp(form: str, shown_at: float | None = None) -> str:
    """A signed record of when `form` was shown (tests pass an earlier `shown_at`)."""
    shown_at = time.time() if shown_at is None else shown_at
    return signing.dumps({"t": shown_at, "f": form}, salt=_salt(form), compress=False)


def _shown_at(raw: str, form: str) -> float | None:
    """When a stamp of `form` says the form was shown, or None for a stamp that is not ours."""
    try:
        return float(signing.loads(raw, salt=_salt(form))["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _named_form(raw: str) -> str | None:
    """The form a stamp names, read from its payload before the signature is checked."""
    try:
        payload = json.loads(signing.b64_decode(raw.split(":", 1)[0].encode()))
    except (ValueError, TypeError):
        return None
    form = payload.get("f") if isinstance(payload, dict) else None
    return form if isinstance(form, str) else None


# How a stamp appears in a rendered form (the templates write the name, then the value).
_STAMP_IN_HTML = re.compile(rb'(name="' + STAMP_FIELD.encode() + rb'" value=")([^"]*)(")')
STAMP_MARK = f'name="{STAMP_FIELD}"'.encode()


def restamp(html: bytes) -> bytes:
    """The page with each of our stamps made new, as if the form had been shown just now
    (the page cache calls it for every answer from a stored page). Anything that is not a
    valid stamp of ours is left as it is."""
    if STAMP_MARK not in html:
        return html

    def fresh(match: re.Match) -> bytes:
        raw = match.group(2).decode("ascii", "replace")
        form = _named_form(raw)
        if form is None or _shown_at(raw, form) is None:
            return match.group(0)
        return match.group(1) + new_stamp(form).encode() + match.group(3)

    return _STAMP_IN_HTML.sub(fresh, html)


def check(data, form: str, *, min_seconds: float) -> Verdict:
    """Judge a submitted form (a QueryDict or dict) by its honeypot and time stamp."""
    if (data.get(HONEYPOT_FIELD) or "").strip():
        return Verdict.BOT
    shown_at = _shown_at(data.get(STAMP_FIELD) or "", form)
    if shown_at is None:
        return Verdict.STALE
    age = time.time() - shown_at
    if age > MAX_AGE_SECONDS:
        return Verdict.STALE
    if age < min_seconds:
        return Verdict.BOT
    return Verdict.PERSON


def context(form: str, *, sent=None) -> dict[str, str]:
    """What a template needs to render the two fields.

    `sent`: the data of a form shown again only to be confirmed (core.public_forms): it keeps
    its stamp while that is valid, so that pressing the button at once is not taken for a bot.
    """
    stamp = new_stamp(form)
    if sent is not None:
        kept = sent.get(STAMP_FIELD) or ""
        shown_at = _shown_at(kept, form)
        if shown_at is not None and time.time() - shown_at <= MAX_AGE_SECONDS:
            stamp = kept
    return {"honeypot_field": HONEYPOT_FIELD, "stamp_field": STAMP_FIELD, "stamp": stamp}
