"""Read an uploaded episode's audio, and refuse what podcast apps cannot play.

The format is decided by the file's content, never by its name or by mutagen's
``.mime`` (``audio/mp3`` is not a valid enclosure type). MP3 frames are walked
from start to end, because mutagen happily reports a length for a truncated file.
"""

from __future__ import annotations

import logging
import os
import struct
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from mutagen import MutagenError
from mutagen.mp3 import MP3, BitrateMode
from mutagen.mp4 import MP4

logger = logging.getLogger(__name__)

MIME_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/x-m4a"}
_CHUNK = 1 << 20


class AudioError(ValueError):
    """An upload that is not playable episode audio; the message is meant for the editor."""


@dataclass(frozen=True)
class AudioInfo:
    duration: float
    bitrate: int
    format: str
    mime_type: str
    duration_is_estimate: bool
    size: int


def inspect_audio(uploaded: Any) -> AudioInfo:
    """Duration, bitrate and format of an MP3 or M4A upload, or AudioError with a message for the editor."""
    size = _size_of(uploaded)
    if size == 0:
        raise AudioError(_("Lydfilen er tom (0 byte). Last opp filen på nytt."))
    limit = settings.PODCAST_MAX_AUDIO_BYTES
    if size > limit:
        raise AudioError(
            _("Lydfilen er for stor (%(size)s). Største tillatte størrelse er %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    fileobj = getattr(uploaded, "file", None) or uploaded
    try:
        fileobj.seek(0)
        head = fileobj.read(16)
        fmt = _sniff_format(head)
        _check_extension(getattr(uploaded, "name", "") or "", fmt)
        fileobj.seek(0)
        if fmt == "mp3":
            return _inspect_mp3(fileobj, size)
        return _inspect_m4a(fileobj, size)
    finally:
        uploaded.seek(0)


def _size_of(uploaded: Any) -> int:
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, os.SEEK_END)
        size = uploaded.tell()
        uploaded.seek(0)
    return int(size)


def _sniff_format(head: bytes) -> str:
    if head[4:8] == b"ftyp":
        return "m4a"
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    raise AudioError(_("Filen er ikke en lydfil som podkastappene kan spille. Last opp MP3 eller M4A (AAC)."))


def _check_extension(name: str, fmt: str) -> None:
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension and extension != fmt:
        raise AudioError(
            _(
                "Filen heter .%(extension)s, men inneholder %(format)s-lyd. Gi den endelsen .%(right)s og last opp på nytt."
            )
            % {"extension": extension, "format": fmt.upper(), "right": fmt}
        )


# --- MP3 -------------------------------------------------------------------

_MPEG1_L3_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2_L3_KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_TAG_MARKERS = (b"TAG", b"APETAGEX", b"LYRICS", b"ID3")


def _frame_header(header: bytes) -> tuple[int, int, int] | None:
    """(frame length, samples, sample rate) of an MPEG layer III frame header, or None."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 3
    layer = (header[1] >> 1) & 3
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    padding = (header[2] >> 1) & 1
    sample_rate = _SAMPLE_RATES[version][rate_index]
    if version == 3:
        return 144000 * _MPEG1_L3_KBPS[bitrate_index] // sample_rate + padding, 1152, sample_rate
    return 72000 * _MPEG2_L3_KBPS[bitrate_index] // sample_rate + padding, 576, sample_rate


def _id3v2_end(fileobj: IO[bytes]) -> int:
    fileobj.seek(0)
    head = fileobj.read(10)
    if len(head) < 10 or not head.startswith(b"ID3"):
        return 0
    tag_size = 0
    for byte in head[6:10]:
        tag_size = (tag_size << 7) | (byte & 0x7F)
    return 10 + tag_size + (10 if head[5] & 0x10 else 0)


@dataclass
class _FrameWalk:
    frames: int = 0
    samples: int = 0
    sample_rate: int = 0
    audio_bytes: int = 0
    truncated: bool = False
    complete: bool = False

    @property
    def duration(self) -> float:
        return self.samples / self.sample_rate if self.sample_rate else 0.0


def _first_frame(fileobj: IO[bytes], start: int) -> int | None:
    """Offset of the first frame that is followed by another frame (or by the end of the file)."""
    fileobj.seek(start)
    window = fileobj.read(64 * 1024 + 4)
    for offset in range(max(0, len(window) - 3)):
        if window[offset] != 0xFF:
            continue
        parsed = _frame_header(window[offset : offset + 4])
        if parsed is None:
            continue
        fileobj.seek(start + offset + parsed[0])
        following = fileobj.read(4)
        if not following or _frame_header(following) is not None or following.startswith(_TAG_MARKERS):
            return start + offset
        if len(following) < 4:
            return start + offset
    return None


def _walk_frames(fileobj: IO[bytes], size: int) -> _FrameWalk:
    """Count the frames from the first to the end; a last frame that runs past the end means a cut file."""
    walk = _FrameWalk()
    position = _first_frame(fileobj, _id3v2_end(fileobj))
    if position is None:
        return walk
    fileobj.seek(position)
    buffer, base = fileobj.read(_CHUNK), position
    while True:
        if position + 4 > base + len(buffer):
            fileobj.seek(position)
            buffer, base = fileobj.read(_CHUNK), position
        header = buffer[position - base : position - base + 4]
        if len(header) < 4:
            walk.complete = True
            # A few bytes left after the last frame: a cut header if they look like one.
            walk.truncated = bool(header) and header[0] == 0xFF
            return walk
        parsed = _frame_header(header)
        if parsed is None:
            walk.complete = header.startswith(_TAG_MARKERS)
            return walk
        length, samples, sample_rate = parsed
        if position + length > size:
            walk.truncated = True
            return walk
        walk.sample_rate = walk.sample_rate or sample_rate
        walk.frames += 1
        walk.samples += samples
        walk.audio_bytes += length
        position += length


def _inspect_mp3(fileobj: IO[bytes], size: int) -> AudioInfo:
    try:
        info = MP3(fileobj).info
    except MutagenError as error:
        logger.info("Refused MP3 upload: %s", error)
        raise AudioError(
            _("Filen ser ut som MP3, men inneholder ingen lesbar lyd. Den kan være skadet eller ikke være en lydfil.")
        ) from error
    if info.layer != 3:
        raise AudioError(_("Filen er MPEG-lyd, men ikke MP3 (lag III). Eksporter den som MP3 og last opp på nytt."))
    walk = _walk_frames(fileobj, size)
    if walk.truncated or walk.frames == 0:
        raise AudioError(_("MP3-filen er avkortet: slutten mangler. Last opp hele filen på nytt."))
    has_header = info.bitrate_mode != BitrateMode.UNKNOWN
    if has_header and info.length > walk.duration * 1.01 + 0.1:
        raise AudioError(
            _(
                "MP3-filen er avkortet: filhodet sier %(claimed)s sekunder, men det finnes bare lyd for "
                "%(present)s sekunder. Last opp hele filen på nytt."
            )
            % {"claimed": round(info.length), "present": round(walk.duration)}
        )
    if has_header or not walk.complete:
        duration, bitrate = info.length, info.bitrate
    else:
        # Counting frames gives the true length of a file without a Xing/Info header;
        # podcast apps will still only estimate it, hence the flag.
        duration = walk.duration
        bitrate = round(walk.audio_bytes * 8 / duration) if duration else info.bitrate
    if duration <= 0:
        raise AudioError(_("MP3-filen inneholder ingen lyd."))
    return AudioInfo(
        duration=duration,
        bitrate=int(bitrate),
        format="mp3",
        mime_type=MIME_TYPES["mp3"],
        duration_is_estimate=not has_header,
        size=size,
    )


# --- M4A -------------------------------------------------------------------


def _top_level_atoms(fileobj: IO[bytes], size: int) -> list[bytes]:
    """Names of the top-level atoms; AudioError if one claims more bytes than the file has."""
    names: list[bytes] = []
    position = 0
    while position < size:
        fileobj.seek(position)
        header = fileobj.read(8)
        if len(header) < 8:
            raise AudioError(_("M4A-filen er avkortet: slutten mangler. Last opp hele filen på nytt."))
        atom_size, name = struct.unpack(">I4s", header)
        if atom_size == 1:
            large = fileobj.read(8)
            if len(large) < 8:
                raise AudioError(_("M4A-filen er avkortet: slutten mangler. Last opp hele filen på nytt."))
            atom_size = struct.unpack(">Q", large)[0]
        elif atom_size == 0:
            atom_size = size - position
        if atom_size < 8:
            raise AudioError(_("M4A-filen er skadet og kan ikke leses."))
        if position + atom_size > size:
            raise AudioError(_("M4A-filen er avkortet: slutten mangler. Last opp hele filen på nytt."))
        names.append(name)
        position += atom_size
    return names


def _inspect_m4a(fileobj: IO[bytes], size: int) -> AudioInfo:
    atoms = _top_level_atoms(fileobj, size)
    if b"moov" not in atoms or b"mdat" not in atoms:
        raise AudioError(_("M4A-filen mangler lyd eller innholdsfortegnelse og kan ikke spilles."))
    fileobj.seek(0)
    try:
        info = MP4(fileobj).info
    except MutagenError as error:
        logger.info("Refused M4A upload: %s", error)
        raise AudioError(_("M4A-filen inneholder ingen lesbar lyd. Den kan være skadet.")) from error
    if not info.codec.startswith("mp4a"):
        raise AudioError(_("M4A-filen må inneholde AAC-lyd. Eksporter den som AAC eller MP3 og last opp på nytt."))
    if info.length <= 0:
        raise AudioError(_("M4A-filen inneholder ingen lyd."))
    bitrate = info.bitrate or round(size * 8 / info.length)
    return AudioInfo(
        duration=info.length,
        bitrate=int(bitrate),
        format="m4a",
        mime_type=MIME_TYPES["m4a"],
        duration_is_estimate=False,
        size=size,
    )
