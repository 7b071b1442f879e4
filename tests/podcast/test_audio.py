"""Reading uploaded audio: what is accepted, what is refused, and what the editor is told."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings

from podcast.audio import AudioError, inspect_audio
from tests.podcast.audio_fixtures import (
    MP3_KBPS,
    count_frames,
    info_frame,
    m4a_bytes,
    mp3_with_header,
    mp3_without_header,
)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_mp3_with_info_header_has_exact_duration_and_enclosure_type():
    file = upload("Fastlegen på Røst.mp3", mp3_with_header())
    info = inspect_audio(file)
    assert info.format == "mp3"
    assert info.mime_type == "audio/mpeg"  # never mutagen's audio/mp3
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert info.bitrate == pytest.approx(MP3_KBPS * 1000, rel=0.01)
    assert info.duration_is_estimate is False
    assert info.size == len(mp3_with_header())
    assert file.tell() == 0  # Django can still save it


def test_mp3_without_xing_header_is_flagged_as_estimate():
    info = inspect_audio(upload("listetak.mp3", mp3_without_header()))
    assert info.duration_is_estimate is True
    assert info.duration == pytest.approx(2.0, abs=0.1)


def test_file_on_disk_is_read_and_rewound():
    data = mp3_with_header()
    file = TemporaryUploadedFile("listetak.mp3", "audio/mpeg", len(data), None)
    file.write(data)
    file.seek(0)
    try:
        assert inspect_audio(file).format == "mp3"
        assert file.tell() == 0
    finally:
        file.close()


def test_m4a_is_aac_with_apple_enclosure_type():
    info = inspect_audio(upload("listetak.m4a", m4a_bytes()))
    assert info.format == "m4a"
    assert info.mime_type == "audio/x-m4a"
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert info.duration_is_estimate is False
    assert info.bitrate > 0


def test_text_renamed_to_mp3_is_refused():
    with pytest.raises(AudioError, match="ikke en lydfil"):
        inspect_audio(upload("notater.mp3", b"Dette er ikke lyd.\n" * 100))


def test_id3_tag_without_audio_is_refused():
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x0a" + bytes(10)
    with pytest.raises(AudioError, match="ingen lesbar lyd"):
        inspect_audio(upload("tom.mp3", tag + b"tekst" * 200))


def test_zero_byte_file_is_refused():
    with pytest.raises(AudioError, match="tom"):
        inspect_audio(upload("tom.mp3", b""))


@override_settings(PODCAST_MAX_AUDIO_BYTES=1000)
def test_file_over_the_limit_is_refused_before_it_is_read():
    class Unreadable(io.BytesIO):
        name = "stor.mp3"
        size = 1001

        def read(self, *args):
            raise AssertionError("read a file that is too large")

    with pytest.raises(AudioError, match="for stor"):
        inspect_audio(Unreadable())


@pytest.mark.parametrize("cut", [300, 5000, -100])
def test_truncated_mp3_is_refused(cut):
    data = mp3_without_header()
    with pytest.raises(AudioError, match="avkortet"):
        inspect_audio(upload("avkortet.mp3", data[:cut]))


def test_mp3_whose_header_claims_more_than_is_present_is_refused():
    audio = mp3_without_header()
    frames = count_frames(audio)
    # The Info header promises ten times the audio; the file ends cleanly on a frame boundary.
    data = info_frame(frames * 10, 208 * frames * 10) + audio
    with pytest.raises(AudioError, match="filhodet sier"):
        inspect_audio(upload("avkortet.mp3", data))


def test_mp3_cut_on_a_frame_boundary_after_its_info_header_is_refused():
    data = mp3_with_header()
    position, frames = 208, 0
    while frames < 40:  # keep the Info frame and 40 audio frames (about 1 s of the 2 s promised)
        position += 208 + ((data[position + 2] >> 1) & 1)
        frames += 1
    with pytest.raises(AudioError, match="avkortet"):
        inspect_audio(upload("avkortet.mp3", data[:position]))


@pytest.mark.parametrize("cut", [300, 0.5, -10])
def test_truncated_m4a_is_refused(cut):
    data = m4a_bytes()
    end = int(len(data) * cut) if isinstance(cut, float) else cut
    with pytest.raises(AudioError, match="avkortet"):
        inspect_audio(upload("avkortet.m4a", data[:end]))


def test_m4a_named_mp3_is_refused_with_the_right_extension_named():
    with pytest.raises(AudioError, match=r"heter \.mp3, men inneholder M4A-lyd.*\.m4a"):
        inspect_audio(upload("listetak.mp3", m4a_bytes()))


def test_mp3_named_m4a_is_refused():
    with pytest.raises(AudioError, match=r"heter \.m4a, men inneholder MP3-lyd"):
        inspect_audio(upload("listetak.m4a", mp3_with_header()))


def test_refused_upload_is_rewound_too():
    file = upload("notater.mp3", b"tekst" * 100)
    with pytest.raises(AudioError):
        inspect_audio(file)
    assert file.tell() == 0
