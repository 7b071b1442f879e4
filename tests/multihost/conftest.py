"""The two-host cluster: hosts A and B (gunicorn, production settings, a var/ each) sharing
one PostgreSQL database, one Redis and one S3 server, and a control host whose cache is
its own files, as every host's would be without REDIS_URL.

Built once per module: the database is a copy of this test session's migrated database
(migrations ran once, for the session), then host A runs the deploy steps and makes a
minimal site (host_actions.deploy), and the three hosts start side by side.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.multihost.hosts import (
    SEARCH_LIMIT,
    Host,
    copy_database,
    drop_database,
    host_environment,
    postgres_server_url,
    run_action,
)
from tests.multihost.object_storage import shared_bucket
from tests.s3_service import (
    S3Bucket,
    s3_environment,
    s3_server,  # noqa: F401 (the session's S3 server, a fixture)
)

# A Redis database of this test's own; keys carry a prefix per run besides.
REDIS_URL = "redis://127.0.0.1:6379/12"


def _redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)


def _redis_answers() -> bool:
    try:
        return bool(_redis_client().ping())
    except Exception:  # any failure: no Redis to run against
        return False


@dataclass
class Cluster:
    a: Host
    b: Host
    control: Host
    site: dict
    database_url: str
    bucket: S3Bucket | None

    def on_a(self, action: str, **arguments) -> dict:
        """Run an action (host_actions.py) as host A: its environment, its var/ directory."""
        return run_action(self.a.env, action, arguments)


@pytest.fixture(scope="module")
def cluster(request) -> Iterator[Cluster]:
    server_url = postgres_server_url()
    if not server_url:
        pytest.skip("the two-host test needs PostgreSQL (DATABASE_URL=postgres://…): hosts share one database server")
    if not _redis_answers():
        pytest.skip(f"the two-host test needs Redis at {REDIS_URL} (.ci/run starts it)")
    # This worker's migrated test database is the template: it has no session open once ours are closed.
    request.getfixturevalue("django_db_setup")
    from django.db import connections

    template = connections["default"].settings_dict["NAME"]
    connections.close_all()

    run = secrets.token_hex(5)
    name = f"allmenn_twohost_{run}"
    workdir = Path(tempfile.mkdtemp(prefix=f"allmenn-twohost-{run}-"))
    cache_prefix = f"allmenn-twohost-{run}"
    hosts: list[Host] = []
    cleanup = contextlib.ExitStack()
    try:
        bucket = cleanup.enter_context(shared_bucket(request, run))
        copy_database(server_url, template, name)
        database_url = server_url.rsplit("/", 1)[0] + "/" + name
        shared = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": database_url,
            # One proxy in front: the test names each client in X-Forwarded-For.
            "TRUSTED_PROXY_COUNT": "1",
            "SEARCH_REQUESTS_PER_IP_PER_MINUTE": str(SEARCH_LIMIT),
            **(s3_environment(bucket) if bucket else {}),
        }
        with_redis = {**shared, "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": cache_prefix}
        a = Host("A", workdir / "a", host_environment(workdir / "a", with_redis))
        b = Host("B", workdir / "b", host_environment(workdir / "b", with_redis))
        control = Host("control", workdir / "control", host_environment(workdir / "control", shared))
        hosts = [a, b, control]

        site = run_action(a.env, "deploy")
        for host in (b, control):  # each host's own copy of the release's static files
            shutil.copytree(a.var_dir / "static", host.var_dir / "static")
        for host in hosts:
            host.start()
        for host in hosts:
            host.wait_until_serving(site["home"])
        yield Cluster(a, b, control, site, database_url, bucket)
    finally:
        for host in hosts:
            host.stop()
        drop_database(server_url, name)
        if _redis_answers():
            client = _redis_client()
            keys = list(client.scan_iter(f"{cache_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        shutil.rmtree(workdir, ignore_errors=True)
        cleanup.close()
