"""EMAIL_URL in production: a scheme dj-email-url does not know stops the start, instead of
a production without a mail backend (or without TLS)."""

from __future__ import annotations

import json

import pytest

from tests.config.test_tasks_backend_setting import manage

READ_MAIL = (
    "import json; from django.conf import settings; "
    "print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS]))"
)


@pytest.mark.parametrize("url", ["smtp+tls://user:pass@relay.example.no:587", "smtps+starttls://relay.example.no"])
def test_an_unknown_scheme_stops_the_start(url):
    result = manage("check", EMAIL_URL=url)
    assert result.returncode != 0
    assert "EMAIL_URL has a scheme dj-email-url does not know" in result.stderr
    assert "submission://" in result.stderr


def test_submission_is_smtp_with_starttls():
    result = manage("shell", "-c", READ_MAIL, EMAIL_URL="submission://user:pass@relay.example.no:587")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "relay.example.no",
        587,
        True,
    ]
