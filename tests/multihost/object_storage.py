"""The S3 bucket the hosts share, on moto's standalone server (tests/s3_service.py).

moto stands in for the object store: the hosts talk to it through AWS_S3_ENDPOINT_URL as to
any S3-compatible endpoint. Without moto installed, the hosts keep media on their own disks
and the tests that read a file uploaded on the other host skip, saying why.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from tests.s3_service import S3Bucket, create_bucket, moto_installed

MISSING = "moto[server] is not installed (pip install -c requirements.lock '.[dev]'): no S3 endpoint to share"

needs_object_storage = pytest.mark.skipif(not moto_installed(), reason=MISSING)


@contextlib.contextmanager
def shared_bucket(request: pytest.FixtureRequest, run: str) -> Iterator[S3Bucket | None]:
    """A bucket of this run's own, emptied and deleted afterwards; None without moto."""
    if not moto_installed():
        yield None
        return
    server = request.getfixturevalue("s3_server")
    bucket = create_bucket(server.endpoint_url, f"allmenn-twohost-{run}")
    try:
        yield bucket
    finally:
        client = bucket.client()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket.name):
            for item in page.get("Contents", []):
                client.delete_object(Bucket=bucket.name, Key=item["Key"])
        client.delete_bucket(Bucket=bucket.name)
