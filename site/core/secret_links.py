"""Secret links in mails (confirm, manage a subscription or a registration, check in).

256 random bits go in the mail; only their SHA-256 is stored and compared. The pages such
a link opens are never cached, indexed or given away in a Referer.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import wraps

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # anything longer is not ours; refused before hashing


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def is_plausible(raw: str) -> bool:
    """Cheap refusal of what cannot be one of ours, before any hashing or query."""
    return bool(raw) and len(raw) <= MAX_TOKEN_LENGTH and raw.isascii()


def matches(stored_hash: str, digest: str) -> bool:
    return hmac.compare_digest(stored_hash, digest)


def private(view):
    """Headers for pages reached by a secret link: not stored, not indexed, no referrer elsewhere.

    `same-origin`, not `no-referrer`: with no-referrer a browser sends `Origin: null` with
    the page's own form, and Django's CSRF check refuses it. Other sites still get nothing.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped
