"""The conference pages as a visitor sees them: state, times in Oslo time, seats, programme."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conference.factories import ConferencePageFactory, RegistrationFactory, TicketTypeFactory
from conference.models import Session


@pytest.fixture(autouse=True)
def render_every_request(settings):
    """Count the queries of rendering a page, not of the page cache's hits (0 = 0)."""
    settings.PAGE_CACHE_ENABLED = False


OSLO = ZoneInfo("Europe/Oslo")


def test_open_conference_shows_seats_and_times_in_oslo_time(site_client, conference, in_person, digital):
    conference.starts_at = datetime(2027, 3, 11, 9, 30, tzinfo=OSLO)
    conference.ends_at = datetime(2027, 3, 12, 15, 0, tzinfo=OSLO)
    conference.save()
    content = site_client.get(conference.url).content.decode()
    assert "kl. 09.30" in content and "kl. 15.00" in content
    assert "Ledige plasser: 2" in content
    assert re.search(r"Digitalt</strong>\s*<br>Åpent for alle\s*</li>", content)  # no limit: no number


def test_full_ticket_type_offers_the_waiting_list(site_client, conference, in_person):
    RegistrationFactory.create_batch(2, ticket_type=in_person)
    content = site_client.get(conference.url).content.decode()
    assert "Fullt – venteliste" in content
    assert "ventelisten" in content


def test_not_yet_open_and_past(site_client, conference_index):
    later = ConferencePageFactory(
        parent=conference_index,
        registration_opens_at=timezone.now() + timedelta(days=3),
    )
    TicketTypeFactory(conference=later)
    assert "Påmeldingen har ikke åpnet" in site_client.get(later.url).content.decode()
    past = ConferencePageFactory(
        parent=conference_index,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=29),
        registration_opens_at=timezone.now() - timedelta(days=90),
        registration_closes_at=timezone.now() - timedelta(days=31),
    )
    TicketTypeFactory(conference=past)
    content = site_client.get(past.url).content.decode()
    assert "Avholdt" in content and "Ledige plasser" not in content
    index = site_client.get(conference_index.url).content.decode()
    assert index.index(later.title) < index.index(past.title)


def test_programme_is_grouped_by_day(site_client, conference, in_person):
    day = conference.starts_at.astimezone(OSLO)
    Session.objects.create(conference=conference, starts_at=day, title="Åpning", room="Plenum")
    Session.objects.create(conference=conference, starts_at=day + timedelta(days=1), title="Dag to")
    content = site_client.get(conference.url).content.decode()
    assert content.count('<table class="conference-programme">') == 2
    assert "Åpning" in content and "Dag to" in content


def test_queries_do_not_grow_with_registrations_or_ticket_types(site_client, conference, in_person):
    def queries() -> int:
        site_client.get(conference.url)
        with CaptureQueriesContext(connection) as captured:
            assert site_client.get(conference.url).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    RegistrationFactory.create_batch(5, ticket_type=in_person, status="waiting")
    TicketTypeFactory(conference=conference, name="Digitalt", capacity=None)
    TicketTypeFactory(conference=conference, name="Student", capacity=10)
    assert queries() == few


def test_speakers_are_listed(site_client, conference, in_person):
    from conference.models import Speaker

    Speaker.objects.create(conference=conference, name="Ingrid Aasen", role="Fastlege i Tromsø")
    content = site_client.get(conference.url).content.decode()
    assert "Foredragsholdere" in content and "Ingrid Aasen" in content and "Fastlege i Tromsø" in content


def test_a_type_with_people_waiting_shows_full_even_with_a_seat_free(site_client, conference, in_person):
    """A seat free while people wait (a capacity raised, its offers not yet made): a newcomer would wait."""
    RegistrationFactory(ticket_type=in_person)
    RegistrationFactory(ticket_type=in_person, status="waiting", confirmed_at=None, waiting_since=timezone.now())
    content = site_client.get(conference.url).content.decode()
    assert "Fullt – venteliste" in content
    assert "Ledige plasser" not in content


def test_registration_form_queries_do_not_grow_with_ticket_types(site_client, conference, in_person):
    from django.urls import reverse

    url = reverse("conference:register", args=[conference.pk])

    def queries() -> int:
        site_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert site_client.get(url).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for capacity in (None, 10, 20):
        TicketTypeFactory(conference=conference, name=f"Type {capacity}", capacity=capacity)
    RegistrationFactory.create_batch(3, ticket_type=in_person, status="waiting", confirmed_at=None)
    assert queries() == few
