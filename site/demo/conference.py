"""The demo conference: Fastlegekonferansen next spring (open for registration, both
ticket types, questions, a programme) and last year's, with its slides as a document.

Running it again changes nothing: the pages are found by their slugs.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Page

from conference.models import ConferenceIndexPage, ConferencePage, Question, Session, Speaker, TicketType

from .calendar import first_working_days
from .stream import Refs, documents

OSLO = ZoneInfo("Europe/Oslo")
INDEX_SLUG = "konferanse"
CONFERENCE_DAYS = 2


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)


def ensure_index(home: Page) -> ConferenceIndexPage:
    index = home.get_children().filter(slug=INDEX_SLUG).specific().first()
    if index is None:
        index = ConferenceIndexPage(
            title="Fastlegekonferansen",
            slug=INDEX_SLUG,
            summary="Den årlige konferansen for fastleger, LIS og kommunene: fagprogram, erfaringsdeling og nytt "
            "fra fastlegeordningen. I salen eller strømmet.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _programme(first_day) -> list[Session]:
    second_day = first_day + timedelta(days=1)
    rows = [
        (first_day, 9, 30, 10, 0, "Velkommen", "Programleder", "Plenumssalen"),
        (first_day, 10, 0, 11, 0, "Fastlegeordningen i tall: hva FLO viser", "Allmennlegeprogrammet", "Plenumssalen"),
        (first_day, 11, 15, 12, 15, "Listetak og arbeidstid", "Panel med fastleger", "Plenumssalen"),
        (first_day, 13, 15, 14, 30, "Parallell: ALIS i praksis", "ALIS-kontorene", "Sal B"),
        (first_day, 13, 15, 14, 30, "Parallell: Legevakt i distriktene", "Kommuneoverleger", "Sal C"),
        (second_day, 9, 0, 10, 30, "Rekruttering: hva virker?", "Forskere og kommuner", "Plenumssalen"),
        (second_day, 10, 45, 12, 0, "Veien videre for handlingsplanen", "Helsedirektoratet", "Plenumssalen"),
    ]
    return [
        Session(
            starts_at=_at(day, h1, m1),
            ends_at=_at(day, h2, m2),
            title=title,
            speakers=speakers,
            room=room,
        )
        for day, h1, m1, h2, m2, title, speakers, room in rows
    ]


def _conference(slug: str, title: str, first_day, *, opens: datetime, closes: datetime, body: list) -> ConferencePage:
    conference = ConferencePage(
        title=title,
        slug=slug,
        summary="To dager om fastlegeordningen, for fastleger, LIS, ALIS og kommunene. Delta i salen eller digitalt.",
        starts_at=_at(first_day, 9, 30),
        ends_at=_at(first_day + timedelta(days=1), 15, 0),
        venue_name="Oslo Kongressenter",
        venue_address="Youngs gate 21\n0181 Oslo",
        stream_info="Hele programmet i plenumssalen strømmes. Lenken sendes til dem som er påmeldt digitalt.",
        stream_url="https://strom.allmenn.example/fastlegekonferansen",
        registration_opens_at=opens,
        registration_closes_at=closes,
        practical_information="<p>Konferansen er gratis. Lunsj er inkludert for dem som deltar i salen. "
        "Lokalet er trinnfritt, og det er teleslynge i plenumssalen.</p>",
        body=body,
    )
    conference.ticket_types = [
        TicketType(name="Fysisk oppmøte", kind=TicketType.Kind.IN_PERSON, capacity=250, description="I salen i Oslo."),
        TicketType(name="Digitalt", kind=TicketType.Kind.DIGITAL, capacity=None, description="Strømmet, hvor du vil."),
    ]
    conference.questions = [
        Question(
            label="Har du behov for spesialkost?",
            help_text="For eksempel allergier. Slettes rett etter konferansen.",
            kind=Question.Kind.LONG,
            sensitive=True,
        ),
        Question(
            label="Trenger du tilrettelegging?",
            help_text="For eksempel tolk eller rullestolplass. Slettes rett etter konferansen.",
            kind=Question.Kind.LONG,
            sensitive=True,
        ),
        Question(
            label="Hvilken parallellsesjon vil du helst følge?",
            kind=Question.Kind.SINGLE,
            choices="ALIS i praksis\nLegevakt i distriktene",
            required=True,
        ),
    ]
    conference.sessions = _programme(first_day)
    conference.speakers = [
        Speaker(name="Ingrid Aasen", role="Fastlege i Tromsø", bio="Programleder for Fastlegepodden."),
        Speaker(name="Per Olsen", role="Kommuneoverlege", bio="Har bygd opp legevakten i en distriktskommune."),
    ]
    return conference


def build_conferences(home: Page, refs: Refs) -> ConferenceIndexPage:
    index = ensure_index(home)
    refs.pages[INDEX_SLUG] = index
    today = timezone.localdate()
    # Two working days in a row, never a weekend or a public holiday (Easter moves about).
    upcoming_day = first_working_days(today + timedelta(days=120), CONFERENCE_DAYS)
    past_day = first_working_days(today - timedelta(days=245), CONFERENCE_DAYS)
    specs = [
        (
            f"fastlegekonferansen-{upcoming_day.year}",
            f"Fastlegekonferansen {upcoming_day.year}",
            upcoming_day,
            timezone.now() - timedelta(days=14),
            _at(upcoming_day - timedelta(days=14), 12),
            [],
        ),
        (
            f"fastlegekonferansen-{past_day.year}",
            f"Fastlegekonferansen {past_day.year}",
            past_day,
            _at(past_day - timedelta(days=90), 9),
            _at(past_day - timedelta(days=7), 12),
            [
                {
                    "type": "paragraph",
                    "value": "<p>Takk til alle som deltok! Opptak av plenumsforedragene og lysarkene ligger her.</p>",
                },
                documents(
                    "Lysark fra plenum", [(refs.documents["handlingsplan"].pk, "Veien videre for handlingsplanen")]
                ),
            ],
        ),
    ]
    for slug, title, first_day, opens, closes, body in specs:
        if index.get_children().filter(slug=slug).exists():
            continue
        conference = _conference(slug, title, first_day, opens=opens, closes=closes, body=body)
        index.add_child(instance=conference)
        conference.save_revision().publish()
    return index
