"""A worker killed mid-send, and workers racing for one send's rows.

These tests need committed rows that another process or thread can see, so they run
in transactional tests (`transaction=True`, with the migrations' data restored after).
They run on SQLite by default and on PostgreSQL when DATABASE_URL points there.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from newsletter.factories import topic
from newsletter.models import Delivery, Send, Status, Subscriber, email_hash
from newsletter.sending import UNCERTAIN_RESENT, UNCERTAIN_SKIPPED, DeliveryWorker
from newsletter.tasks import schedule_send
from newsletter.tokens import issue_manage_tokens

PROJECT_DIR = Path(__file__).resolve().parents[2]

transactional = pytest.mark.django_db(transaction=True)


# --- A countable SMTP server --------------------------------------------------------------


class CountingServer:
    """Accepts everything and counts the mails per recipient; can be slow, and can stall one DATA."""

    def __init__(self, *, delay: float = 0.0, stall_at: int | None = None) -> None:
        self.delay = delay
        self.stall_at = stall_at
        self.received: Counter[str] = Counter()
        self.message_ids: list[str] = []
        self.accepted = 0
        self.stalled = threading.Event()  # set when the stalled DATA has arrived
        self.release = threading.Event()  # set by the test to let the stalled DATA finish
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            for address in envelope.rcpt_tos:
                self.received[address.lower()] += 1
            self.message_ids.extend(_message_ids(envelope.content))
            self.accepted += 1
            number = self.accepted
        if number == self.stall_at:
            # The whole mail has arrived; the worker now waits for our 250 and is killed meanwhile.
            self.stalled.set()
            await asyncio.to_thread(self.release.wait, 30)
        elif self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def duplicates(self) -> int:
        return sum(count - 1 for count in self.received.values() if count > 1)


def _message_ids(content: bytes) -> list[str]:
    for line in content.split(b"\r\n"):
        if line.lower().startswith(b"message-id:"):
            return [line.split(b":", 1)[1].strip().decode()]
        if not line:
            break
    return []


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def counting_server(settings):
    """Start a CountingServer; call it with the options, get the server and its port."""
    controllers = []

    def start(**options) -> tuple[CountingServer, int]:
        handler = CountingServer(**options)
        port = _free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append((controller, handler))
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 30
        return handler, port

    yield start
    for controller, handler in controllers:
        handler.release.set()
        controller.stop()


# --- An audience and a started send --------------------------------------------------------


def make_audience(count: int, prefix: str = "fastlege") -> list[str]:
    """`count` confirmed subscribers of the FLO newsletter, created in two inserts."""
    flo = topic("flo")
    now = timezone.now()
    addresses = [f"{prefix}{i:04d}@example.no" for i in range(count)]
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=address,
            email_hash=email_hash(address),
            name=f"Lege {i}",
            language="nn" if i % 4 == 0 else "nb",
            status=Status.CONFIRMED,
            confirmed_at=now,
        )
        for i, address in enumerate(addresses)
    )
    Subscriber.topics.through.objects.bulk_create(
        Subscriber.topics.through(subscriber_id=s.pk, topic_id=flo.pk) for s in subscribers
    )
    return addresses


def start_without_workers(issue) -> Send:
    """Schedule and start a send (the audience snapshot) without the workers the start enqueues."""
    with mock.patch("newsletter.tasks.queue_workers"):
        send = schedule_send(issue)  # on_commit runs at once here: there is no test transaction
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING
    return send


# --- SIGKILL -----------------------------------------------------------------------------


def database_url_for_subprocess() -> str:
    """The URL of the test database this test runs against, for a worker in another process."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    configured = urlsplit(os.environ["DATABASE_URL"])
    return configured._replace(path="/" + settings_dict["NAME"]).geturl()


def worker_command(send_id: int) -> list[str]:
    return [sys.executable, str(PROJECT_DIR / "manage.py"), "newsletter_worker", "--send", str(send_id)]


def worker_env(port: int, policy: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.newsletter.worker_settings",
        DATABASE_URL=database_url_for_subprocess(),
        WORKER_EMAIL_PORT=str(port),
        NEWSLETTER_LEASE_SECONDS="1",
        NEWSLETTER_MAX_PER_SECOND="0",
        NEWSLETTER_UNCERTAIN_POLICY=policy,
        PYTHONPATH=os.pathsep.join([str(PROJECT_DIR / "site"), str(PROJECT_DIR)]),
    )
    return env


