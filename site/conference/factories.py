"""Factories for conferences and registrations, for tests, benchmarks and the demo."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from core.factories import ContentPageFactory

from .models import ConferenceIndexPage, ConferencePage, Registration, RegistrationConsentText, TicketType


class ConferenceIndexPageFactory(ContentPageFactory):
    title = "Fastlegekonferansen"
    slug = "konferanse"

    class Meta:
        model = ConferenceIndexPage


class ConferencePageFactory(ContentPageFactory):
    """A conference in two months, open for registration now."""

    title = factory.Sequence(lambda n: f"Fastlegekonferansen {2026 + n}")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=60))
    ends_at = factory.LazyAttribute(lambda c: c.starts_at + timedelta(hours=30))
    venue_name = "Oslo Kongressenter"
    venue_address = "Youngs gate 21\n0181 Oslo"
    stream_url = "https://strom.allmenn.example/konferanse"
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda c: c.starts_at - timedelta(days=2))

    class Meta:
        model = ConferencePage


class TicketTypeFactory(DjangoModelFactory):
    name = "Fysisk oppmøte"
    kind = TicketType.Kind.IN_PERSON
    capacity = 2

    class Meta:
        model = TicketType


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration; pass status=... for others (the ledger is not consulted)."""

    conference = factory.SelfAttribute("ticket_type.conference")
    ticket_type = factory.SubFactory(TicketTypeFactory)
    status = Registration.Status.CONFIRMED
    name = factory.Sequence(lambda n: f"Lege {n}")
    email = factory.Sequence(lambda n: f"deltaker{n}@example.no")
    organisation = "Legesenteret"
    role = "fastlege"
    consent_text = factory.LazyFunction(RegistrationConsentText.current)
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Registration
