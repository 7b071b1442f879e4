"""Small text helpers with Norwegian in mind."""

import os

from anyascii import anyascii
from django.utils.text import slugify


def anchor_slug(text: str, fallback: str = "seksjon") -> str:
    """A URL fragment for a heading: "Økonomi og tilskudd" → "okonomi-og-tilskudd".

    Django's slugify drops æ, ø and å; transliterate first so Norwegian words survive.
    """
    return slugify(anyascii(text or "")) or fallback


_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def ascii_stem(name: str, fallback: str = "episode") -> str:
    """'Fastlegen på Røst' → 'fastlegen-pa-rost'. æ, ø and å follow Norwegian custom."""
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    return (slugify(anyascii(stem.translate(_NORWEGIAN))) or fallback)[:80]


def ascii_filename(name: str, extension: str, fallback: str = "episode") -> str:
    return f"{ascii_stem(name, fallback)}.{extension.lower().lstrip('.')}"


# Norwegian alphabetical order ends with æ, ø, å; code points put å before æ and ø.
_NORWEGIAN_ORDER = str.maketrans({"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"})


def norwegian_sort_key(text: str) -> str:
    """Sort 'Ørsta' before 'Ålesund', as a Norwegian reader expects."""
    return (text or "").lower().translate(_NORWEGIAN_ORDER)
