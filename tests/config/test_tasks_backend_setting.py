"""TASKS_BACKEND in production: the database queue by default, rq on request, nothing else."""

from __future__ import annotations

import importlib.util
import json
import secrets
import subprocess

import pytest

from tests.manage_command import run_manage
from tests.redis_service import REDIS_URL, needs_redis

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "allmenn.example.no",
    "WAGTAILADMIN_BASE_URL": "https://allmenn.example.no",
    "DATABASE_URL": "sqlite:////tmp/allmenn-tasks-backend-check.sqlite3",
    "EMAIL_URL": "smtp://relay.example.no:587",
    "DEFAULT_FROM_EMAIL": "Allmenn <post@allmenn.example.no>",
}
HAS_RQ = importlib.util.find_spec("django_tasks_rq") is not None
READ_BACKEND = "import json; from django_tasks import task_backends; b = task_backends['default']; print(json.dumps(f'{type(b).__module__}.{type(b).__name__}'))"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_manage(
        *args,
        env={**PRODUCTION_ENV, **env},
        drop={"DATABASE_URL", "TASKS_BACKEND", "REDIS_URL", "TASKS_REDIS_URL"},
        timeout=120,
    )


def session_database_url() -> str:
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    return f"postgres://{config['USER']}@{config['HOST']}:{config['PORT']}/{config['NAME']}"


def backend_in_use(**env: str) -> str:
    result = manage("shell", "-c", READ_BACKEND, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_database_queue_is_the_default():
    assert backend_in_use() == "django_tasks_db.backend.DatabaseBackend"


@pytest.mark.parametrize("value", ["database", "django_tasks_db.DatabaseBackend"])
def test_the_database_queue_by_name_or_by_path(value):
    assert backend_in_use(TASKS_BACKEND=value) == "django_tasks_db.backend.DatabaseBackend"


@pytest.mark.parametrize("value", ["celery", "django_tasks.backends.immediate.ImmediateBackend", "DATABASE"])
def test_an_unknown_backend_stops_the_start_with_the_choices(value):
    result = manage("check", TASKS_BACKEND=value)
    assert result.returncode != 0
    assert f"TASKS_BACKEND={value!r} is not a task backend of this site" in result.stderr
    assert "database (django_tasks_db.DatabaseBackend), rq (django_tasks_rq.RQBackend)" in result.stderr


def test_rq_without_redis_stops_the_start():
    result = manage("check", TASKS_BACKEND="rq")
    assert result.returncode != 0
    expected = "set TASKS_REDIS_URL or REDIS_URL" if HAS_RQ else "needs django-tasks-rq"
    assert expected in result.stderr


@pytest.mark.skipif(HAS_RQ, reason="django-tasks-rq is installed here")
def test_rq_without_the_package_says_how_to_install_it():
    result = manage("check", TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/13")
    assert result.returncode != 0
    assert "pip install -c requirements.lock '.[rq]'" in result.stderr


@needs_redis
@pytest.mark.skipif(not HAS_RQ, reason="django-tasks-rq is not installed (pip install -c requirements.lock '.[rq]')")
def test_rq_runs_a_task_through_redis(django_db_setup):
    """A real round trip: enqueued by one process, run by `rqworker --burst`, read back by a third
    (on this session's migrated test database)."""
    queue = {"TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL, "DATABASE_URL": session_database_url()}
    assert backend_in_use(**queue) == "django_tasks_rq.backend.RQBackend"
    assert manage("check", "--deploy", "--fail-level", "WARNING", **queue).returncode == 0
    enqueue = manage(
        "shell",
        "-c",
        "from core.tasks import deliver_mail_task; print(deliver_mail_task.enqueue(0).id)",
        **queue,
    )
    assert enqueue.returncode == 0, enqueue.stderr
    task_id = enqueue.stdout.strip().splitlines()[-1]
    worker = manage("rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default", **queue)
    assert worker.returncode == 0, worker.stderr
    status = manage(
        "shell",
        "-c",
        f"from core.tasks import deliver_mail_task; print(deliver_mail_task.get_result({task_id!r}).status)",
        **queue,
    )
    assert status.stdout.strip().splitlines()[-1] == "SUCCESSFUL"
