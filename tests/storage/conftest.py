"""Media on an S3-compatible bucket (moto's server): the storage the production settings build."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from core.media_storage import media_storage_from_env
from tests.s3_service import S3Bucket, s3_bucket, s3_environment, s3_server  # noqa: F401 (fixtures)


@pytest.fixture
def s3_media(request, settings, monkeypatch) -> Iterator[S3Bucket]:
    """The default storage is the bucket, built from the same variables production reads."""
    bucket: S3Bucket = request.getfixturevalue("s3_bucket")
    environment = s3_environment(bucket)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, environment[name])
    storages = {**settings.STORAGES, "default": media_storage_from_env(environment)}
    with override_settings(STORAGES=storages):
        yield bucket
