"""Reminders N days before, once each; and a notice with a new calendar file when the time or place moves."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone

from conference.models import ConferencePage, Registration
from conference.reminders import send_due_reminders

pytestmark = pytest.mark.django_db


def calendar_of(message) -> icalendar.Calendar:
    (part,) = [a for a in message.attachments if getattr(a, "get_content_type", lambda: "")() == "text/calendar"] or [
        a for a in message.attachments if isinstance(a, tuple) and a[2].startswith("text/calendar")
    ]
    payload = part.get_payload(decode=True) if hasattr(part, "get_payload") else part[1]
    return icalendar.Calendar.from_ical(payload)


def test_a_reminder_goes_once_to_each_confirmed_registrant_when_due(
    conference, in_person, registration_factory, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed = registration_factory(ticket_type=in_person)
    registration_factory(ticket_type=in_person, status=Registration.Status.WAITING, confirmed_at=None)
    early = conference.starts_at - timedelta(days=conference.reminder_days + 1)
    assert send_due_reminders(now=early) == []
    due = conference.starts_at - timedelta(days=conference.reminder_days - 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=due) == [confirmed.pk]
        assert send_due_reminders(now=due + timedelta(hours=1)) == []
    (message,) = mailoutbox
    assert message.to == [confirmed.email]
    assert calendar_of(message).walk("VEVENT")


def test_the_tick_sends_reminders(conference, in_person, registration_factory, mailoutbox):
    ConferencePage.objects.filter(pk=conference.pk).update(starts_at=timezone.now() + timedelta(days=2))
    registration_factory(ticket_type=in_person)
    call_command("conference_tick", verbosity=0)
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_moving_the_conference_tells_those_with_a_seat_with_a_higher_sequence(
    conference, in_person, registration_factory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conference.save_revision().publish()  # the first publish only records what registrants know
    seat = registration_factory(ticket_type=in_person)
    registration_factory(ticket_type=in_person, status=Registration.Status.CANCELLED)
    assert mailoutbox == []
    page = ConferencePage.objects.get(pk=conference.pk)
    page.starts_at += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    (message,) = mailoutbox
    assert message.to == [seat.email]
    event = calendar_of(message).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) >= 1
    assert event.decoded("DTSTART") == page.starts_at
    page = ConferencePage.objects.get(pk=conference.pk)
    sequence = page.calendar_sequence
    page.summary = "Bare en skrivefeil rettet"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert len(mailoutbox) == 1  # nothing about time or place changed
    assert ConferencePage.objects.get(pk=conference.pk).calendar_sequence == sequence
