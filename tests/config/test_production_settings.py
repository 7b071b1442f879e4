"""Production refuses to start without its secrets and passes Django's deploy checks."""

import subprocess

from tests.manage_command import run_manage

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x" * 64 + "-a-long-random-production-secret-for-the-test",
    "ALLOWED_HOSTS": "allmenn.example.no",
    "WAGTAILADMIN_BASE_URL": "https://allmenn.example.no",
    "DATABASE_URL": "sqlite:////tmp/allmenn-deploy-check.sqlite3",
    "EMAIL_URL": "smtp://relay.example.no:587",
    "DEFAULT_FROM_EMAIL": "Allmenn <post@allmenn.example.no>",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Start from this environment minus anything a test setting or fixture may have added.
    return run_manage(*args, env=env, drop={*PRODUCTION_ENV, "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}, timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_check_deploy_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_an_address_without_https():
    result = manage("check", env={**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "http://allmenn.example.no"})
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must be an https address" in result.stderr


def test_production_refuses_an_address_outside_allowed_hosts():
    result = manage("check", env={**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "https://annet.example.no"})
    assert result.returncode != 0
    assert "is not in ALLOWED_HOSTS" in result.stderr


POSTMARK_ENV = {
    **PRODUCTION_ENV,
    "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
    "ANYMAIL_POSTMARK_SERVER_TOKEN": "t",
}


def test_production_refuses_an_esp_whose_webhook_has_no_secret():
    result = manage("check", env=POSTMARK_ENV)
    assert result.returncode != 0
    assert "set ANYMAIL_WEBHOOK_SECRET" in result.stderr


def test_production_mounts_only_the_esps_webhook_once_it_has_its_secret():
    script = (
        "from django.urls import resolve, Resolver404\n"
        "print(resolve('/anymail/postmark/tracking/').url_name)\n"
        "for url in ('/anymail/mailgun/tracking/', '/anymail/brevo/tracking/'):\n"
        "    print(resolve(url).url_name)\n"
    )
    result = manage(
        "shell", "-v0", "-c", script, env={**POSTMARK_ENV, "ANYMAIL_WEBHOOK_SECRET": "anymail:lang-hemmelighet"}
    )
    assert result.returncode == 0, result.stderr
    # The ESP's own route, then the other two fall through to Wagtail's page serving (a 404 there).
    assert result.stdout.split() == ["esp_tracking_webhook", "wagtail_serve", "wagtail_serve"]
