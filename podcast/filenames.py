"""Storage names for audio and transcripts: an unguessable folder, then an ASCII-only file name.

The file name (``listetak.mp3``) is what listeners see at the episode's address
(``…/lyd/listetak.mp3``), so every app and CDN accepts it. The folder before it is
random, so that a stored file cannot be found by guessing from the slug: the files of
drafts and private episodes stay unreachable even where the storage itself is public
(a misconfigured web server, a public bucket). Django never serves ``podcast/`` from
/media/ (core/media.py).
"""

from __future__ import annotations

import os
import secrets

from core.text import ascii_filename

AUDIO_FOLDER = "podcast/audio"
TRANSCRIPT_FOLDER = "podcast/transcripts"


def unguessable_folder(parent: str) -> str:
    return f"{parent}/{secrets.token_hex(16)}"


def audio_upload_to(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "mp3"
    base = instance.slug or filename
    return f"{unguessable_folder(AUDIO_FOLDER)}/{ascii_filename(base, extension)}"


def transcript_upload_to(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "vtt"
    base = instance.slug or filename
    return f"{unguessable_folder(TRANSCRIPT_FOLDER)}/{ascii_filename(base, extension, 'tekstversjon')}"
