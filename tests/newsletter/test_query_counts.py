"""Queries stay constant as the archive grows, and a mail costs the same one update however large the send."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsletter.factories import NewsletterIssuePageFactory
from newsletter.models import Send
from newsletter.sending import DeliveryWorker, start_send


@pytest.fixture(autouse=True)
def render_every_request(settings):
    """Count the queries of rendering a page, not of the page cache's hits (0 = 0)."""
    settings.PAGE_CACHE_ENABLED = False


def queries_for(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_archive_page(site_client, newsletter_archive):
    NewsletterIssuePageFactory(parent=newsletter_archive)
    few = queries_for(site_client, newsletter_archive.url)
    for _ in range(6):
        NewsletterIssuePageFactory(parent=newsletter_archive)
    assert queries_for(site_client, newsletter_archive.url) == few


def delivery_queries(issue, subscriber_factory, count: int) -> int:
    subscriber_factory.create_batch(count)
    send = Send.objects.create(issue=issue, issue_title=issue.title, topic=issue.topic)
    assert start_send(send.pk)
    with CaptureQueriesContext(connection) as captured:
        report = DeliveryWorker(send.pk, batch_size=1000).run()
    assert report.sent == count and report.stopped_because == "done"
    send.delete()
    from newsletter.models import Subscriber

    Subscriber.objects.all().delete()
    return len(captured.captured_queries)


def test_each_mail_costs_one_query(newsletter_issue, subscriber_factory, settings):
    settings.NEWSLETTER_MAX_PER_SECOND = 0
    small = delivery_queries(newsletter_issue, subscriber_factory, 5)
    large = delivery_queries(newsletter_issue, subscriber_factory, 25)
    # One update per mail: the one that marks it `sending` before the server gets it also marks
    # the mail before it `sent` (the last of a batch is marked when the batch ends); and every
    # tenth mail the worker checks whether the editor has paused the send.
    assert large - small == 1 * 20 + (25 // 10 - 5 // 10)
