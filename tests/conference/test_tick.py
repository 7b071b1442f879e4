"""The periodic job: offers past their time expire and the seat passes on (and is mailed), retention
runs, and the scheduler runs the job beside the newsletter's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from conference import tasks
from conference.ledger import Changes
from conference.models import Registration, RetentionLog

Status = Registration.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_offers(monkeypatch):
    """A stand-in for core's queue_mail that records which registrations it is asked to mail."""
    sent: list[int] = []
    monkeypatch.setattr(
        tasks, "queue_mail", lambda kind, object_id: transaction.on_commit(lambda: sent.append(object_id))
    )
    return sent


def test_an_expired_offer_passes_to_the_next_in_line_and_is_mailed(
    in_person, registration_factory, django_capture_on_commit_callbacks
):
    registration_factory(ticket_type=in_person)
    lapsed = registration_factory(
        ticket_type=in_person,
        status=Status.OFFERED,
        confirmed_at=None,
        offered_at=timezone.now() - timedelta(days=3),
        offer_expires_at=timezone.now() - timedelta(minutes=1),
    )
    next_in_line = registration_factory(
        ticket_type=in_person,
        status=Status.WAITING,
        confirmed_at=None,
        waiting_since=timezone.now() - timedelta(days=5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("conference_tick", verbosity=0)
    lapsed.refresh_from_db()
    next_in_line.refresh_from_db()
    assert lapsed.status == Status.EXPIRED
    assert next_in_line.status == Status.OFFERED and next_in_line.offer_expires_at > timezone.now()
    # The offer, through core's outbox.
    assert [message.to for message in mail.outbox] == [[next_in_line.email]]


def test_mail_offers_waits_for_the_commit(sent_offers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.mail_offers(Changes(offered=[7, 8]))
    assert sent_offers == []
    for callback in callbacks:
        callback()
    assert sent_offers == [7, 8]


def test_mail_offers_without_offers_does_nothing(sent_offers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.mail_offers(Changes())
    assert callbacks == [] and sent_offers == []


def test_the_tick_runs_retention(conference, in_person, registration_factory):
    registration = registration_factory(ticket_type=in_person)
    conference.starts_at = timezone.now() - timedelta(days=conference.retention_days + 3)
    conference.ends_at = conference.starts_at + timedelta(hours=30)
    conference.registration_opens_at = conference.starts_at - timedelta(days=30)
    conference.registration_closes_at = conference.starts_at - timedelta(days=1)
    conference.save()
    call_command("conference_tick", verbosity=0)
    call_command("conference_tick", verbosity=0)
    registration.refresh_from_db()
    assert registration.personal_data_purged_at is not None
    assert list(RetentionLog.objects.values_list("kind", "count")) == [("personal", 1)]


def test_the_scheduler_runs_the_conference_job(monkeypatch):
    from core.management.commands import run_scheduler

    jobs = []
    monkeypatch.setattr(run_scheduler, "call_command", lambda job, **kwargs: jobs.append(job))
    run_scheduler.Command().handle(interval=1, once=True)
    assert jobs == ["publish_scheduled", "core_tick", "newsletter_tick", "conference_tick", "search_tick"]
