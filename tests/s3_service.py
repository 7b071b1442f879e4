"""An S3-compatible endpoint for the tests: moto's standalone server, started on a free port.

moto is an emulator, not a real S3 (nor MinIO): it speaks the S3 API over HTTP, checks
signatures loosely and enforces object ACLs for anonymous requests, which is what these tests
need. The code under test talks to it as to any endpoint (AWS_S3_ENDPOINT_URL) and uses
nothing moto-specific; what only a real bucket can confirm (bucket policies with ACLs
disabled, a CDN in front) is listed in the storage tests' docstring.

`s3_server` (session) starts the server; `s3_bucket` (function) gives each test an empty
bucket of its own. `s3_environment(bucket)` returns the variables a production-settings
process needs to keep its media in that bucket (the two-host test uses it).
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import pytest

HOST = "127.0.0.1"
REGION = "eu-north-1"
# moto accepts any key pair; these are passed only through the environment, as in production.
ACCESS_KEY_ID = "allmenn-test-key"
SECRET_ACCESS_KEY = "allmenn-test-secret"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    process: subprocess.Popen


@dataclass(frozen=True)
class S3Bucket:
    endpoint_url: str
    name: str
    region: str = REGION

    def client(self):
        """A boto3 client with the test credentials, for checking what the bucket holds."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def object_url(self, key: str) -> str:
        """The plain (unsigned, path-style) URL of an object, as an anonymous visitor would try it."""
        return f"{self.endpoint_url}/{self.name}/{quote(key)}"


def moto_installed() -> bool:
    return importlib.util.find_spec("moto") is not None and importlib.util.find_spec("flask") is not None


needs_moto = pytest.mark.skipif(
    not moto_installed(), reason="moto[server] is not installed (pip install -c requirements.lock '.[dev]')"
)


def s3_environment(bucket: S3Bucket) -> dict[str, str]:
    """The environment a production-settings process needs to keep its media in `bucket`."""
    return {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket.name,
        "AWS_S3_ENDPOINT_URL": bucket.endpoint_url,
        "AWS_S3_REGION_NAME": bucket.region,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status < 500
    except OSError:
        return False
    finally:
        connection.close()


def start_s3_server() -> S3Server:
    """Start moto's server in a subprocess on a free port and wait until it answers.

    Its log (a line per request) goes to a temporary file, never to a pipe nobody reads:
    a full pipe would stop the server in the middle of a test.
    """
    port = _free_port()
    environment = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY}
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop_s3_server)
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=environment,
    )
    process.log = log
    deadline = time.monotonic() + START_TIMEOUT
    while not _answers(port):
        if process.poll() is not None:
            log.seek(0)
            error = log.read().decode(errors="replace")
            log.close()
            raise RuntimeError(f"moto's S3 server stopped at start (exit {process.returncode}): {error[-2000:]}")
        if time.monotonic() > deadline:
            stop_s3_server(process)
            raise RuntimeError(f"moto's S3 server did not answer on {HOST}:{port} within {START_TIMEOUT:.0f} s")
        time.sleep(0.2)
    return S3Server(endpoint_url=f"http://{HOST}:{port}", process=process)


def stop_s3_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log = getattr(process, "log", None)
    if log is not None:
        log.close()


def create_bucket(endpoint_url: str, name: str | None = None) -> S3Bucket:
    """A new, empty bucket on the server (private, like any new bucket)."""
    bucket = S3Bucket(endpoint_url=endpoint_url, name=name or f"allmenn-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(Bucket=bucket.name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return bucket


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    if not moto_installed():
        pytest.skip("moto[server] is not installed (pip install -c requirements.lock '.[dev]'): no S3 endpoint")
    server = start_s3_server()
    try:
        yield server
    finally:
        stop_s3_server(server.process)


@pytest.fixture
def s3_bucket(s3_server: S3Server) -> Iterator[S3Bucket]:
    bucket = create_bucket(s3_server.endpoint_url)
    yield bucket
    client = bucket.client()
    with contextlib.suppress(Exception):  # the server may already be gone at the end of the session
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket.name):
            for item in page.get("Contents", []):
                client.delete_object(Bucket=bucket.name, Key=item["Key"])
        client.delete_bucket(Bucket=bucket.name)
