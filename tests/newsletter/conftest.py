"""Fixtures for the newsletter: topics, subscribers and an issue (`smtp_server` is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from newsletter.factories import NewsletterArchivePageFactory, NewsletterIssuePageFactory, SubscriberFactory, topic


@pytest.fixture
def flo_topic(db):
    return topic("flo")


@pytest.fixture
def podcast_topic(db):
    return topic("podkast")


@pytest.fixture
def confirmed_subscriber(db):
    return SubscriberFactory(email="kari.lege@example.no", name="Kari Lege")


@pytest.fixture
def subscriber_factory(db):
    return SubscriberFactory


@pytest.fixture
def newsletter_archive(home_page):
    return NewsletterArchivePageFactory(parent=home_page)


@pytest.fixture
def newsletter_issue(newsletter_archive):
    return NewsletterIssuePageFactory(parent=newsletter_archive, title="Fastlegenytt november 2026")
