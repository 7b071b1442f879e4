"""ASCII-only file names for audio and transcripts, so every app and CDN accepts them."""

from __future__ import annotations

import os

from anyascii import anyascii
from django.utils.text import slugify

_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def ascii_stem(name: str, fallback: str = "episode") -> str:
    """'Fastlegen på Røst' → 'fastlegen-pa-rost'. æ, ø and å follow Norwegian custom."""
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    return (slugify(anyascii(stem.translate(_NORWEGIAN))) or fallback)[:80]


def ascii_filename(name: str, extension: str, fallback: str = "episode") -> str:
    return f"{ascii_stem(name, fallback)}.{extension.lower().lstrip('.')}"


def audio_upload_to(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "mp3"
    base = instance.slug or filename
    return f"podcast/audio/{ascii_filename(base, extension)}"


def transcript_upload_to(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "vtt"
    base = instance.slug or filename
    return f"podcast/transcripts/{ascii_filename(base, extension, 'tekstversjon')}"
