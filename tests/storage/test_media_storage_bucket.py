"""The bucket storage itself: private by default, public image folders, no overwriting."""

from __future__ import annotations

import urllib.error
import urllib.request

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.s3_storage import MediaS3Storage
from tests.s3_service import needs_moto

pytestmark = needs_moto


def anonymous_get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_default_storage_is_the_bucket(s3_media):
    assert isinstance(default_storage._wrapped if default_storage._wrapped else default_storage, object)
    name = default_storage.save("documents/styresak.pdf", ContentFile(b"%PDF-1.4 hemmelig"))
    assert isinstance(default_storage._wrapped, MediaS3Storage)
    head = s3_media.client().head_object(Bucket=s3_media.name, Key=name)
    assert head["ContentLength"] == len(b"%PDF-1.4 hemmelig")
    assert anonymous_get(s3_media.object_url(name))[0] == 403
    status, body = anonymous_get(default_storage.url(name))
    assert (status, body) == (200, b"%PDF-1.4 hemmelig")
