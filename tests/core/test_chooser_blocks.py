"""A page's chosen images, pages and documents are fetched in one query per model, and the
converted values are exactly Wagtail's (core/chooser_blocks.py)."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from core.cache_versions import kept_in_process
from core.chooser_blocks import (
    DocumentChooserBlock,
    ImageBlock,
    ImageChooserBlock,
    PageChooserBlock,
    fetch_chosen_for,
    fetch_chosen_together,
)
from core.templatetags.renditions import kept_renditions
from pages.factories import CampaignPageFactory
from pages.models import CampaignPage, GuidancePage

pytestmark = pytest.mark.django_db


def image_value(image, alt: str = "", decorative: bool = False) -> dict:
    return {"image": image.pk, "decorative": decorative, "alt_text": alt}


NO_IMAGE = {"image": None, "decorative": False, "alt_text": ""}  # an optional image left empty


def link(page) -> dict:
    return {"page": page.pk, "url": "", "text": ""}


@pytest.fixture
def images():
    return [wagtail_factories.ImageFactory(title=f"Bilde {n}") for n in range(3)]


@pytest.fixture
def campaign(campaign_index, guidance_page, images):
    """A campaign whose hero, testimonials, gallery, call to action and links choose
    three images (one of them twice, with different alt texts) and two pages."""
    first, second, third = images
    body = [
        {"type": "hero", "value": {"heading": "Bli fastlege", "text": "", "image": image_value(first, "Legekontor")}},
        {
            "type": "testimonial",
            "value": {"quote": "Godt", "name": "Kari", "role": "", "portrait": image_value(second)},
        },
        {"type": "testimonial", "value": {"quote": "Fint", "name": "Ola", "role": "", "portrait": NO_IMAGE}},
        {
            "type": "gallery",
            "value": {
                "heading": "Galleri",
                "images": [
                    {"image": image_value(third, "Venterom"), "caption": "", "source": ""},
                    {"image": image_value(first, "Samme bilde, annen tekst"), "caption": "", "source": ""},
                ],
            },
        },
        {"type": "call_to_action", "value": {"heading": "Søk nå", "text": "", "link": link(guidance_page)}},
        {
            "type": "related_links",
            "value": {"heading": "Les mer", "links": [link(guidance_page), link(campaign_index)]},
        },
    ]
    return CampaignPageFactory(parent=campaign_index, title="Bli fastlege i nord", body=body)


def fresh(page) -> Page:
    """The page as a request reads it: its streams not yet converted."""
    return type(page).objects.get(pk=page.pk)


def converted(stream: StreamValue) -> list:
    """Every block's value in a comparable form: chosen objects by class and id, with the
    alt text an image carries in its place."""

    def plain(value):
        if isinstance(value, get_image_model()):
            return ("image", value.pk, getattr(value, "contextual_alt_text", None), getattr(value, "decorative", None))
        if isinstance(value, Page | get_document_model()):
            return (type(value).__name__, value.pk)
        if hasattr(value, "items") and not isinstance(value, str):
            return {name: plain(child) for name, child in value.items()}
        if isinstance(value, list | tuple) or type(value).__name__ == "ListValue":
            return [plain(child) for child in value]
        return str(value)

    return [(block.block_type, plain(block.value)) for block in stream]


def test_one_query_per_model_where_wagtail_asks_per_block_type(campaign):
    # Negative control: Wagtail's own conversion, one block type at a time.
    with CaptureQueriesContext(connection) as wagtails:
        expected = converted(fresh(campaign).body)
    assert len(wagtails) == 1 + 5  # the page, then hero, testimonials, gallery, call to action, links

    page = fresh(campaign)
    with CaptureQueriesContext(connection) as ours:
        fetch_chosen_for(page)
        result = converted(page.body)
    assert len(ours) == 2  # the images, the pages
    assert result == expected


def test_an_image_chosen_twice_keeps_each_alt_text(campaign, images):
    page = fresh(campaign)
    fetch_chosen_for(page)
    hero, gallery = page.body[0].value["image"], page.body[3].value["images"][1]["image"]
    assert hero.pk == gallery.pk == images[0].pk and hero is not gallery
    assert (hero.contextual_alt_text, gallery.contextual_alt_text) == ("Legekontor", "Samme bilde, annen tekst")


def test_a_deleted_image_or_page_is_none_as_in_wagtail(campaign, images, guidance_page):
    images[1].delete()
    guidance_page.delete()
    expected = converted(fresh(campaign).body)
    page = fresh(campaign)
    with CaptureQueriesContext(connection) as captured:
        fetch_chosen_for(page)
        assert converted(page.body) == expected
    assert len(captured) == 2  # what is gone is not asked for again
    assert page.body[1].value["portrait"] is None
    assert page.body[4].value["link"]["page"] is None


def test_every_stream_of_a_page_shares_the_queries(guidance_page):
    documents = [wagtail_factories.DocumentFactory(title=f"Vedlegg {n}") for n in range(2)]
    guidance_page.body = [
        {
            "type": "documents",
            "value": {"heading": "Dokumenter", "documents": [{"document": documents[0].pk, "title": ""}]},
        }
    ]
    guidance_page.attachments = [{"type": "document", "value": {"document": documents[1].pk, "title": ""}}]
    guidance_page.save()
    page = GuidancePage.objects.get(pk=guidance_page.pk)
    with CaptureQueriesContext(connection) as captured:
        fetch_chosen_for(page)
        titles = [page.body[0].value["documents"][0]["document"].title, page.attachments[0].value["document"].title]
    assert len(captured) == 1
    assert titles == ["Vedlegg 0", "Vedlegg 1"]


@pytest.mark.parametrize("stored", ["7", {"id": 7}, True, 10**30, [1, 2]])
def test_an_unexpected_stored_value_falls_back_to_wagtails_lookup(campaign_index, stored):
    """Hand-edited or imported JSON: no crash, the same answer as Wagtail's."""
    body = [{"type": "call_to_action", "value": {"heading": "Søk", "text": "", "link": {"page": stored}}}]
    page = CampaignPageFactory.build(body=body)
    page.body = CampaignPage._meta.get_field("body").to_python(body)
    try:
        expected = ("value", [block.value["link"]["page"] for block in page.body])
    except Exception as error:  # whatever Wagtail raises, ours must raise too
        expected = ("error", type(error))
    page.body = CampaignPage._meta.get_field("body").to_python(body)
    try:
        fetch_chosen_together(page.body)
        result = ("value", [block.value["link"]["page"] for block in page.body])
    except Exception as error:
        result = ("error", type(error))
    assert result == expected


