"""Fixtures that read like the domain: a conference open for registration, ticket types with few seats."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest

from conference.factories import (
    ConferenceIndexPageFactory,
    ConferencePageFactory,
    RegistrationFactory,
    TicketTypeFactory,
)
from conference.models import TicketType
from core import antispam


@pytest.fixture
def conference_index(home_page):
    return ConferenceIndexPageFactory(parent=home_page)


@pytest.fixture
def conference(conference_index):
    """Fastlegekonferansen in two months, open for registration now."""
    return ConferencePageFactory(parent=conference_index)


@pytest.fixture
def ticket_type(conference):
    """A factory: ticket_type(capacity=2), ticket_type(kind="digital", capacity=None)."""

    def make(**fields) -> TicketType:
        return TicketTypeFactory(conference=conference, **fields)

    return make


@pytest.fixture
def in_person(ticket_type):
    return ticket_type(name="Fysisk oppmøte", capacity=2)


@pytest.fixture
def digital(ticket_type):
    return ticket_type(name="Digitalt", kind=TicketType.Kind.DIGITAL, capacity=None)


@pytest.fixture
def registration_factory(db):
    return RegistrationFactory


# --- The public side: a visitor's browser, and the mails it sets off ----------------------


class Visitor:
    """A test client whose requests run their on-commit callbacks (the queued mails) at once.

    The test's own transaction never commits, so without this a mail queued "once the
    registration has committed" would never be sent.
    """

    def __init__(self, client, capture):
        self.client = client
        self.capture = capture

    def get(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.post(*args, **kwargs)


@pytest.fixture
def visitor(site_client, django_capture_on_commit_callbacks):
    return Visitor(site_client, django_capture_on_commit_callbacks)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """`with after_commit(): ...` runs the mails a service call queues."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


MANAGE_LINK = re.compile(r"https?://[^/\s]+(/konferanse-pamelding/p/([A-Za-z0-9_-]+)/)")
OFFER_LINK = re.compile(r"https?://[^/\s]+(/konferanse-pamelding/p/([A-Za-z0-9_-]+)/tilbud/)")


@dataclass
class Mailbox:
    """The SMTP server's mails, read the way a registrant reads them."""

    sink: object

    def to(self, address: str) -> list:
        return self.sink.to(address)

    def last(self, address: str):
        mails = self.to(address)
        assert mails, f"no mail to {address}"
        return mails[-1]

    @staticmethod
    def text(message) -> str:
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(("html",)).get_content()

    def manage_path(self, address: str) -> str:
        return MANAGE_LINK.search(self.text(self.last(address))).group(1)

    def offer_path(self, address: str) -> str:
        return OFFER_LINK.search(self.text(self.last(address))).group(1)

    @staticmethod
    def attachment(message, content_type: str):
        for part in message.iter_attachments():
            if part.get_content_type() == content_type:
                return part
        return None


@pytest.fixture
def mailbox(smtp_server):
    return Mailbox(smtp_server)


@pytest.fixture
def registration_data():
    """A registration form as a person sends it: shown a minute ago, honeypot empty."""

    def make(ticket_type, email: str = "kari.lege@example.no", **overrides) -> dict:
        data = {
            "name": "Kari Lege",
            "email": email,
            "organisation": "Legesenteret i Bodø",
            "role": "fastlege",
            "municipality": "",
            "ticket_type": str(ticket_type.pk),
            "consent_version": "1",
            "lang": "nb",
            antispam.STAMP_FIELD: antispam.new_stamp("conference", time.time() - 60),
            antispam.HONEYPOT_FIELD: "",
        }
        data.update(overrides)
        return data

    return make
