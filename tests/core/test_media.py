"""Uploaded media on one machine: HEAD, byte ranges, 304, and nothing outside MEDIA_ROOT."""

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def artwork_file():
    path = Path(settings.MEDIA_ROOT) / "images" / "omslag.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    yield path
    path.unlink(missing_ok=True)


def test_head_and_ranges(client, artwork_file):
    head = client.head("/media/images/omslag.png")
    assert head.status_code == 200
    assert head["Content-Type"] == "image/png"
    assert head["Accept-Ranges"] == "bytes"
    assert int(head["Content-Length"]) == artwork_file.stat().st_size

    first = client.get("/media/images/omslag.png", HTTP_RANGE="bytes=0-0")
    assert first.status_code == 206
    assert b"".join(first.streaming_content) == b"\x89"
    assert first["Content-Range"] == f"bytes 0-0/{artwork_file.stat().st_size}"

    past = client.get("/media/images/omslag.png", HTTP_RANGE="bytes=99999-")
    assert past.status_code == 416


def test_not_modified(client, artwork_file):
    etag = client.get("/media/images/omslag.png")["ETag"]
    assert client.get("/media/images/omslag.png", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/../manage.py",
        "/media/%2e%2e/manage.py",
        "/media//etc/passwd",
        "/media/documents/secret.pdf",
        "/media/images/",
    ],
)
def test_nothing_outside_media_or_private(client, db, path):
    assert client.get(path).status_code == 404


def test_only_get_and_head(client, artwork_file):
    assert client.post("/media/images/omslag.png").status_code == 405
