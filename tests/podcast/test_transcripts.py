"""Transcript validation: WebVTT and SRT, with the line of the first mistake named for the editor."""

import pytest

from podcast.transcripts import (
    MAX_TRANSCRIPT_BYTES,
    TRANSCRIPT_CONTENT_TYPES,
    Cue,
    TranscriptError,
    parse_transcript,
    transcript_plain_text,
)

VTT = """\ufeffWEBVTT - Fastlegepodden

NOTE Laget i Allmenn

1
00:00:00.000 --> 00:00:04.500 align:start
<v Kari Nordmann>Velkommen til <i>Fastlegepodden</i>.

00:04.500 --> 00:09.000
<v.loud Kari Nordmann>I dag: listetak &amp; rekruttering.

00:00:09.000 --> 00:00:12.250
<v Ola Hansen>Takk for at jeg fikk komme.
"""

SRT = """1
00:00:00,000 --> 00:00:04,500
Velkommen til <i>Fastlegepodden</i>.

2
00:00:04,500 --> 00:00:09,000
I dag snakker vi om listetak
og rekruttering.
"""


def test_webvtt_with_voices_settings_and_notes():
    cues = parse_transcript(VTT, "episode.vtt")
    assert cues == [
        Cue(0.0, 4.5, "Velkommen til Fastlegepodden.", "Kari Nordmann"),
        Cue(4.5, 9.0, "I dag: listetak & rekruttering.", "Kari Nordmann"),
        Cue(9.0, 12.25, "Takk for at jeg fikk komme.", "Ola Hansen"),
    ]


def test_srt_with_windows_line_endings():
    cues = parse_transcript(SRT.replace("\n", "\r\n"), "episode.srt")
    assert cues == [
        Cue(0.0, 4.5, "Velkommen til Fastlegepodden."),
        Cue(4.5, 9.0, "I dag snakker vi om listetak og rekruttering."),
    ]


def test_plain_text_has_a_paragraph_per_speaker():
    text = transcript_plain_text(parse_transcript(VTT, "episode.vtt"))
    assert text == (
        "Kari Nordmann: Velkommen til Fastlegepodden. I dag: listetak & rekruttering.\n\n"
        "Ola Hansen: Takk for at jeg fikk komme."
    )
    assert transcript_plain_text(parse_transcript(SRT, "e.srt")).count("\n\n") == 1


def test_content_types():
    assert TRANSCRIPT_CONTENT_TYPES == {"vtt": "text/vtt", "srt": "application/x-subrip", "txt": "text/plain"}


@pytest.mark.parametrize(
    ("text", "filename", "message"),
    [
        ("Velkommen\n\n00:00.000 --> 00:01.000\nHei\n", "e.vtt", "Linje 1: en WebVTT-fil må begynne med «WEBVTT»"),
        ("WEBVTT\n\n00:00.000 --> 00:01.00\nHei\n", "e.vtt", "Linje 3: tidskoden «00:01.00» er ugyldig"),
        ("WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nHei\n", "e.vtt", "Linje 3: tidskoden «00:00:61.000»"),
        ("WEBVTT\n\n00:00,000 --> 00:01,000\nHei\n", "e.vtt", "Linje 3: tidskoden «00:00,000» er ugyldig"),
        ("WEBVTT\n\n00:05.000 --> 00:05.000\nHei\n", "e.vtt", r"Linje 3: slutten \(00:05.000\) må komme etter"),
        ("WEBVTT\n\nid\nHei på deg\n", "e.vtt", "Linje 4: mangler tidskode"),
        ("WEBVTT\n\n00:00.000 -> 00:01.000\nHei\n", "e.vtt", "Linje 3: mangler tidskode"),
        (
            "WEBVTT\n\n00:05.000 --> 00:06.000\nTo\n\n00:01.000 --> 00:02.000\nEn\n",
            "e.vtt",
            "Linje 6: replikken begynner før den forrige",
        ),
        ("Hei\n00:00:00,000 --> 00:00:01,000\nHei\n", "e.srt", "Linje 1: en SRT-replikk må begynne med et løpenummer"),
        ("1\nHei\n", "e.srt", "Linje 2: mangler tidskode"),
        ("1\n00:00:00.000 --> 00:00:01.000\nHei\n", "e.srt", "Linje 2: tidskoden «00:00:00.000» er ugyldig"),
        (
            "1\n00:00:00,000 --> 00:00:01,000\nEn\n\n2\n00:00:03,000 --> 00:00:02,000\nTo\n",
            "e.srt",
            "Linje 6: slutten",
        ),
        ("WEBVTT\n", "e.vtt", "ingen replikker"),
        ("", "e.vtt", "tom"),
        ("  \n\n", "e.srt", "tom"),
    ],
)
def test_errors_name_the_line(text, filename, message):
    with pytest.raises(TranscriptError, match=message):
        parse_transcript(text, filename)


def test_huge_transcript_is_refused():
    cue = "00:00.000 --> 00:01.000\nHei\n\n"
    text = "WEBVTT\n\n" + cue * (MAX_TRANSCRIPT_BYTES // len(cue) + 1)
    with pytest.raises(TranscriptError, match="for stor"):
        parse_transcript(text, "stor.vtt")


def test_binary_data_is_refused():
    binary = bytes(range(256)).decode("latin-1") * 10
    with pytest.raises(TranscriptError, match="binære data"):
        parse_transcript(binary, "lyd.vtt")


def test_deeply_nested_tags_and_long_lines_are_handled_quickly():
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\n" + "<b>" * 50_000 + "Hei" + "<" * 50_000 + "\n"
    cues = parse_transcript(text, "e.vtt")
    assert len(cues) == 1 and cues[0].text.startswith("Hei")


def test_format_is_sniffed_when_the_name_has_no_known_extension():
    assert len(parse_transcript(VTT, "tekstversjon")) == 3
    assert len(parse_transcript(SRT, "tekstversjon.txt")) == 2
