"""manage.py move_media_to_storage: local media into the bucket, under the same names, safely."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.s3_service import needs_moto
from tests.storage.http_get import fetch

pytestmark = needs_moto

FILES = {
    "original_images/kontor.png": b"\x89PNG original" * 100,
    "images/kontor.fill-20x20.png": b"\x89PNG rendition",
    "documents/styresak med mellomrom.pdf": b"%PDF-1.4 hemmelig",
    "podcast/lyd/0123456789abcdef0123456789abcdef/listetak.mp3": bytes(range(256)) * 40,
}


@pytest.fixture
def media_root(tmp_path) -> Path:
    root = tmp_path / "media"
    for name, content in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    outside = tmp_path / "passwd"
    outside.write_bytes(b"root:x:0:0")
    (root / "images" / "lenke.png").symlink_to(outside)
    return root


def move(media_root: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("move_media_to_storage", "--source", str(media_root), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def bucket_keys(bucket) -> set[str]:
    listed = bucket.client().list_objects_v2(Bucket=bucket.name)
    return {item["Key"] for item in listed.get("Contents", [])}


def test_a_dry_run_copies_nothing(s3_media, media_root):
    out, err = move(media_root, "--dry-run", "--delete-local")
    assert bucket_keys(s3_media) == set()
    assert "Dry run" in out and f"would copy 4 files ({sum(map(len, FILES.values())):,} bytes)" in out
    assert all((media_root / name).exists() for name in FILES)
    assert "symbolic link skipped: images/lenke.png" in err


def test_a_run_copies_every_file_under_its_name_with_the_right_privacy(s3_media, media_root):
    out, err = move(media_root)
    assert bucket_keys(s3_media) == set(FILES)  # the symbolic link is not followed
    client = s3_media.client()
    for name, content in FILES.items():
        assert client.get_object(Bucket=s3_media.name, Key=name)["Body"].read() == content
    assert fetch(s3_media.object_url("images/kontor.fill-20x20.png")).status == 200
    assert fetch(s3_media.object_url("documents/styresak med mellomrom.pdf")).status == 403
    assert "copied 4 files" in out and "0 already in storage" in out and "0 local files deleted" in out
    assert "Media" in err and "100%" in err  # the progress bar
    assert all((media_root / name).exists() for name in FILES)  # nothing deleted unless asked


def test_a_second_run_copies_nothing_and_a_stopped_run_resumes(s3_media, media_root):
    move(media_root)
    s3_media.client().delete_object(Bucket=s3_media.name, Key="images/kontor.fill-20x20.png")  # as if stopped
    out, _ = move(media_root)
    rendition_bytes = len(FILES["images/kontor.fill-20x20.png"])
    assert f"copied 1 files ({rendition_bytes} bytes)" in out and "3 already in storage" in out
    out, _ = move(media_root)
    assert "copied 0 files (0 bytes)" in out and "4 already in storage" in out


def test_delete_local_deletes_only_verified_copies(s3_media, media_root):
    conflict = "documents/styresak med mellomrom.pdf"
    s3_media.client().put_object(Bucket=s3_media.name, Key=conflict, Body=b"another file")
    with pytest.raises(CommandError, match="1 conflicts") as raised:
        move(media_root, "--delete-local")
    assert "3 local files deleted" in str(raised.value)
    assert (media_root / conflict).read_bytes() == FILES[conflict]  # kept, and not overwritten in the bucket
    assert s3_media.client().get_object(Bucket=s3_media.name, Key=conflict)["Body"].read() == b"another file"
    for name in set(FILES) - {conflict}:
        assert not (media_root / name).exists()
    assert not (media_root / "podcast").exists()  # emptied folders go, the root stays
    assert media_root.is_dir() and (media_root / "images" / "lenke.png").is_symlink()


def test_the_local_storage_cannot_be_its_own_destination(settings, media_root):
    settings.MEDIA_ROOT = media_root
    with pytest.raises(CommandError, match="same folder"):
        move(media_root)
    with pytest.raises(CommandError, match="does not exist"):
        move(media_root / "finnes-ikke")
    assert sorted(os.listdir(media_root)) == ["documents", "images", "original_images", "podcast"]
