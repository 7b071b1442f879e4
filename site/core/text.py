"""Small text helpers with Norwegian in mind."""

from anyascii import anyascii
from django.utils.text import slugify


def anchor_slug(text: str, fallback: str = "seksjon") -> str:
    """A URL fragment for a heading: "Økonomi og tilskudd" → "okonomi-og-tilskudd".

    Django's slugify drops æ, ø and å; transliterate first so Norwegian words survive.
    """
    return slugify(anyascii(text or "")) or fallback
