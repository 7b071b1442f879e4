"""The block library: validation editors meet, and markup the public gets."""

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from wagtail.images.blocks import ImageBlock

from core.blocks import (
    AccordionBlock,
    CallToActionBlock,
    FactCardsBlock,
    HeadingBlock,
    LinkBlock,
    QuoteBlock,
    RelatedLinksBlock,
    VideoBlock,
    parse_video_url,
)
from core.blocks import (
    TestimonialBlock as GPTestimonialBlock,
)
from pages.streams import campaign_blocks, content_blocks


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", ("youtube", "aqz-KE-bpKQ")),
        ("https://youtu.be/aqz-KE-bpKQ", ("youtube", "aqz-KE-bpKQ")),
        ("https://www.youtube.com/embed/aqz-KE-bpKQ", ("youtube", "aqz-KE-bpKQ")),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ%22onload=", None),
        ("https://evil.example/watch?v=aqz-KE-bpKQ", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_parse_video_url(url, expected):
    assert parse_video_url(url) == expected


def test_video_block_refuses_other_hosts():
    block = VideoBlock()
    value = block.to_python({"url": "https://tracker.example/video/1", "title": "Film", "description": ""})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_video_block_loads_nothing_until_asked():
    block = VideoBlock()
    value = block.to_python({"url": "https://youtu.be/aqz-KE-bpKQ", "title": "Hva gjør en fastlege?"})
    html = block.render(value)
    assert "<iframe" not in html
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in html
    assert 'href="https://youtu.be/aqz-KE-bpKQ"' in html  # works without JavaScript
    assert "hidden" in html  # the play button appears only when the script runs


def test_link_block_needs_exactly_one_target():
    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "url": "", "text": "Tom"}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "url": "https://www.regjeringen.no", "text": ""}))
    assert block.clean(block.to_python({"page": None, "url": "https://www.regjeringen.no", "text": "Regjeringen"}))


@pytest.mark.django_db
def test_images_need_alt_text_unless_decorative():
    image = wagtail_factories.ImageFactory()
    block = ImageBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "decorative": False, "alt_text": ""}))
    assert block.clean(block.to_python({"image": image.pk, "decorative": True, "alt_text": ""}))
    assert block.clean(block.to_python({"image": image.pk, "decorative": False, "alt_text": "En fastlege"}))


def test_accordion_uses_details_and_summary():
    block = AccordionBlock()
    value = block.to_python(
        {"heading": "Spørsmål", "items": [{"question": "Hva er listetak?", "answer": "<p>Maks antall.</p>"}]}
    )
    html = block.render(value)
    assert '<details class="ds-details">' in html and "<summary>Hva er listetak?</summary>" in html


def test_heading_anchor_comes_from_text():
    value = HeadingBlock().to_python({"text": "Økonomi og tilskudd", "level": "h3"})
    assert value.anchor == "okonomi-og-tilskudd"
    assert value.tag == "h3"


@pytest.mark.parametrize(
    "block_class",
    [
        HeadingBlock,
        QuoteBlock,
        GPTestimonialBlock,
        FactCardsBlock,
        CallToActionBlock,
        AccordionBlock,
        RelatedLinksBlock,
        VideoBlock,
        LinkBlock,
    ],
)
def test_blocks_have_a_preview_and_a_description(block_class):
    block = block_class()
    assert block.meta.description
    assert block.meta.preview_value


@pytest.mark.parametrize("blocks", [content_blocks(), campaign_blocks()])
def test_every_block_has_a_description_and_a_preview(blocks):
    for name, block in blocks:
        assert block.meta.description, name
        assert hasattr(block.meta, "preview_value") or block.meta.preview_value is not None, name


@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name, _block in campaign_blocks() + content_blocks()])
def test_block_previews_render_in_the_admin(admin_client, name):
    wagtail_factories.ImageFactory()
    wagtail_factories.DocumentFactory()
    from django.urls import reverse

    from pages.models import CampaignPage, GuidancePage

    blocks = {**GuidancePage.body.field.stream_block.child_blocks, **CampaignPage.body.field.stream_block.child_blocks}
    block = blocks[name]
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "designsystemet/index.css" in html  # previews use the site's own styles


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["hero", "figure", "gallery"])
def test_image_block_previews_show_an_image_from_the_library(admin_client, name):
    from django.urls import reverse

    from pages.models import CampaignPage

    wagtail_factories.ImageFactory()
    block = CampaignPage.body.field.stream_block.child_blocks[name]
    html = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}).content.decode()
    assert "<img" in html and 'alt="' in html
