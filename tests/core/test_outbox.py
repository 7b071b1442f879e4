"""The outbox of notices: a promised mail is sent at least once, even when its worker dies."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from core.mail import outbox
from core.mail.models import OutgoingMail
from core.tasks import queue_mail
from tests.conftest import free_port

PROJECT_DIR = Path(__file__).resolve().parents[2]
Status = OutgoingMail.Status
KIND = "tests.greeting"


@outbox.builder(KIND)
def build_greeting(object_id: int) -> EmailMessage | None:
    """A test kind: object 0 has nothing to send any more, object 13 cannot be built."""
    if object_id == 0:
        return None
    if object_id == 13:
        raise RuntimeError("the template is broken")
    return EmailMessage(subject=f"Hei {object_id}", body="Hei.", to=[f"lege{object_id}@example.no"])


def status_of(mail: OutgoingMail) -> str:
    mail.refresh_from_db()
    return mail.status


@pytest.mark.django_db
def test_a_queued_mail_is_sent_once_the_change_commits(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mail = queue_mail(KIND, 7)
        assert smtp_server.messages == []  # nothing leaves before the commit
    assert [m["To"] for m in smtp_server.messages] == ["lege7@example.no"]
    assert status_of(mail) == Status.SENT and mail.attempts == 1


@pytest.mark.django_db
def test_a_rolled_back_change_promises_nothing(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue_mail(KIND, 7)
        raise RuntimeError("the change failed")
    assert not OutgoingMail.objects.exists() and smtp_server.messages == []


@pytest.mark.django_db
def test_a_mail_that_no_longer_fits_is_skipped(smtp_server):
    mail = outbox.create(KIND, 0)
    assert outbox.deliver(mail.pk) == Status.SKIPPED
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_a_refused_mail_is_tried_again_later_and_then_sent(smtp_server):
    smtp_server.reply("lege7@example.no", "451 4.3.0 Try again later")
    mail = outbox.create(KIND, 7)
    assert outbox.deliver(mail.pk) == Status.PENDING
    mail.refresh_from_db()
    assert mail.next_attempt_at > timezone.now() and "451" in mail.last_error
    assert outbox.deliver(mail.pk) == ""  # not due yet
    OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver_due()["sent"] == 1
    assert status_of(mail) == Status.SENT and mail.attempts == 2


@pytest.mark.django_db
def test_a_permanently_refused_mail_fails_at_once(smtp_server):
    smtp_server.reply("lege7@example.no", "550 5.1.1 No such user")
    mail = outbox.create(KIND, 7)
    assert outbox.deliver(mail.pk) == Status.FAILED
    assert "550" in OutgoingMail.objects.get(pk=mail.pk).last_error


@pytest.mark.django_db
def test_a_mail_that_cannot_be_built_fails_after_its_tries(smtp_server, settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    mail = outbox.create(KIND, 13)
    assert outbox.deliver(mail.pk) == Status.PENDING
    OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver(mail.pk) == Status.FAILED
    assert "the template is broken" in OutgoingMail.objects.get(pk=mail.pk).last_error


def test_an_unknown_kind_is_refused_when_promised():
    with pytest.raises(ValueError, match="No builder"):
        outbox.create("tests.nobody-builds-this", 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("died_while", "policy", "becomes"),
    [
        (Status.CLAIMED, "skip", Status.SENT),  # nothing was handed over: always safe to send
        (Status.HANDING_OVER, "resend", Status.SENT),
        (Status.HANDING_OVER, "skip", Status.UNCERTAIN),
    ],
)
def test_the_tick_settles_the_mails_of_a_dead_worker(smtp_server, settings, died_while, policy, becomes):
    settings.MAIL_UNCERTAIN_POLICY = policy
    mail = outbox.create(KIND, 7)
    long_ago = timezone.now() - timedelta(seconds=settings.MAIL_LEASE_SECONDS + 1)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=died_while, claimed_at=long_ago, claimed_by="dead-1")
    call_command("core_tick", verbosity=0)
    assert status_of(mail) == becomes
    assert len(smtp_server.messages) == (1 if becomes == Status.SENT else 0)


@pytest.mark.django_db
def test_a_live_workers_claim_is_left_alone(smtp_server):
    mail = outbox.create(KIND, 7)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.HANDING_OVER, claimed_at=timezone.now())
    call_command("core_tick", verbosity=0)
    assert status_of(mail) == Status.HANDING_OVER and smtp_server.messages == []


@pytest.mark.django_db
def test_finished_mails_are_forgotten_after_the_retention(settings):
    old, recent, open_ = (outbox.create(KIND, n) for n in (1, 2, 3))
    now = timezone.now()
    OutgoingMail.objects.filter(pk=old.pk).update(status=Status.SENT, finished_at=now - timedelta(days=40))
    OutgoingMail.objects.filter(pk=recent.pk).update(status=Status.SENT, finished_at=now - timedelta(days=1))
    assert outbox.purge_finished() == 1
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {recent.pk, open_.pk}


# --- A real worker, killed in the middle of a confirmation -------------------------------------


class StallingServer:
    """Accepts mail, but holds the first DATA until released: the worker is killed meanwhile."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.content)
        if len(self.received) == 1:
            self.stalled.set()
            await asyncio.to_thread(self.release.wait, 30)
        return "250 Message accepted for delivery"


def database_url_for_subprocess() -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(connection.settings_dict['NAME']).resolve()}"
    configured = urlsplit(os.environ["DATABASE_URL"])
    return configured._replace(path="/" + connection.settings_dict["NAME"]).geturl()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_confirmation_the_mail_arrives_after_the_tick(home_page, settings):
    """The attack suite's case: db_worker killed while it sends a confirmation. The tick sends it again."""
    from newsletter.factories import topic
    from newsletter.models import ConsentText, Subscriber
    from newsletter.subscriptions import SignupRequest, subscribe

    server = StallingServer()
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    worker = None
    try:
        # The sign-up queues its confirmation for the database task queue, as in production.
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            subscribe(
                SignupRequest(
                    email="ny.lege@example.no",
                    name="",
                    role="fastlege",
                    municipality_id=None,
                    language="nb",
                    topics=[topic("flo")],
                    consent_text=ConsentText.current(),
                )
            )
        mail = OutgoingMail.objects.get(kind="newsletter.confirm")
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.core.outbox_worker_settings",
            DATABASE_URL=database_url_for_subprocess(),
            WORKER_EMAIL_PORT=str(port),
            PYTHONPATH=os.pathsep.join([str(PROJECT_DIR / "site"), str(PROJECT_DIR)]),
        )
        worker = subprocess.Popen(
            [sys.executable, str(PROJECT_DIR / "manage.py"), "db_worker", "--no-reload", "--no-startup-delay"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert server.stalled.wait(90), "the worker never reached the mail server"
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(30) == -signal.SIGKILL
        assert status_of(mail) == Status.HANDING_OVER  # the worker died in the middle of it
        server.release.set()

        # The lease runs out; the scheduler's tick sends the confirmation again.
        OutgoingMail.objects.filter(pk=mail.pk).update(claimed_at=timezone.now() - timedelta(minutes=10))
        call_command("core_tick", verbosity=0)
        assert status_of(mail) == Status.SENT and mail.attempts == 2
        assert len(server.received) == 2  # the first may or may not have reached the person; this one did
        subscriber = Subscriber.objects.get(email="ny.lege@example.no")
        assert subscriber.status == "pending"
    finally:
        server.release.set()
        if worker is not None and worker.poll() is None:
            worker.kill()
            worker.wait()
        controller.stop()
