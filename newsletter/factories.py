"""Factories for subscribers, issues and sends, for tests, benchmarks and the demo."""

from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from core.factories import ContentPageFactory

from .models import (
    Consent,
    ConsentText,
    NewsletterArchivePage,
    NewsletterIssuePage,
    Status,
    Subscriber,
    Topic,
)


def topic(slug: str = "flo") -> Topic:
    """One of the topics the migrations create."""
    return Topic.objects.get(slug=slug)


class SubscriberFactory(DjangoModelFactory):
    email = factory.Sequence(lambda n: f"lege{n}@example.no")
    name = factory.Sequence(lambda n: f"Lege {n}")
    role = "fastlege"
    language = "nb"
    status = Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        """topics=["flo", "podkast"] (slugs or Topic objects); default: the FLO newsletter."""
        if not create:
            return
        chosen = ["flo"] if extracted is None else extracted
        self.topics.set([item if isinstance(item, Topic) else topic(item) for item in chosen])

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        """Every subscriber gets the consent record a real one would have (consent=False skips it)."""
        if not create or extracted is False:
            return
        Consent.objects.create(
            subscriber=self,
            consent_text=ConsentText.current(),
            source=Consent.Source.FORM,
            topics=list(self.topics.values_list("slug", flat=True)),
            confirmed_at=self.confirmed_at,
        )


class NewsletterArchivePageFactory(ContentPageFactory):
    title = "Nyhetsbrev"
    slug = "nyhetsbrev"

    class Meta:
        model = NewsletterArchivePage


class NewsletterIssuePageFactory(ContentPageFactory):
    title = factory.Sequence(lambda n: f"Fastlegenytt nr. {n}")
    preheader = "Ferske tall fra fastlegeordningen og nytt fra programmet"
    topic = factory.LazyFunction(topic)
    issue_month = factory.LazyFunction(lambda: date.today().replace(day=1))
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "Nytt fra programmet"}},
            {"type": "rich_text", "value": "<p>Fastlegeordningen er grunnmuren i helsetjenesten.</p>"},
        ]
    )

    class Meta:
        model = NewsletterIssuePage
