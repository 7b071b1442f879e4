"""The base factory for every app's page factories, for tests and benchmarks."""

import factory
import wagtail_factories
from django.utils import timezone


class ContentPageFactory(wagtail_factories.PageFactory):
    """Pages as if published: live with their publication dates set."""

    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda page: page.first_published_at)

    class Meta:
        abstract = True
