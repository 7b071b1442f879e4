"""docs/deploy/compose.example.yaml says what the README says: the services shared, var/ per
host, one scheduler, the web hosts after the migrations; and its environment starts
production settings with a clean `check --deploy`."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from tests.manage_command import run_manage

pytestmark = pytest.mark.multihost

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "deploy" / "compose.example.yaml"
SITE_SERVICES = ("migrate", "web", "worker", "scheduler")
# Compose's ${NAME}, ${NAME:?message} and ${NAME:-default}.
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[?-][^}]*)?\}")


def services() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())["services"]


def test_every_service_of_the_site_shares_the_database_redis_search_and_the_bucket():
    for name in SITE_SERVICES:
        environment = services()[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production", name
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert environment["REDIS_URL"].startswith("redis://"), name
        assert environment["ELASTICSEARCH_URL"], name
        assert environment["MEDIA_STORAGE"] == "s3", name
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY"), name  # from outside, never written here


def test_no_volume_of_the_site_is_mounted_by_two_services():
    """var/ stays per host: the site's services mount anonymous volumes only."""
    for name in SITE_SERVICES:
        for volume in services()[name].get("volumes", []):
            assert ":" not in volume, (name, volume)


def test_the_web_hosts_workers_and_scheduler_wait_for_the_migrations():
    for name in ("web", "worker", "scheduler"):
        assert services()[name]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert "migrate --no-input" in services()["migrate"]["command"][-1]


def test_one_scheduler():
    assert services()["scheduler"]["deploy"]["replicas"] == 1
    assert "publish_scheduled" in services()["scheduler"]["command"][-1]


def test_its_environment_passes_the_deploy_check():
    def filled(value: str) -> str:
        return INTERPOLATION.sub(lambda match: f"example-{match.group(1).lower()}", str(value))

    environment = {name: filled(value) for name, value in services()["web"]["environment"].items()}
    environment["SECRET_KEY"] = "example-" + "k" * 60 + "-only-for-the-check"
    environment["EMAIL_URL"] = "submission://relay.example.no:587"
    environment["AWS_S3_ENDPOINT_URL"] = "https://s3.example.no"
    test_run_variables = {name for name in os.environ if name.startswith(("DJANGO_", "DATABASE_"))}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=environment, drop=test_run_variables)
    assert result.returncode == 0, result.stderr + result.stdout
