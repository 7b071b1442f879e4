"""A primary-key lookup compiled once gives exactly what Django's own `get()` gives
(core/compiled_queries.py), for every page type routing reads this way."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from conference.factories import ConferenceIndexPageFactory, ConferencePageFactory
from core.compiled_queries import CompiledPkLookup
from core.routing import _image_fields, _specific_lookup
from pages.factories import CampaignPageFactory, GuidancePageFactory
from pages.models import GuidancePage
from podcast.factories import PodcastArtworkFactory, PodcastEpisodePageFactory, PodcastShowPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page, campaign_index):
    """One page of several types, some with images in their own fields and some without."""
    social = wagtail_factories.ImageFactory(title="Delingsbilde")
    show = PodcastShowPageFactory(parent=home_page, artwork=PodcastArtworkFactory(), publish=True)
    conferences = ConferenceIndexPageFactory(parent=home_page)
    return [
        home_page,
        campaign_index,
        CampaignPageFactory(parent=campaign_index, social_image=social),
        GuidancePageFactory(parent=home_page, title="Uten bilde"),
        show,
        PodcastEpisodePageFactory(parent=show, title="Episode", social_image=social),
        conferences,
        ConferencePageFactory(parent=conferences),
    ]


def described(obj) -> dict:
    """Every concrete field's value, and the related objects select_related filled in."""
    values = {field.attname: field.value_from_object(obj) for field in obj._meta.concrete_fields}
    values = {name: list(value.raw_data) if hasattr(value, "raw_data") else value for name, value in values.items()}
    related = {
        field.name: (getattr(obj, field.name).pk if getattr(obj, field.name) else None)
        for field in obj._meta.concrete_fields
        if field.is_relation and field.is_cached(obj)
    }
    return {"values": values, "related": related, "class": type(obj), "adding": obj._state.adding, "db": obj._state.db}


def test_the_same_object_as_djangos_get_for_every_page_type(pages):
    for page in pages:
        page_class = page.specific_class
        djangos = page_class._default_manager.select_related(*_image_fields(page_class)).get(pk=page.pk)
        ours = _specific_lookup(page_class).get(page.pk)
        a, b = described(ours), described(djangos)
        differing = {k: (a["values"][k], b["values"][k]) for k in a["values"] if a["values"][k] != b["values"][k]}
        assert a == b, (page_class.__name__, differing)
        assert _image_fields(page_class) == tuple(described(ours)["related"]), page_class.__name__


def test_compiled_once_then_one_query_per_lookup(pages, monkeypatch):
    lookup = CompiledPkLookup(GuidancePage.objects.select_related("social_image"))
    compiles = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiles.append(1) or original(self, *a, **k))
    guidance = [page for page in pages if isinstance(page, GuidancePage)]
    with CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            for page in guidance:
                assert lookup.get(page.pk).title == page.title
    assert len(compiles) == 1 and len(captured) == 3 * len(guidance)


def test_each_lookup_is_a_new_object(pages):
    lookup = CompiledPkLookup(GuidancePage.objects.all())
    page = next(page for page in pages if isinstance(page, GuidancePage))
    first, second = lookup.get(page.pk), lookup.get(page.pk)
    first.title = "Endret i én forespørsel"
    assert first is not second and second.title == page.title


def test_a_missing_page_is_does_not_exist(db):
    with pytest.raises(GuidancePage.DoesNotExist):
        CompiledPkLookup(GuidancePage.objects.all()).get(987654)


@pytest.mark.parametrize("pk", [2**63, 10**20, -(2**63) - 1])
def test_a_primary_key_no_column_can_hold_is_does_not_exist(pages, pk):
    """A key from a URL may be any number; SQLite cannot even bind one beyond 64 bits."""
    conference = pages[-1]
    lookup = CompiledPkLookup(type(conference).objects.all())  # its key is the page's, through page_ptr
    assert lookup.get(conference.pk).pk == conference.pk  # the negative control
    with pytest.raises(type(conference).DoesNotExist):
        lookup.get(pk)


def test_only_a_plain_queryset_is_taken(db):
    with pytest.raises(ValueError):
        CompiledPkLookup(GuidancePage.objects.all()[:5])
