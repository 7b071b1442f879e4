"""Real encoded audio for the podcast tests: a sine tone as MP3 (lameenc) and M4A (PyAV, if installed).

Plain helpers (not fixtures), so that they never clash with the fixtures in conftest.py.
"""

from __future__ import annotations

import io
import math
import struct
from functools import cache

import pytest

SAMPLE_RATE = 44100
MP3_KBPS = 64
# MPEG-1 layer III, 64 kbit/s, 44.1 kHz, mono, no padding: 208-byte frames (209 with padding).
_MP3_HEADER = bytes([0xFF, 0xFB, 0x50, 0xC0])
_MP3_FRAME_BYTES = 144000 * MP3_KBPS // SAMPLE_RATE
_XING_OFFSET_MPEG1_MONO = 4 + 17


def sine_pcm(seconds: float = 2.0, frequency: float = 440.0) -> bytes:
    """16-bit mono PCM of a sine tone."""
    count = int(SAMPLE_RATE * seconds)
    return b"".join(
        struct.pack("<h", int(12000 * math.sin(2 * math.pi * frequency * i / SAMPLE_RATE))) for i in range(count)
    )


@cache
def mp3_without_header(seconds: float = 2.0) -> bytes:
    """CBR MP3 as lameenc writes it: no Xing/Info frame, so the length is only an estimate."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(7)
    data = bytes(encoder.encode(sine_pcm(seconds)) + encoder.flush())
    assert data[:4] == _MP3_HEADER[:2] + data[2:4] and b"Xing" not in data[:512] and b"Info" not in data[:512]
    return data


def count_frames(data: bytes) -> int:
    position = frames = 0
    while position + 4 <= len(data) and data[position] == 0xFF:
        position += _MP3_FRAME_BYTES + ((data[position + 2] >> 1) & 1)
        frames += 1
    return frames


def info_frame(frames: int, total_bytes: int) -> bytes:
    """A LAME-style 'Info' frame (the CBR Xing header) giving the number of frames and bytes."""
    body = b"Info" + struct.pack(">III", 0x3, frames, total_bytes)
    frame = _MP3_HEADER + bytes(_XING_OFFSET_MPEG1_MONO - 4) + body
    return frame + bytes(_MP3_FRAME_BYTES - len(frame))


@cache
def mp3_with_header(seconds: float = 2.0) -> bytes:
    audio = mp3_without_header(seconds)
    return info_frame(count_frames(audio), _MP3_FRAME_BYTES + len(audio)) + audio


@cache
def m4a_bytes(seconds: float = 2.0) -> bytes:
    """AAC in an MP4 container, encoded by PyAV (skips the test if PyAV is missing)."""
    av = pytest.importorskip("av", reason="PyAV (pip install av) is needed to encode AAC/M4A")

    pcm = sine_pcm(seconds)
    output = io.BytesIO()
    with av.open(output, mode="w", format="ipod") as container:
        stream = container.add_stream("aac", rate=SAMPLE_RATE)
        stream.layout = "mono"
        step = 1024 * 2  # 1024 samples of 16 bits
        for start in range(0, len(pcm), step):
            chunk = pcm[start : start + step]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(chunk) // 2)
            frame.planes[0].update(chunk)
            frame.sample_rate = SAMPLE_RATE
            frame.pts = start // 2
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return output.getvalue()


def delete_episode_files(episode) -> None:
    """MEDIA_ROOT outlives the test's transaction: remove the files so stored names stay predictable."""
    for field_file in (episode.audio_file, episode.transcript_file):
        if field_file:
            field_file.storage.delete(field_file.name)
