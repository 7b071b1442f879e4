"""Retention: sensitive answers gone N days after the conference, all personal data replaced after
the retention period, the counts kept, each purge logged as a count, and a second run changes nothing."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from conference import retention
from conference.admin.views import conference_counts
from conference.models import Answer, CheckInToken, ManageToken, Question, Registration, RetentionLog
from core.models import Municipality

Status = Registration.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def held(conference, in_person, digital, registration_factory):
    """A conference with answers, tokens and every kind of registration, as it stands when it ends."""
    oslo = Municipality.objects.get(number="0301", valid_to__isnull=True)
    diet = Question.objects.create(conference=conference, label="Kosthold", sensitive=True)
    topic = Question.objects.create(conference=conference, label="Tema")
    registrations = [
        registration_factory(ticket_type=in_person, municipality=oslo, attended_at=conference.starts_at),
        registration_factory(ticket_type=in_person, municipality=oslo),
        registration_factory(ticket_type=in_person, status=Status.WAITING, confirmed_at=None),
        registration_factory(ticket_type=in_person, status=Status.CANCELLED),
        registration_factory(ticket_type=digital, attended_at=conference.starts_at),
    ]
    for registration in registrations[:3]:
        Answer.objects.create(
            registration=registration, question=diet, question_label="Kosthold", sensitive=True, value="Glutenfri"
        )
        Answer.objects.create(registration=registration, question=topic, question_label="Tema", value="Legevakt")
        ManageToken.objects.create(
            registration=registration, token_hash=f"m{registration.pk}", expires_at=conference.ends_at
        )
        CheckInToken.objects.create(registration=registration, token_hash=f"c{registration.pk}")
    return conference


def days_after_end(conference, days: float):
    return conference.ends_at + timedelta(days=days)


def test_nothing_is_purged_before_the_time(held):
    report = retention.purge(now=days_after_end(held, 0.5))
    assert report.sensitive == {} and report.personal == {}
    assert Answer.objects.count() == 6 and not RetentionLog.objects.exists()


def test_sensitive_answers_are_gone_after_sensitive_purge_days(held, caplog):
    held.sensitive_purge_days = 3
    held.save()
    assert retention.purge(now=days_after_end(held, 2.9)).sensitive == {}
    with caplog.at_level(logging.INFO, logger="conference.retention"):
        report = retention.purge(now=days_after_end(held, 3))
    assert report.sensitive == {held.pk: 3}
    assert not Answer.objects.filter(sensitive=True).exists()
    assert Answer.objects.filter(sensitive=False).count() == 3  # the rest waits for the retention period
    assert Registration.objects.filter(personal_data_purged_at__isnull=False).count() == 0
    log = RetentionLog.objects.get()
    assert (log.conference_id, log.kind, log.count) == (held.pk, "sensitive", 3)
    assert "deleted 3 sensitive answers" in caplog.text and "Glutenfri" not in caplog.text


def test_personal_data_is_replaced_after_retention_days_and_the_counts_are_kept(held):
    rows_before, total_before = conference_counts(held)
    now = days_after_end(held, held.retention_days)
    report = retention.purge(now=now)
    assert report.personal == {held.pk: 5}
    for registration in Registration.objects.filter(conference=held):
        assert registration.name == "(slettet)"
        assert registration.email == "" and registration.organisation == "" and registration.municipality is None
        assert registration.email_hash.startswith("purged:")
        assert registration.personal_data_purged_at == now
    assert not Answer.objects.exists()
    assert not ManageToken.objects.exists() and not CheckInToken.objects.exists()
    rows_after, total_after = conference_counts(held)
    assert [row.counts for row in rows_after] == [row.counts for row in rows_before]
    assert (total_after.counts, total_after.attended) == (total_before.counts, total_before.attended)
    assert total_after.attended == 2
    kinds = {log.kind: log.count for log in RetentionLog.objects.all()}
    assert kinds == {"sensitive": 3, "personal": 5}


def test_running_twice_changes_nothing(held):
    now = days_after_end(held, held.retention_days)
    retention.purge(now=now)
    snapshot = list(Registration.objects.order_by("pk").values())
    report = retention.purge(now=now + timedelta(days=1))
    assert report.sensitive == {} and report.personal == {}
    assert list(Registration.objects.order_by("pk").values()) == snapshot
    assert RetentionLog.objects.count() == 2


def test_other_conferences_are_untouched(held, conference_index, registration_factory):
    from conference.factories import ConferencePageFactory, TicketTypeFactory

    later = ConferencePageFactory(parent=conference_index)
    later.starts_at += timedelta(days=365)
    later.ends_at += timedelta(days=365)
    later.save()
    theirs = registration_factory(ticket_type=TicketTypeFactory(conference=later), name="Framtidig Lege")
    retention.purge(now=days_after_end(held, held.retention_days))
    theirs.refresh_from_db()
    assert theirs.name == "Framtidig Lege" and theirs.personal_data_purged_at is None
