"""The S3 server the hosts share, from tests/s3_service.py (moto's standalone server).

Until that module exists, the hosts keep media on their own disks and the tests that
read a file uploaded on another host skip, saying why.
"""

from __future__ import annotations

import importlib.util

import pytest

MISSING = "no S3 server for the test yet (tests/s3_service.py, moto's standalone server, is not in this checkout)"


def available() -> bool:
    return importlib.util.find_spec("tests.s3_service") is not None


def object_storage_environment(request: pytest.FixtureRequest, run: str) -> dict[str, str]:
    """MEDIA_STORAGE=s3 and the AWS_* variables of a bucket for this run, or {} without a server."""
    if not available():
        return {}
    raise RuntimeError("tests/s3_service.py is here: tests/multihost/object_storage.py must start its server")


needs_object_storage = pytest.mark.skipif(not available(), reason=MISSING)
