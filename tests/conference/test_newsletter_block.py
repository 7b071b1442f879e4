"""The newsletter's conference block reads dates and place from the conference page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from newsletter.factories import NewsletterArchivePageFactory, NewsletterIssuePageFactory
from newsletter.rendering import render_issue


def test_conference_block_in_mail_and_text(home_page, conference, in_person):
    oslo = ZoneInfo("Europe/Oslo")
    conference.starts_at = datetime(2027, 3, 11, 9, 30, tzinfo=oslo)
    conference.ends_at = datetime(2027, 3, 12, 15, 0, tzinfo=oslo)
    conference.save()
    archive = NewsletterArchivePageFactory(parent=home_page)
    issue = NewsletterIssuePageFactory(
        parent=archive,
        body=[
            {
                "type": "conference",
                "value": {"heading": "Fastlegekonferansen", "page": conference.pk, "button_text": "Meld deg på"},
            }
        ],
    )
    rendered = render_issue(issue, "nb")
    assert "11. mars–12. mars 2027, Oslo Kongressenter" in rendered.text
    assert conference.full_url in rendered.html
