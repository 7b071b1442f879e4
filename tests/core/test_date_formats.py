"""Dates follow the page's language: "20 November 2025" in English, "20. november 2025" in Norwegian."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from conference.notices import format_moment
from pages.factories import GuidancePageFactory

OSLO = ZoneInfo("Europe/Oslo")
ROOT = Path(__file__).resolve().parents[2]
MOMENT = datetime.datetime(2025, 11, 20, 9, 30, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "20 November 2025"), ("nb", "20. november 2025"), ("nn", "20. november 2025")],
)
def test_the_date_format_is_the_language_s(language, expected):
    with translation.override(language):
        assert date_format(MOMENT, "DATE_FORMAT") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "20 November 2025 at 09:30"), ("nb", "20. november 2025 kl. 09.30")],
)
def test_mail_moments_follow_the_language(language, expected):
    with translation.override(language):
        assert format_moment(MOMENT) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "20 November 2025"), ("nb", "20. november 2025"), ("nn", "20. november 2025")],
)
def test_a_page_shows_its_dates_in_its_language(site_client, home_page, language, expected):
    page = GuidancePageFactory(parent=home_page, language=language, first_published_at=MOMENT)
    html = site_client.get(page.url).content.decode()
    published = re.search(r'<time datetime="2025-11-20[^"]*">([^<]+)</time>', html)
    assert published and published.group(1) == expected


def test_public_templates_use_named_date_formats():
    # A literal pattern such as "j. F Y" gives the Norwegian order on English pages.
    literal = re.compile(r'\|date:"(?:l )?j\. F')
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "admin" not in path.parts and literal.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
