"""Fixtures that read like the domain: a conference open for registration, ticket types with few seats."""

from __future__ import annotations

import pytest

from conference.factories import (
    ConferenceIndexPageFactory,
    ConferencePageFactory,
    RegistrationFactory,
    TicketTypeFactory,
)
from conference.models import TicketType


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
