"""The calendar file for one registration (RFC 5545 with an iTIP method).

The UID is the conference's calendar UID plus the registration's id, so every file sent
to one registrant updates the same calendar entry; SEQUENCE grows when the organiser
moves the conference (the conference's sequence) or the registrant changes ticket type
(the registration's own), so calendars take the newest file. Times are in Europe/Oslo
with the VTIMEZONE written out. A ticket for the hall never carries the stream link.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from .models import Registration, TicketType

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//Allmennlegeprogrammet//Fastlegekonferansen//NO"


def event_uid(registration: Registration) -> str:
    return f"{registration.conference.calendar_uid}-{registration.pk}"


def sequence(registration: Registration) -> int:
    return registration.conference.calendar_sequence + registration.calendar_sequence


def _description(registration: Registration, manage_url: str, intro: str) -> str:
    lines = [intro, "", registration.ticket_type.name]
    if registration.ticket_type.kind == TicketType.Kind.DIGITAL and registration.conference.stream_url:
        lines.append(registration.conference.stream_url)
    lines += ["", manage_url]
    return "\n".join(line for line in lines)


def registration_calendar(
    registration: Registration,
    *,
    manage_url: str,
    organiser: str,
    intro: str = "",
    cancelled: bool = False,
    now: datetime | None = None,
) -> bytes:
    """One VEVENT as a REQUEST (or a CANCEL once the registration is cancelled), as bytes."""
    conference = registration.conference
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = icalendar.Event()
    event.add("uid", event_uid(registration))
    event.add("sequence", sequence(registration))
    event.add("dtstamp", (now or timezone.now()).astimezone(ZoneInfo("UTC")))
    event.add("dtstart", conference.starts_at.astimezone(OSLO))
    event.add("dtend", conference.ends_at.astimezone(OSLO))
    event.add("summary", conference.title)
    event.add("location", registration.ticket_type.calendar_location())
    event.add("description", _description(registration, manage_url, intro))
    event.add("url", manage_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")

    name, address = parseaddr(organiser)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    if name:
        organizer.params["cn"] = icalendar.vText(name)
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = icalendar.vText(registration.name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("DECLINED" if cancelled else "ACCEPTED")
    attendee.params["rsvp"] = icalendar.vText("FALSE")
    event.add("attendee", attendee)

    calendar.add_component(event)
    # Only the years around the conference: the full 1970–2038 table is 70 lines of RDATEs.
    start = conference.starts_at.astimezone(OSLO).date()
    calendar.add_missing_timezones(
        first_date=start.replace(year=start.year - 1, month=1, day=1),
        last_date=start.replace(year=start.year + 2, month=1, day=1),
    )
    return calendar.to_ical()
