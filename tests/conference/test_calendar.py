"""The calendar file, parsed back with icalendar: UID, time zone, location per ticket type, SEQUENCE."""

from __future__ import annotations

import icalendar
import pytest

from conference import registrations
from conference.calendar import registration_calendar
from conference.models import Registration


def parse(raw) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def calendar_from(mailbox, message):
    return parse(mailbox.attachment(message, "text/calendar").get_content())


@pytest.fixture
def kari(conference, in_person, registration_data, visitor, mailbox):
    visitor.post(f"/konferanse-pamelding/{conference.pk}/", registration_data(in_person))
    return Registration.objects.get()


def test_the_confirmations_calendar(kari, conference, mailbox):
    calendar, event = calendar_from(mailbox, mailbox.last(kari.email))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"{conference.calendar_uid}-{kari.pk}"
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTSTART") == conference.starts_at
    assert event.decoded("DTEND") == conference.ends_at
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Oslo"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert str(event["SUMMARY"]) == conference.title
    assert str(event["LOCATION"]) == "Oslo Kongressenter, Youngs gate 21 0181 Oslo"
    assert "/konferanse-pamelding/p/" in str(event["DESCRIPTION"])
    assert conference.stream_url not in calendar.to_ical().decode()  # never the stream for the hall
    assert int(event["SEQUENCE"]) == 0
    assert str(event["ATTENDEE"]) == f"mailto:{kari.email}"


def test_the_uid_is_stable_across_resends_and_downloads(kari, conference, mailbox, visitor):
    first = calendar_from(mailbox, mailbox.last(kari.email))[1]
    registrations.resend_links(kari.email)
    link = mailbox.manage_path(kari.email)
    downloaded = parse(visitor.get(link + "kalender.ics").content)[1]
    assert str(first["UID"]) == str(downloaded["UID"])
    assert int(first["SEQUENCE"]) == int(downloaded["SEQUENCE"])


def test_digital_tickets_get_the_stream_link_as_location(conference, digital, registration_data, visitor, mailbox):
    visitor.post(f"/konferanse-pamelding/{conference.pk}/", registration_data(digital))
    _calendar, event = calendar_from(mailbox, mailbox.last("kari.lege@example.no"))
    assert str(event["LOCATION"]) == conference.stream_url


def test_moving_ticket_type_bumps_the_sequence_and_changes_the_location(kari, conference, digital, visitor, mailbox):
    link = mailbox.manage_path(kari.email)
    before = calendar_from(mailbox, mailbox.last(kari.email))[1]
    visitor.post(link, {"action": "ticket_type", "ticket_type": str(digital.pk)})
    after = calendar_from(mailbox, mailbox.last(kari.email))[1]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(after["LOCATION"]) == conference.stream_url


def test_the_organiser_moving_the_conference_bumps_the_sequence(kari, conference):
    before = parse(registration_calendar(kari, manage_url="https://x/", organiser="A <a@example.no>"))[1]
    conference.calendar_sequence += 1
    conference.save()
    kari.refresh_from_db()
    after = parse(registration_calendar(kari, manage_url="https://x/", organiser="A <a@example.no>"))[1]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1


def test_cancelling_sends_a_cancel_that_outranks_the_confirmation(kari, mailbox, visitor, after_commit):
    confirmation = calendar_from(mailbox, mailbox.last(kari.email))[1]
    with after_commit():
        registrations.cancel(kari)
    calendar, cancel = calendar_from(mailbox, mailbox.last(kari.email))
    assert calendar["METHOD"] == "CANCEL" and str(cancel["STATUS"]) == "CANCELLED"
    assert str(cancel["UID"]) == str(confirmation["UID"])
    assert int(cancel["SEQUENCE"]) > int(confirmation["SEQUENCE"])


def test_the_calendar_part_is_an_itip_request(kari, mailbox):
    part = mailbox.attachment(mailbox.last(kari.email), "text/calendar")
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "fastlegekonferansen.ics"
