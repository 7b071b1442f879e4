"""ASCII-only file names for audio and transcripts, so every app and CDN accepts them."""

from __future__ import annotations

import os

from core.text import ascii_filename


def audio_upload_to(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "mp3"
    base = instance.slug or filename
    return f"podcast/audio/{ascii_filename(base, extension)}"


def transcript_upload_to(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "vtt"
    base = instance.slug or filename
    return f"podcast/transcripts/{ascii_filename(base, extension, 'tekstversjon')}"