@transactional
@pytest.mark.parametrize("policy", ["skip", "resend"])
def test_a_worker_killed_mid_send_leaves_only_the_mail_in_flight_uncertain(newsletter_issue, counting_server, policy):
    audience = make_audience(60)
    send = start_without_workers(newsletter_issue)
    # A slow server, which stalls on the 23rd mail (the third of the third batch of ten):
    # the worker is killed while it waits for the answer to that DATA.
    server, port = counting_server(delay=0.02, stall_at=23)
    env = worker_env(port, policy)

    first = subprocess.Popen(
        [*worker_command(send.pk), "--batch-size", "10"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        if not server.stalled.wait(90):
            first.kill()
            raise AssertionError(f"the worker never reached the 23rd mail: {first.communicate()}")
        first.send_signal(signal.SIGKILL)
        assert first.wait(30) == -signal.SIGKILL
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    server.release.set()

    in_flight = Delivery.objects.get(send=send, status=Delivery.Status.SENDING)
    assert Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count() == 22
    assert Delivery.objects.filter(send=send, status=Delivery.Status.CLAIMED).count() == 7
    assert server.accepted == 23

    time.sleep(1.5)  # the dead worker's lease runs out
    second = subprocess.run(
        worker_command(send.pk), cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert second.returncode == 0, second.stderr
    assert "stoppet: done" in second.stdout

    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    row = Delivery.objects.get(pk=in_flight.pk)
    others = [address for address in audience if address != row.email]
    # Everyone else got exactly one mail: nothing before the kill was sent again, nothing after lost.
    assert all(server.received[address] == 1 for address in others), server.received
    assert len(server.message_ids) == len(set(server.message_ids)) + server.duplicates()
    if policy == "skip":
        assert (row.status, row.note) == (Delivery.Status.UNCERTAIN, UNCERTAIN_SKIPPED)
        assert server.received[row.email] in (0, 1)
        assert send.progress() == {
            "total": 60,
            "sent": 59,
            "failed": 0,
            "uncertain": 1,
            "skipped": 0,
            "left": 0,
            "in_flight": 0,
        }
    else:
        # Sent again: the recipient may have two, and the row says so.
        assert (row.status, row.note, row.attempts) == (Delivery.Status.SENT, UNCERTAIN_RESENT, 2)
        assert server.received[row.email] in (1, 2)
        assert send.progress()["sent"] == 60


# --- Concurrent workers -----------------------------------------------------------------


def naive_claim_batch(self: DeliveryWorker):
    """Check-then-act without a lock: read the due ids, then mark them ours, unconditionally."""
    ids = list(
        Delivery.objects.filter(send_id=self.send_id, status=Delivery.Status.PENDING, next_attempt_at__lte=self.now())
        .order_by("pk")
        .values_list("pk", flat=True)[: self.batch_size]
    )
    if not ids:
        return [], {}
    # The window between the read and the write, widened so that the race shows, and of a
    # different length per worker, as real workers are never in step.
    time.sleep(0.03 * (1 + int(self.worker_id.rpartition("-")[2])))
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.CLAIMED, claimed_by=self.worker_id, claimed_at=self.now()
    )
    batch = list(Delivery.objects.filter(pk__in=ids).order_by("pk"))
    return batch, issue_manage_tokens([row.subscriber_id for row in batch])


def run_workers_in_threads(send_id: int, count: int) -> list:
    """`count` workers on one send, started together, each in its own thread and database connection."""
    start = threading.Barrier(count)
    results: list = []

    def work(number: int) -> None:
        try:
            start.wait()
            results.append(DeliveryWorker(send_id, worker_id=f"worker-{number}", batch_size=10).run())
        except Exception as exc:  # reported to the test below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert not any(thread.is_alive() for thread in threads)
    return results


@transactional
def test_concurrent_workers_send_every_row_exactly_once(newsletter_issue, counting_server, settings):
    settings.NEWSLETTER_MAX_PER_SECOND = 0
    audience = make_audience(200)
    send = start_without_workers(newsletter_issue)
    server, _port = counting_server()

    results = run_workers_in_threads(send.pk, 4)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.sent for r in results) == 200
    assert [server.received[address] for address in audience] == [1] * 200
    assert len(server.message_ids) == len(set(server.message_ids)) == 200
    rows = Delivery.objects.filter(send=send)
    assert rows.filter(status=Delivery.Status.SENT).count() == 200
    # The workers really did share the work (a send done by one worker proves nothing).
    assert len(set(rows.values_list("claimed_by", flat=True))) >= 2
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


@transactional
def test_without_the_lock_concurrent_workers_send_duplicates(newsletter_issue, counting_server, settings):
    """The negative control: the same race with a naive claim mails some recipients twice."""
    settings.NEWSLETTER_MAX_PER_SECOND = 0
    audience = make_audience(200)
    send = start_without_workers(newsletter_issue)
    server, _port = counting_server()

    with mock.patch.object(DeliveryWorker, "claim_batch", naive_claim_batch):
        results = run_workers_in_threads(send.pk, 4)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert server.duplicates() > 0
    assert sum(server.received[address] for address in audience) > 200
