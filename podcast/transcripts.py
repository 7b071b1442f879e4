"""Validate WebVTT and SRT transcripts, and turn them into readable text ("Tekstversjon")."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024
TRANSCRIPT_CONTENT_TYPES = {"vtt": "text/vtt", "srt": "application/x-subrip", "txt": "text/plain"}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_VTT_TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
_SRT_TIMESTAMP = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d),(\d{3})$")
_ARROW = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")


class TranscriptError(ValueError):
    """A transcript that cannot be used; the message names the line for the editor."""


@dataclass
class Cue:
    start: float
    end: float
    text: str
    speaker: str = ""


def parse_transcript(text: str, filename: str) -> list[Cue]:
    """The cues of a WebVTT or SRT transcript, or TranscriptError naming the first bad line."""
    if len(text) > MAX_TRANSCRIPT_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_TRANSCRIPT_BYTES:
        raise TranscriptError(_("Tekstversjonen er for stor. Største tillatte størrelse er 5 MB."))
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise TranscriptError(_("Tekstversjonen er tom."))
    if "\x00" in text:
        raise TranscriptError(_("Filen inneholder binære data og er ikke en tekstversjon (WebVTT eller SRT)."))
    lines = _LINE_BREAK.split(text)
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if extension not in ("vtt", "srt"):
        extension = "vtt" if lines[0].startswith("WEBVTT") else "srt"
    cues = _parse_vtt(lines) if extension == "vtt" else _parse_srt(lines)
    if not cues:
        raise TranscriptError(_("Tekstversjonen har ingen replikker med tidskoder."))
    return cues


def transcript_plain_text(cues: list[Cue]) -> str:
    """One paragraph per change of speaker (or per cue when no speakers are named), separated by blank lines."""
    paragraphs: list[tuple[str, list[str]]] = []
    for cue in cues:
        if not cue.text:
            continue
        if paragraphs and cue.speaker and paragraphs[-1][0] == cue.speaker:
            paragraphs[-1][1].append(cue.text)
        else:
            paragraphs.append((cue.speaker, [cue.text]))
    return "\n\n".join(f"{speaker}: {' '.join(texts)}" if speaker else " ".join(texts) for speaker, texts in paragraphs)


def _blocks(lines: list[str], first: int = 0):
    """(line number of the block's first line, its lines), for blocks separated by blank lines."""
    block: list[str] = []
    start = first
    for number, line in enumerate(lines[first:], start=first + 1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _parse_vtt(lines: list[str]) -> list[Cue]:
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise TranscriptError(_("Linje 1: en WebVTT-fil må begynne med «WEBVTT»."))
    header_end = next((index for index, line in enumerate(lines) if not line.strip()), len(lines))
    cues: list[Cue] = []
    for start_line, block in _blocks(lines, header_end):
        if re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", block[0]):
            continue
        timing_index = 0 if "-->" in block[0] or _looks_like_timing(block[0]) else 1
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            raise TranscriptError(
                _("Linje %(line)d: mangler tidskode på formen «00:00:01.000 --> 00:00:04.000».")
                % {"line": start_line + timing_index}
            )
        line_number = start_line + timing_index
        start, end = _timing(block[timing_index], line_number, _VTT_TIMESTAMP, "tt:mm:ss.mmm eller mm:ss.mmm")
        if cues and start < cues[-1].start:
            raise TranscriptError(
                _("Linje %(line)d: replikken begynner før den forrige. Replikkene må stå i tidsrekkefølge.")
                % {"line": line_number}
            )
        cues.append(_cue(start, end, block[timing_index + 1 :]))
    return cues


def _looks_like_timing(line: str) -> bool:
    """A cue identifier may be anything, but "00:00.000 -> 00:01.000" is a mistyped timing."""
    return bool(re.match(r"^\s*\d+:\d", line)) and "->" in line


def _parse_srt(lines: list[str]) -> list[Cue]:
    cues: list[Cue] = []
    for start_line, block in _blocks(lines):
        if not block[0].strip().isdigit():
            raise TranscriptError(
                _("Linje %(line)d: en SRT-replikk må begynne med et løpenummer (1, 2, 3 …).") % {"line": start_line}
            )
        if len(block) < 2 or "-->" not in block[1]:
            raise TranscriptError(
                _("Linje %(line)d: mangler tidskode på formen «00:00:01,000 --> 00:00:04,000».")
                % {"line": start_line + 1}
            )
        start, end = _timing(block[1], start_line + 1, _SRT_TIMESTAMP, "tt:mm:ss,mmm")
        cues.append(_cue(start, end, block[2:]))
    return cues


def _timing(line: str, line_number: int, pattern: re.Pattern, shape: str) -> tuple[float, float]:
    match = _ARROW.match(line.strip())
    if not match:
        raise TranscriptError(_("Linje %(line)d: tidskoden må ha formen «start --> slutt».") % {"line": line_number})
    start, end = (_seconds(value, line_number, pattern, shape) for value in match.group(1, 2))
    if end <= start:
        raise TranscriptError(
            _("Linje %(line)d: slutten (%(end)s) må komme etter starten (%(start)s).")
            % {"line": line_number, "start": match.group(1), "end": match.group(2)}
        )
    return start, end


def _seconds(value: str, line_number: int, pattern: re.Pattern, shape: str) -> float:
    match = pattern.match(value)
    if not match:
        raise TranscriptError(
            _("Linje %(line)d: tidskoden «%(value)s» er ugyldig. Bruk %(shape)s.")
            % {"line": line_number, "value": value[:40], "shape": shape}
        )
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _cue(start: float, end: float, text_lines: list[str]) -> Cue:
    raw = " ".join(line.strip() for line in text_lines)
    voice = _VOICE.search(raw)
    speaker = html.unescape(voice.group(1).strip()) if voice else ""
    text = html.unescape(_TAG.sub("", raw)).replace("\xa0", " ")
    return Cue(start=start, end=end, text=" ".join(text.split()), speaker=speaker)
