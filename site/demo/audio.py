"""Short generated audio for the demo and the tests: tones or speech-like babble, encoded on this machine.

MP3 comes from lameenc and M4A (AAC) from PyAV; both wheels carry their encoders, so
nothing is downloaded and no system ffmpeg is needed. Samples are built with the
array module: single periods are computed sample by sample and then repeated.
"""

from __future__ import annotations

import functools
import io
import math
import random
import struct
from array import array

SAMPLE_RATE = 44_100
MP3_BITRATE_KBPS = 64
M4A_BITRATE = 64_000
AMPLITUDE = 12_000  # of 32 767: loud enough to hear, far from clipping
FADE_SECONDS = 0.01

# LAME's own encoder delay in samples; with the padding it lets players trim the silence
# the encoder adds, so the Info header states the exact duration.
LAME_ENCODER_DELAY = 576
MP3_SAMPLES_PER_FRAME = 1152


# --- Samples ------------------------------------------------------------------------------


def _tone_second(frequency: float) -> array:
    """One second of a sine tone; a whole number of periods when the frequency is whole."""
    step = 2 * math.pi * frequency / SAMPLE_RATE
    return array("h", (int(AMPLITUDE * math.sin(step * i)) for i in range(SAMPLE_RATE)))


ENVELOPE_STEPS = 24


@functools.lru_cache(maxsize=32)
def _voiced_periods(pitch: float) -> tuple[array, ...]:
    """One period of a vowel-ish wave (a fundamental and two harmonics) at each loudness step.

    The period is rounded to whole samples, so the pitch is off by a fraction of a hertz.
    """
    length = max(2, round(SAMPLE_RATE / pitch))
    step = 2 * math.pi / length
    wave = [
        0.6 * math.sin(step * i) + 0.3 * math.sin(2 * step * i) + 0.15 * math.sin(3 * step * i) for i in range(length)
    ]
    return tuple(
        array("h", (int(AMPLITUDE * level / ENVELOPE_STEPS * value) for value in wave))
        for level in range(ENVELOPE_STEPS + 1)
    )


def _syllable(pitch: float, seconds: float) -> array:
    """Whole periods under a smooth rise and fall; each period starts at zero, so the steps do not click."""
    periods = _voiced_periods(pitch)
    count = max(1, round(seconds * pitch))
    samples = array("h")
    for i in range(count):
        samples += periods[round(ENVELOPE_STEPS * math.sin(math.pi * (i + 0.5) / count))]
    return samples


@functools.lru_cache(maxsize=8)
def _silence(seconds: float) -> array:
    return array("h", bytes(2 * int(seconds * SAMPLE_RATE)))


def _speech_like(count: int, pitch: float, seed: int) -> array:
    """Syllables of a few pitches grouped into words, with pauses: sounds like someone talking."""
    rng = random.Random(seed)  # noqa: S311 - seeded on purpose: the same sound every time
    pitches = [pitch * factor for factor in (0.85, 1.0, 1.12, 1.25)]
    lengths = (0.12, 0.18, 0.24)
    samples = array("h")
    while len(samples) < count:
        for _ in range(rng.randint(1, 4)):
            samples += _syllable(rng.choice(pitches), rng.choice(lengths))
            samples += _silence(0.03)
        samples += _silence(rng.choice((0.08, 0.12, 0.3)))
    return samples


