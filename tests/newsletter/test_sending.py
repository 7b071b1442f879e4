"""Delivering a send through a real SMTP server: retries, failures, pauses, recovery, headers.

The workers are driven by hand with a clock the test moves (`clock`), so a retry an
hour away is one call away, and nothing here waits in real time.
"""

from __future__ import annotations

import base64
import re
import subprocess
from datetime import timedelta
from functools import partial
from io import StringIO
from unittest import mock

import dkim
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from newsletter import rendering
from newsletter.models import Delivery, Send, Status, Subscriber, Suppression
from newsletter.sending import (
    UNCERTAIN_RESENT,
    UNCERTAIN_SKIPPED,
    DeliveryWorker,
    cancel_send,
    pause_send,
    recover_stale_claims,
    start_send,
)
from newsletter.tasks import deliver_send_task, resend_uncertain, resume_send, schedule_send

TRY_LATER = "451 4.3.0 Try again later"
NO_SUCH_USER = "550 5.1.1 No such user here"


class Clock:
    """`now` for a DeliveryWorker: stands still until the test moves it.

    It starts a few seconds ahead, so that rows created after the fixture are already due.
    """

    def __init__(self) -> None:
        self.at = timezone.now() + timedelta(seconds=5)

    def __call__(self):
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def fast_sending(settings):
    """No rate limit unless a test sets one; defaults otherwise as in production."""
    settings.NEWSLETTER_MAX_PER_SECOND = 0
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 60
    settings.NEWSLETTER_MAX_ATTEMPTS = 6
    settings.NEWSLETTER_PAUSE_AFTER_FAILURES = 20
    settings.NEWSLETTER_LEASE_SECONDS = 300


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(username="redaktor", email="redaktor@allmenn.test", password="x")


@pytest.fixture
def doctors(subscriber_factory):
    """Six confirmed GPs on the FLO newsletter, half of them reading nynorsk."""
    return [subscriber_factory(email=f"fastlege{i}@example.no", language="nn" if i % 2 else "nb") for i in range(6)]


def started_send(issue, *, user=None) -> Send:
    """A send whose audience is snapshotted, with no worker run yet (on_commit never fires here)."""
    send = schedule_send(issue, user=user)
    assert start_send(send.pk)
    return Send.objects.get(pk=send.pk)


def received(smtp_server, address: str) -> int:
    return len(smtp_server.to(address))


def delivery_for(send: Send, address: str) -> Delivery:
    return Delivery.objects.get(send=send, email=address)


# --- Temporary failures ------------------------------------------------------------------


def test_a_recipient_refused_with_4xx_is_retried_with_growing_backoff_and_gets_one_mail(
    newsletter_issue, doctors, smtp_server, clock
):
    slow = doctors[2].email
    smtp_server.reply(slow, TRY_LATER, TRY_LATER)
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=clock).run()
    row = delivery_for(send, slow)
    assert (row.status, row.attempts) == (Delivery.Status.PENDING, 1)
    assert row.last_error.startswith("451")
    assert row.next_attempt_at == clock.at + timedelta(seconds=60)
    # The others were not held up by the one that failed.
    assert report.sent == 5 and report.retried == 1
    assert all(received(smtp_server, d.email) == 1 for d in doctors if d.email != slow)
    assert report.stopped_because == "waiting" and report.retry_at == row.next_attempt_at

    clock.advance(30)  # not due yet
    assert DeliveryWorker(send.pk, now=clock).run().sent == 0

    clock.advance(31)
    DeliveryWorker(send.pk, now=clock).run()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Delivery.Status.PENDING, 2)
    assert row.next_attempt_at == clock.at + timedelta(seconds=120)  # twice the first wait

    clock.advance(121)
    report = DeliveryWorker(send.pk, now=clock).run()
    row.refresh_from_db()
    assert (row.status, row.attempts, report.stopped_because) == (Delivery.Status.SENT, 3, "done")
    assert received(smtp_server, slow) == 1
    assert len(smtp_server.messages) == 6
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


