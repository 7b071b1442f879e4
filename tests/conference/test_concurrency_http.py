"""A rush of registrations over HTTP against a live server: the form, the view and the ledger together.

Each client thread fetches the form (for its CSRF cookie) and posts it at the same moment as
the others. With the lock, exactly the seats are confirmed and the rest wait; the negative
control switches the lock off and widens the window between counting and inserting, and then
the hall is overbooked (PostgreSQL: on SQLite the immediate transaction serialises writers anyway).
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from conference import ledger
from conference.models import Registration
from core import antispam

pytestmark = pytest.mark.django_db(transaction=True)
SEATS, RUSH = 3, 12


def make_client(base_url: str, path: str):
    """A browser-like client: a cookie jar, the CSRF token from the form, no redirects followed."""
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    html = opener.open(base_url + path, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return opener, token


def post_registration(opener, token, url: str, ticket_type_id: int, number: int) -> int:
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Lege {number}",
            "email": f"rush{number}@example.no",
            "organisation": "Legesenteret",
            "role": "fastlege",
            "municipality": "",
            "ticket_type": str(ticket_type_id),
            "consent_version": "1",
            "lang": "nb",
            antispam.HONEYPOT_FIELD: "",
            antispam.STAMP_FIELD: antispam.new_stamp("conference", time.time() - 60),
        }
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    try:
        return opener.open(request, timeout=120).status
    except urllib.error.HTTPError as answer:  # a 302 arrives as an "error" when redirects are not followed
        return answer.code


def rush(live_server, conference, ticket_type) -> list[int]:
    path = f"/konferanse-pamelding/{conference.pk}/"
    clients = [make_client(live_server.url, path) for _ in range(RUSH)]
    start = threading.Barrier(RUSH)
    statuses: list[int] = [0] * RUSH

    def run(number: int) -> None:
        opener, token = clients[number]
        start.wait()
        statuses[number] = post_registration(opener, token, live_server.url + path, ticket_type.pk, number)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(RUSH)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


@pytest.fixture
def hall(conference, ticket_type, settings):
    settings.CONFERENCE_REGISTRATIONS_PER_IP_PER_HOUR = 1000  # the whole rush comes from 127.0.0.1
    return ticket_type(name="Sal", capacity=SEATS)


def test_a_rush_over_http_fills_the_seats_exactly_and_queues_the_rest(live_server, conference, hall):
    statuses = rush(live_server, conference, hall)
    assert statuses == [302] * RUSH  # every registrant got the thank-you page
    confirmed = Registration.objects.filter(ticket_type=hall, status=Registration.Status.CONFIRMED).count()
    waiting = Registration.objects.filter(ticket_type=hall, status=Registration.Status.WAITING)
    assert confirmed == SEATS
    assert waiting.count() == RUSH - SEATS


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's immediate transaction serialises writers even without the row lock",
)
def test_negative_control_without_the_lock_the_rush_overbooks(live_server, conference, hall, settings, monkeypatch):
    settings.CONFERENCE_LOCK_SEATS = False
    counted = ledger.seat_counts

    def slow_count(ticket_types):
        counts = counted(ticket_types)
        time.sleep(0.2)  # the window between counting and inserting, wider than a real one
        return counts

    monkeypatch.setattr(ledger, "seat_counts", slow_count)
    rush(live_server, conference, hall)
    confirmed = Registration.objects.filter(ticket_type=hall, status=Registration.Status.CONFIRMED).count()
    assert confirmed > SEATS, "without the lock the race should overbook; if not, the test proves nothing"
