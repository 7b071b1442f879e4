"""Small things a visitor reads on the registration page: the place after the date, the seats."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

OSLO = ZoneInfo("Europe/Oslo")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_place_follows_the_date_without_a_space_before_the_comma(site_client, conference, in_person):
    conference.starts_at = datetime(2027, 3, 11, 9, 30, tzinfo=OSLO)
    conference.ends_at = datetime(2027, 3, 11, 15, 0, tzinfo=OSLO)
    conference.venue_name = "Oslo Kongressenter"
    conference.save()
    html = site_client.get(reverse("conference:register", args=[conference.pk])).content.decode()
    assert "11. mars 2027, Oslo Kongressenter" in text_of(html)


def test_the_seats_heading_always_carries_a_number(site_client, conference, in_person, digital):
    text = text_of(site_client.get(reverse("conference:register", args=[conference.pk])).content.decode())
    assert "Ledige plasser: 2" in text
    assert re.findall(r"Ledige plasser(?!: \d)", text) == []