def test_a_recipient_that_keeps_failing_is_given_up_after_max_attempts(
    newsletter_issue, doctors, smtp_server, clock, settings
):
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    stubborn = doctors[0].email
    smtp_server.reply(stubborn, *[TRY_LATER] * 5)
    send = started_send(newsletter_issue)

    for _ in range(3):
        DeliveryWorker(send.pk, now=clock).run()
        clock.advance(3600)

    row = delivery_for(send, stubborn)
    assert row.status == Delivery.Status.FAILED
    assert row.attempts == 3
    assert row.note == "Ga opp etter 3 forsøk."
    assert row.last_error.startswith("451")
    assert received(smtp_server, stubborn) == 0
    # A temporary failure says nothing about the address: it is not suppressed.
    assert not Suppression.contains(stubborn)
    assert Subscriber.objects.get(email=stubborn).status == Status.CONFIRMED
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


# --- Permanent failures ------------------------------------------------------------------


def test_a_5xx_at_rcpt_fails_the_row_and_suppresses_the_address(newsletter_issue, doctors, smtp_server, clock):
    gone = doctors[1].email
    smtp_server.reply(gone, NO_SUCH_USER)
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=clock).run()

    row = delivery_for(send, gone)
    assert row.status == Delivery.Status.FAILED
    assert row.last_error.startswith("550") and "No such user" in row.last_error
    assert row.attempts == 1
    assert Subscriber.objects.get(email=gone).status == Status.BOUNCED
    assert Suppression.contains(gone)
    assert report.sent == 5 and report.failed == 1
    assert all(received(smtp_server, d.email) == 1 for d in doctors if d.email != gone)
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


@pytest.fixture
def refuse_data_for(smtp_server):
    """Make the server answer DATA for one recipient with a permanent error (the message, not the address)."""
    refused: dict[str, str] = {}
    accept = smtp_server.handle_DATA

    async def handle_DATA(server, session, envelope):
        for address in envelope.rcpt_tos:
            if address.lower() in refused:
                return refused[address.lower()]
        return await accept(server, session, envelope)

    # aiosmtpd looks its hooks up on the handler for each new connection.
    smtp_server.handle_DATA = handle_DATA

    def refuse(address: str, reply: str = "554 5.6.0 Message content rejected") -> None:
        refused[address.lower()] = reply

    return refuse


def test_a_5xx_at_data_fails_the_row_without_suppressing_the_address(
    newsletter_issue, doctors, smtp_server, clock, refuse_data_for
):
    rejected = doctors[3].email
    refuse_data_for(rejected)
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=clock).run()

    row = delivery_for(send, rejected)
    assert row.status == Delivery.Status.FAILED
    assert row.last_error.startswith("554")
    assert not Suppression.contains(rejected)
    assert Subscriber.objects.get(email=rejected).status == Status.CONFIRMED
    assert report.sent == 5 and report.failed == 1
    assert received(smtp_server, rejected) == 0
    assert all(received(smtp_server, d.email) == 1 for d in doctors if d.email != rejected)


# --- A run of failures, and the editor's controls -------------------------------------------


