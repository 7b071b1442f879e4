"""`manage.py check --deploy` is clean for a deployment on several machines: Redis for the
cache and the abuse limits, S3 for media, the database queue for tasks.

The check reaches none of the services, so it runs on SQLite as well as PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import json
import secrets
import subprocess

import pytest

from tests.manage_command import run_manage

pytestmark = pytest.mark.multihost


SEVERAL_MACHINES = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "allmenn.example.no",
    "WAGTAILADMIN_BASE_URL": "https://allmenn.example.no",
    "DATABASE_URL": "postgres://allmenn@db.allmenn.invalid:5432/allmenn",
    "EMAIL_URL": "submission://relay.example.no:587",
    "DEFAULT_FROM_EMAIL": "Allmenn <post@allmenn.example.no>",
    "REDIS_URL": "redis://redis.allmenn.invalid:6379/0",
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "allmenn-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.no",
    "AWS_S3_REGION_NAME": "eu-north-1",
    "AWS_ACCESS_KEY_ID": "check-only",
    "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(30),
    "TRUSTED_PROXY_COUNT": "1",
    "SEARCH_INDEX_PREFIX": "allmenn-prod",
}
# Variables of the test run that would change what production reads.
DROPPED = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "ELASTICSEARCH_URL", "TASKS_BACKEND", "VAR_DIR"}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run_manage(*args, env=env, drop=DROPPED)


def test_check_deploy_is_clean_with_redis_and_s3():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=SEVERAL_MACHINES)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues (0 silenced)" in result.stdout


READ_BACK = """
import json
from django.conf import settings
from django.core.files.storage import storages
from django_tasks import task_backends
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "storage": [f"{cls.__module__}.{cls.__qualname__}" for cls in type(storages["default"]).__mro__],
    "tasks": type(task_backends["default"]).__module__,
}))
"""


@pytest.mark.skipif(
    importlib.util.find_spec("storages") is None, reason="django-storages is not installed (MEDIA_STORAGE=s3)"
)
def test_the_checked_settings_are_those_of_several_machines():
    """What the clean check above was run on: Redis, S3 and the database queue."""
    result = manage("shell", "-c", READ_BACK, env=SEVERAL_MACHINES)
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout.strip().splitlines()[-1])
    assert read["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert "storages.backends.s3.S3Storage" in read["storage"]
    assert read["tasks"].startswith("django_tasks_db")
