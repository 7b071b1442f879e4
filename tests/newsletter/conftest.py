"""Fixtures for the newsletter: topics, subscribers, an issue, and a real SMTP server.

`smtp_server` runs aiosmtpd in this process on a free port and points Django's SMTP
backend at it; its `messages` are the parsed mails in the order the server accepted
them, and `reply` can make the server answer 4xx or 5xx to chosen recipients.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from newsletter.factories import NewsletterArchivePageFactory, NewsletterIssuePageFactory, SubscriberFactory, topic


@dataclass
class SmtpSink:
    """What the SMTP server saw, and how it should answer."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list = field(default_factory=list)
    envelopes: list = field(default_factory=list)
    # recipient address (lower case) -> list of SMTP replies to give, one per attempt,
    # e.g. ["451 4.3.0 Try again later"]; when a list runs out, the mail is accepted.
    replies: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reply(self, address: str, *answers: str) -> None:
        self.replies.setdefault(address.lower(), []).extend(answers)

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in (m["To"] or "").lower()]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            queued = self.replies.get(address.lower())
            if queued:
                return queued.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = sink.host
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        controller.stop()


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