def pcm(seconds: float, *, frequency: float = 440.0, speech: bool = False, seed: int = 1) -> array:
    """Signed 16-bit mono samples at 44.1 kHz: a steady tone, or speech-like babble around ``frequency``."""
    count = max(1, round(seconds * SAMPLE_RATE))
    if speech:
        samples = _speech_like(count, frequency, seed)
    else:
        second = _tone_second(frequency)
        samples = second * (count // SAMPLE_RATE + 1)
    del samples[count:]
    fade = min(int(FADE_SECONDS * SAMPLE_RATE), count // 2)
    for i in range(fade):  # no click at either end
        samples[i] = samples[i] * i // fade
        samples[count - 1 - i] = samples[count - 1 - i] * i // fade
    return samples


# --- MP3 ----------------------------------------------------------------------------------


def make_mp3(
    seconds: float, *, frequency: float = 440.0, xing: bool = True, speech: bool = False, seed: int = 1
) -> bytes:
    """Mono CBR MP3 at 64 kbps. With ``xing`` it starts with a LAME Info frame, so its duration is exact.

    Without it (as lameenc writes it) readers can only estimate the duration from the bitrate.
    """
    import lameenc

    samples = pcm(seconds, frequency=frequency, speech=speech, seed=seed)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_BITRATE_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(7)  # fast; the demo needs sound, not fidelity
    audio = bytes(encoder.encode(samples.tobytes()) + encoder.flush())
    if not xing:
        return audio
    return _info_frame(audio, len(samples)) + audio


def _frame_length(header: bytes) -> int:
    bitrate_kbps = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)[header[2] >> 4]
    padding = (header[2] >> 1) & 1
    return 144_000 * bitrate_kbps // SAMPLE_RATE + padding


def _count_frames(audio: bytes) -> int:
    frames, offset = 0, 0
    while offset + 4 <= len(audio) and audio[offset] == 0xFF and audio[offset + 1] & 0xE0 == 0xE0:
        frames += 1
        offset += _frame_length(audio[offset : offset + 4])
    return frames


def _crc16_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC16_TABLE = _crc16_table()


def _crc16(data: bytes) -> int:
    """CRC-16/ARC, which the LAME tag uses for the music and for the tag itself."""
    crc = 0
    table = _CRC16_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _info_frame(audio: bytes, sample_count: int) -> bytes:
    """A silent first frame holding a Xing "Info" tag (frames, bytes, seek table) and a LAME tag.

    Layout per http://gabriel.mp3-tech.org/mp3infotag.html, for MPEG-1 Layer III mono;
    the encoder delay and padding let players (and mutagen) report the exact duration.
    """
    header = bytes([audio[0], audio[1], audio[2] & 0b1111_1101, audio[3]])  # same stream, no padding slot
    size = _frame_length(header)
    frames = _count_frames(audio)
    total_bytes = size + len(audio)
    toc = bytes(i * 256 // 100 for i in range(100))  # CBR: time and bytes grow together
    padding = max(0, min(4095, frames * MP3_SAMPLES_PER_FRAME - LAME_ENCODER_DELAY - sample_count))
    frame = bytearray(header)
    frame += bytes(17)  # side information of a silent mono MPEG-1 frame: the tag starts 21 bytes in
    frame += b"Info" + struct.pack(">III", 0x0F, frames, total_bytes) + toc + struct.pack(">I", 100 - 7)
    frame += b"LAME3.100"
    frame += bytes([0x01, 0])  # tag revision 0 and CBR; lowpass unknown
    frame += bytes(4 + 2 + 2)  # peak, track gain and album gain unknown
    frame += bytes([0, MP3_BITRATE_KBPS])  # encoding flags and ATH type; bitrate
    frame += (LAME_ENCODER_DELAY << 12 | padding).to_bytes(3, "big")
    frame += bytes([0b0100_0000, 0, 0, 0])  # 44.1 kHz source; no mp3gain, surround or preset
    frame += struct.pack(">IH", total_bytes, _crc16(audio))
    frame += struct.pack(">H", _crc16(bytes(frame)))  # the tag's CRC covers everything before it
    return bytes(frame) + bytes(size - len(frame))


# --- M4A ----------------------------------------------------------------------------------


def m4a_available() -> bool:
    """Whether PyAV (with its AAC encoder) is installed."""
    try:
        import av  # noqa: F401
    except ImportError:
        return False
    return True


def make_m4a(seconds: float, *, frequency: float = 440.0, speech: bool = False, seed: int = 1) -> bytes:
    """Mono AAC-LC at 64 kbps in an M4A (MPEG-4 audio) container, encoded with PyAV."""
    try:
        import av
    except ImportError as error:
        raise RuntimeError("M4A needs PyAV: pip install av (its wheels carry ffmpeg with an AAC encoder).") from error

    samples = pcm(seconds, frequency=frequency, speech=speech, seed=seed)
    buffer = io.BytesIO()
    buffer.name = "demo.m4a"  # the muxer warns about any other extension
    with av.open(buffer, mode="w", format="ipod") as container:  # "ipod" is ffmpeg's muxer for .m4a
        stream = container.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
        stream.bit_rate = M4A_BITRATE
        frame_size = stream.codec_context.frame_size or 1024
        for start in range(0, len(samples), frame_size):
            chunk = samples[start : start + frame_size]
            # PyAV converts the 16-bit samples to the planar floats the AAC encoder wants.
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(chunk))
            frame.planes[0].update(chunk.tobytes())
            frame.sample_rate = SAMPLE_RATE
            frame.pts = start
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()