def test_a_run_of_failures_pauses_the_send_and_tells_the_editor_then_resume_finishes(
    newsletter_issue, doctors, smtp_server, clock, editor, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_PAUSE_AFTER_FAILURES = 3
    for doctor in doctors[:3]:  # the first three tried are refused once, then accepted
        smtp_server.reply(doctor.email, TRY_LATER)
    send = started_send(newsletter_issue, user=editor)

    # The worker runs as a task does (which queues the word to the editor), on the test's clock.
    with (
        mock.patch("newsletter.tasks.DeliveryWorker", partial(DeliveryWorker, now=clock)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = deliver_send_task.enqueue(send.pk).return_value

    assert report["stopped"] == "paused after failures"
    assert report["retried"] == 3 and report["sent"] == 0
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    assert "Satt på pause etter 3 mislykkede forsøk på rad" in send.pause_reason
    assert "451" in send.pause_reason
    # The rows the worker had claimed but not tried are given back, not left claimed.
    assert not Delivery.objects.filter(send=send, status=Delivery.Status.CLAIMED).exists()
    assert Delivery.objects.filter(send=send, status=Delivery.Status.PENDING, attempts=0).count() == 3
    (notice,) = smtp_server.to(editor.email)
    assert "satt på pause" in notice["Subject"]
    assert send.pause_reason in notice.get_content()
    # A paused send is not delivered by a worker that happens to run.
    assert DeliveryWorker(send.pk, now=clock).run().stopped_because == Send.Status.PAUSED

    with django_capture_on_commit_callbacks(execute=True):
        assert resume_send(send.pk)  # the resumed worker runs inline, on the real clock
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING and send.pause_reason == ""
    assert all(received(smtp_server, d.email) == 1 for d in doctors[3:])  # the untried three

    clock.advance(61)  # the three that failed are due again
    report = DeliveryWorker(send.pk, now=clock).run()
    assert report.stopped_because == "done"
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert all(received(smtp_server, d.email) == 1 for d in doctors)
    assert Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count() == 6


def test_the_worker_command_tells_the_editor_too_when_it_pauses_the_send(
    newsletter_issue, doctors, smtp_server, editor, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_PAUSE_AFTER_FAILURES = 2
    for doctor in doctors[:2]:
        smtp_server.reply(doctor.email, TRY_LATER)
    send = started_send(newsletter_issue, user=editor)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("newsletter_worker", "--send", str(send.pk), stdout=StringIO())

    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    (notice,) = smtp_server.to(editor.email)
    assert "satt på pause" in notice["Subject"]


def test_a_stopped_smtp_server_pauses_the_send(newsletter_issue, doctors, smtp_server, clock, settings):
    settings.NEWSLETTER_PAUSE_AFTER_FAILURES = 2
    settings.EMAIL_PORT = smtp_server.port + 1 if smtp_server.port < 65535 else 1  # nobody listens there
    settings.EMAIL_TIMEOUT = 2
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=clock).run()

    assert report.stopped_because == "paused after failures" and report.paused_itself
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    assert "ConnectionRefusedError" in send.pause_reason
    assert Delivery.objects.filter(send=send, status=Delivery.Status.PENDING).count() == 6
    assert smtp_server.messages == []


def test_cancel_skips_what_is_left(newsletter_issue, doctors, smtp_server, clock):
    send = started_send(newsletter_issue)
    DeliveryWorker(send.pk, now=clock, batch_size=2).run(max_batches=1)
    assert len(smtp_server.messages) == 2

    assert cancel_send(send.pk)

    send.refresh_from_db()
    assert send.status == Send.Status.CANCELLED and send.finished_at is not None
    skipped = Delivery.objects.filter(send=send, status=Delivery.Status.SKIPPED)
    assert skipped.count() == 4
    assert set(skipped.values_list("note", flat=True)) == {"Utsendingen ble avbrutt."}
    assert DeliveryWorker(send.pk, now=clock).run().stopped_because == Send.Status.CANCELLED
    assert len(smtp_server.messages) == 2
    assert not cancel_send(send.pk)  # once is enough


def test_a_pause_while_a_worker_runs_stops_it_and_gives_back_its_claims(
    newsletter_issue, subscriber_factory, smtp_server, clock, settings, django_capture_on_commit_callbacks
):
    audience = [subscriber_factory(email=f"lis{i}@example.no") for i in range(40)]
    settings.NEWSLETTER_MAX_PER_SECOND = 1000
    send = started_send(newsletter_issue)

    # The editor clicks "pause" while the worker waits for its 13th slot (mid-batch).
    waits = []
    fake_time = [0.0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        fake_time[0] += seconds
        if len(waits) == 12:
            assert pause_send(send.pk, "Feil lenke i utgaven.")

    worker = DeliveryWorker(send.pk, now=clock, batch_size=25, sleep=sleep, monotonic=lambda: fake_time[0])
    report = worker.run()

    # The pause takes the claimed rows back at once: the worker stops at its next mail, having
    # sent the 12 handed over before the pause, not the rest of its batch of 25.
    assert report.stopped_because == "paused or cancelled"
    assert not report.paused_itself  # the editor paused it and needs no mail about that
    assert report.sent == 12
    assert len(smtp_server.messages) == 12
    assert not Delivery.objects.filter(send=send, status__in=["claimed", "sending"]).exists()
    assert Delivery.objects.filter(send=send, status=Delivery.Status.PENDING, claimed_by="").count() == 28
    send.refresh_from_db()
    assert (send.status, send.pause_reason) == (Send.Status.PAUSED, "Feil lenke i utgaven.")

    settings.NEWSLETTER_MAX_PER_SECOND = 0
    with django_capture_on_commit_callbacks(execute=True):
        resume_send(send.pk)  # runs the worker inline

    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert len(smtp_server.messages) == 40
    assert all(received(smtp_server, s.email) == 1 for s in audience)


# --- The audience is a snapshot ----------------------------------------------------------


def test_the_audience_is_a_snapshot_taken_at_start(newsletter_issue, doctors, subscriber_factory, smtp_server, clock):
    late = subscriber_factory(email="sent.bekreftet@example.no", status=Status.PENDING, confirmed_at=None)
    leaving = doctors[4]
    send = started_send(newsletter_issue)
    assert send.audience_size == 6

    late.confirm()
    leaving.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.UNSUBSCRIBED)
    DeliveryWorker(send.pk, now=clock).run()

    assert received(smtp_server, late.email) == 0
    assert not Delivery.objects.filter(send=send, subscriber=late).exists()
    row = delivery_for(send, leaving.email)
    assert row.status == Delivery.Status.SKIPPED and row.note == "Avmeldt"
    assert received(smtp_server, leaving.email) == 0
    assert len(smtp_server.messages) == 5
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


# --- Rendering and rate -----------------------------------------------------------------


def test_mjml_is_rendered_once_per_language_whatever_the_audience(
    newsletter_issue, subscriber_factory, smtp_server, clock
):
    for i in range(30):
        subscriber_factory(email=f"alis{i}@example.no", language="nn" if i % 3 == 0 else "nb")
    with mock.patch("newsletter.rendering.mjml_to_html", wraps=rendering.mjml_to_html) as mjml:
        send = started_send(newsletter_issue)
        report = DeliveryWorker(send.pk, now=clock, batch_size=7).run()

    assert report.sent == 30
    assert mjml.call_count == 2
    html_languages = {
        re.search(r'<html[^>]*lang="(\w+)"', m.get_body(("html",)).get_content()).group(1) for m in smtp_server.messages
    }
    assert html_languages == {"nb", "nn"}


@pytest.mark.parametrize(("workers", "per_worker_interval"), [(1, 0.1), (2, 0.2)])
def test_the_rate_limit_makes_the_worker_wait_between_mails(
    newsletter_issue, doctors, smtp_server, clock, settings, workers, per_worker_interval
):
    settings.NEWSLETTER_MAX_PER_SECOND = 10
    settings.NEWSLETTER_WORKERS = workers  # the limit is for the whole send, shared by its workers
    send = started_send(newsletter_issue)
    fake_time = [1000.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        fake_time[0] += seconds

    report = DeliveryWorker(send.pk, now=clock, sleep=sleep, monotonic=lambda: fake_time[0]).run()

    assert report.sent == 6
    # The first mail goes at once; each of the other five waits one interval.
    assert len(waits) == 5
    assert sum(waits) == pytest.approx(5 * per_worker_interval)


def test_time_spent_sending_counts_towards_the_interval(newsletter_issue, doctors, smtp_server, clock, settings):
    settings.NEWSLETTER_MAX_PER_SECOND = 10
    send = started_send(newsletter_issue)
    fake_time = [1000.0]
    waits: list[float] = []

    def monotonic() -> float:
        fake_time[0] += 0.04  # each look at the clock: 40 ms spent sending
        return fake_time[0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        fake_time[0] += seconds

    DeliveryWorker(send.pk, now=clock, sleep=sleep, monotonic=monotonic).run()

    assert sum(waits) == pytest.approx(5 * 0.06)


# --- DKIM ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dkim_key(tmp_path_factory) -> tuple[bytes, str]:
    """A fresh 2048-bit RSA key (PEM) and its public half as the p= of a DKIM DNS record."""
    folder = tmp_path_factory.mktemp("dkim")
    private = folder / "private.pem"
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", str(private), "2048"], check=True, capture_output=True)
    public_der = subprocess.run(
        ["openssl", "rsa", "-in", str(private), "-pubout", "-outform", "DER"], check=True, capture_output=True
    ).stdout
    return private.read_bytes(), base64.b64encode(public_der).decode()


def test_mails_are_dkim_signed_over_the_list_headers(newsletter_issue, doctors, smtp_server, clock, settings, dkim_key):
    private_pem, public_b64 = dkim_key
    settings.MAIL_DKIM_PRIVATE_KEY = private_pem.decode()
    settings.MAIL_DKIM_SELECTOR = "nyhetsbrev"
    settings.MAIL_DKIM_DOMAIN = "allmenn.test"
    asked = []

    def dns(name: bytes, timeout: int = 5) -> bytes:
        asked.append(name)
        return f"v=DKIM1; k=rsa; p={public_b64}".encode()

    send = started_send(newsletter_issue)
    DeliveryWorker(send.pk, now=clock).run()

    assert len(smtp_server.envelopes) == 6
    for envelope, mail in zip(smtp_server.envelopes, smtp_server.messages, strict=True):
        raw = envelope.original_content  # the bytes as they arrived, before any parsing
        assert dkim.verify(raw, dnsfunc=dns), raw[:600]
        signature = mail["DKIM-Signature"]
        signed = {h.strip().lower() for h in re.search(r"h=([^;]+)", re.sub(r"\s+", "", signature)).group(1).split(":")}
        assert {"from", "subject", "list-unsubscribe", "list-unsubscribe-post", "list-id", "message-id"} <= signed
        assert "d=allmenn.test" in signature and "s=nyhetsbrev" in signature
    assert set(asked) == {b"nyhetsbrev._domainkey.allmenn.test."}
    # The Message-ID is in the signing domain.
    assert all(m["Message-ID"].endswith("@allmenn.test>") for m in smtp_server.messages)


def test_a_changed_signed_header_fails_verification(newsletter_issue, doctors, smtp_server, clock, settings, dkim_key):
    """The control for the test above: verification is not a rubber stamp."""
    private_pem, public_b64 = dkim_key
    settings.MAIL_DKIM_PRIVATE_KEY = private_pem.decode()
    settings.MAIL_DKIM_SELECTOR = "nyhetsbrev"
    settings.MAIL_DKIM_DOMAIN = "allmenn.test"
    send = started_send(newsletter_issue)
    DeliveryWorker(send.pk, now=clock, batch_size=1).run(max_batches=1)

    raw = smtp_server.envelopes[0].original_content
    tampered = raw.replace(b"\r\nSubject: ", b"\r\nSubject: Re: ", 1)
    assert tampered != raw
    assert not dkim.verify(tampered, dnsfunc=lambda name, timeout=5: f"v=DKIM1; k=rsa; p={public_b64}".encode())


# --- Header injection -------------------------------------------------------------------


def test_a_name_with_line_breaks_adds_no_header(newsletter_issue, subscriber_factory, smtp_server, clock):
    kari = subscriber_factory(email="kari@example.no")
    # Past every form: straight into the database.
    Subscriber.objects.filter(pk=kari.pk).update(name="Kari\r\nBcc: spam@evil.example\r\n\r\nInjected")
    send = started_send(newsletter_issue)

    DeliveryWorker(send.pk, now=clock).run()

    row = delivery_for(send, kari.email)
    assert row.status == Delivery.Status.SENT
    (envelope,) = smtp_server.envelopes
    assert envelope.rcpt_tos == ["kari@example.no"]
    (mail,) = smtp_server.messages
    assert mail["Bcc"] is None
    header_names = [name.lower() for name in mail]
    assert "bcc" not in header_names
    # The name is folded onto one line in the greeting, where it is only text.
    text = mail.get_body(("plain",)).get_content()
    assert "Kari Bcc: spam@evil.example Injected" in text
    assert not re.search(rb"^Bcc:", envelope.original_content, re.MULTILINE | re.IGNORECASE)


def test_a_name_with_a_control_character_does_not_stop_the_send(
    newsletter_issue, subscriber_factory, smtp_server, clock
):
    odd = subscriber_factory(email="a-odd@example.no")
    subscriber_factory(email="b-normal@example.no")
    Subscriber.objects.filter(pk=odd.pk).update(name="Ola\x07Nordmann")
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=clock).run()

    assert report.stopped_because == "done"
    assert delivery_for(send, "b-normal@example.no").status == Delivery.Status.SENT
    assert delivery_for(send, odd.email).status in (Delivery.Status.SENT, Delivery.Status.FAILED)
    assert all("\x07" not in m.as_string() for m in smtp_server.messages)


# --- A worker that stopped ----------------------------------------------------------------


def dead_worker_left_rows(send: Send, clock: Clock) -> tuple[list[Delivery], Delivery]:
    """A worker claims five rows, starts handing the first to the server, and dies."""
    dead = DeliveryWorker(send.pk, now=clock, batch_size=5)
    batch, _tokens = dead.claim_batch()
    in_flight = batch[0]
    Delivery.objects.filter(pk=in_flight.pk).update(status=Delivery.Status.SENDING, claimed_at=clock.at, attempts=1)
    return batch[1:], in_flight


def test_a_dead_workers_claims_return_after_the_lease_and_the_in_flight_one_is_uncertain(
    newsletter_issue, doctors, smtp_server, clock
):
    send = started_send(newsletter_issue)
    claimed, in_flight = dead_worker_left_rows(send, clock)

    clock.advance(299)
    assert recover_stale_claims(send.pk, now=clock()) == (0, 0)  # still within the lease
    report = DeliveryWorker(send.pk, now=clock).run()
    assert report.sent == 1  # only the row nobody held
    assert report.stopped_because == "waiting"
    assert report.retry_at == in_flight_claimed_at(in_flight) + timedelta(seconds=301)

    clock.advance(2)
    report = DeliveryWorker(send.pk, now=clock).run()

    assert report.sent == 4 and report.stopped_because == "done"
    uncertain = Delivery.objects.get(pk=in_flight.pk)
    assert uncertain.status == Delivery.Status.UNCERTAIN
    assert uncertain.note == UNCERTAIN_SKIPPED
    assert received(smtp_server, in_flight.email) == 0
    assert all(received(smtp_server, row.email) == 1 for row in claimed)
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert send.progress()["uncertain"] == 1

    # The editor chooses to send the uncertain one again.
    assert resend_uncertain(send.pk) == 1
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING
    report = DeliveryWorker(send.pk, now=clock).run()
    assert report.sent == 1 and report.stopped_because == "done"
    again = Delivery.objects.get(pk=in_flight.pk)
    assert again.status == Delivery.Status.SENT
    assert again.note == "Usikker levering sendt på nytt etter valg fra redaktør."
    assert received(smtp_server, in_flight.email) == 1
    assert all(received(smtp_server, d.email) == 1 for d in doctors)


def in_flight_claimed_at(row: Delivery):
    return Delivery.objects.get(pk=row.pk).claimed_at


def test_with_the_resend_policy_the_in_flight_row_is_sent_again(
    newsletter_issue, doctors, smtp_server, clock, settings
):
    settings.NEWSLETTER_UNCERTAIN_POLICY = "resend"
    send = started_send(newsletter_issue)
    _claimed, in_flight = dead_worker_left_rows(send, clock)

    clock.advance(301)
    assert recover_stale_claims(send.pk, now=clock()) == (4, 1)
    row = Delivery.objects.get(pk=in_flight.pk)
    assert (row.status, row.note) == (Delivery.Status.PENDING, UNCERTAIN_RESENT)

    report = DeliveryWorker(send.pk, now=clock).run()
    assert report.sent == 6 and report.stopped_because == "done"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Delivery.Status.SENT, 2)
    assert all(received(smtp_server, d.email) == 1 for d in doctors)


def test_a_slow_worker_whose_row_became_uncertain_still_records_its_success(
    newsletter_issue, doctors, smtp_server, clock
):
    send = started_send(newsletter_issue)
    slow = DeliveryWorker(send.pk, now=clock, batch_size=1)
    hand_over = slow.smtp.send

    def to_a_slow_server(*args, **kwargs):
        # The server takes longer than the lease to answer: meanwhile another worker's
        # recovery marks the row uncertain.
        clock.advance(301)
        assert recover_stale_claims(send.pk, now=clock()) == (0, 1)
        return hand_over(*args, **kwargs)

    slow.smtp.send = to_a_slow_server
    report = slow.run(max_batches=1)

    assert report.sent == 1
    (row,) = Delivery.objects.filter(send=send, status=Delivery.Status.SENT)
    assert row.claimed_by == slow.worker_id
    assert received(smtp_server, row.email) == 1


def test_an_address_with_a_line_break_is_never_sent(newsletter_issue, subscriber_factory, smtp_server, clock, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    mallory = subscriber_factory(email="mallory@example.no")
    subscriber_factory(email="ok@example.no")
    Subscriber.objects.filter(pk=mallory.pk).update(email="mallory@example.no\r\nBcc: spam@evil.example")
    send = started_send(newsletter_issue)

    DeliveryWorker(send.pk, now=clock).run()

    row = Delivery.objects.get(send=send, subscriber=mallory)
    # Django's mail refuses the address; trying again would change nothing, so it fails at once.
    assert row.status == Delivery.Status.FAILED
    assert "Invalid address" in row.last_error
    assert row.attempts == 1
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["ok@example.no"]]
    assert all(m["Bcc"] is None for m in smtp_server.messages)