def test_an_image_stored_by_a_former_image_chooser_is_found(images):
    """ImageBlock reads a bare id, as a field changed from ImageChooserBlock stores it."""
    stream = CampaignPage._meta.get_field("body").to_python(
        [{"type": "figure", "value": {"image": images[2].pk, "caption": "", "source": ""}}]
    )
    with CaptureQueriesContext(connection) as captured:
        fetch_chosen_together(stream)
        image = stream[0].value["image"]
    assert len(captured) == 1 and image.pk == images[2].pk


def test_a_stream_of_python_values_is_left_alone(images):
    stream = CampaignPage._meta.get_field("body").to_python([])
    stream.append(("heading", {"text": "Tittel", "level": "h2"}))
    with CaptureQueriesContext(connection) as captured:
        fetch_chosen_together(stream, None)
    assert len(captured) == 0


@pytest.mark.parametrize(
    ("block", "wagtails_path"),
    [
        (PageChooserBlock(), "wagtail.blocks.PageChooserBlock"),
        (ImageChooserBlock(), "wagtail.images.blocks.ImageChooserBlock"),
        (DocumentChooserBlock(), "wagtail.documents.blocks.DocumentChooserBlock"),
        (ImageBlock(), "wagtail.images.blocks.ImageBlock"),
    ],
)
def test_migrations_see_wagtails_blocks(block, wagtails_path):
    """The data is Wagtail's, so migrations must neither change nor import this module."""
    assert block.deconstruct()[0] == wagtails_path


def chosen_lookups(captured) -> tuple[int, int]:
    images = [q for q in captured if 'FROM "wagtailimages_image"' in q["sql"]]
    pages = [q for q in captured if '"wagtailcore_page"."id" IN' in q["sql"]]
    return len(images), len(pages)


def test_the_rendered_campaign_asks_once_per_model_and_then_not_until_a_change(site_client, campaign, settings):
    settings.PAGE_CACHE_ENABLED = False
    with CaptureQueriesContext(connection) as first:
        response = site_client.get(campaign.url)
    assert response.status_code == 200 and chosen_lookups(first) == (1, 1)
    assert "Legekontor" in response.content.decode() and "Venterom" in response.content.decode()
    with CaptureQueriesContext(connection) as warm:
        assert site_client.get(campaign.url).status_code == 200
    assert chosen_lookups(warm) == (0, 0)


def rendered_from_scratch(client, url: str) -> str:
    """The page as a process that has kept nothing in memory renders it."""
    kept_in_process.clear()
    kept_renditions.clear()
    return client.get(url).content.decode()


def test_a_chosen_page_or_image_changed_shows_at_once(site_client, campaign, guidance_page, images, settings):
    settings.PAGE_CACHE_ENABLED = False
    before = site_client.get(campaign.url).content.decode()
    site_client.get(campaign.url)  # kept in memory now

    guidance_page.title = "Søk om tilskudd"
    guidance_page.save_revision().publish()
    retitled = site_client.get(campaign.url).content.decode()
    assert "Søk om tilskudd" in retitled and retitled == rendered_from_scratch(site_client, campaign.url)

    image = get_image_model().objects.get(pk=images[2].pk)
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 3, 3, 2, 2
    image.save()  # a new crop: the gallery's rendition changes
    moved = site_client.get(campaign.url).content.decode()
    assert moved != retitled != before
    assert moved == rendered_from_scratch(site_client, campaign.url)
