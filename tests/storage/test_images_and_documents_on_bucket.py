"""Images and documents in a bucket: images public (originals and renditions, made once and
shared by every host through the database), documents private behind Wagtail's document view."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from core.media_storage import RENDITION_CACHE_CONTROL, s3_storage_options
from core.s3_storage import MediaS3Storage
from demo.documents import make_pdf
from search.pdf_text import document_text
from tests.s3_service import needs_moto, s3_environment
from tests.storage.http_get import fetch

pytestmark = [needs_moto, pytest.mark.django_db]


def png_bytes(size=(60, 40), colour=(200, 120, 40)) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def keys(bucket, prefix: str) -> list[str]:
    listed = bucket.client().list_objects_v2(Bucket=bucket.name, Prefix=prefix)
    return [item["Key"] for item in listed.get("Contents", [])]


@pytest.fixture
def image(s3_media):
    return get_image_model().objects.create(title="Kontor", file=ImageFile(io.BytesIO(png_bytes()), name="kontor.png"))


@pytest.fixture
def private_document(s3_media):
    collection = Collection.get_first_root_node().add_child(name="Styresaker")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return get_document_model().objects.create(
        title="Styresak",
        collection=collection,
        file=ContentFile(
            make_pdf("Styresak 12/2026", ["Fortrolig: budsjett for legevakten i Nordland."]), name="styresak.pdf"
        ),
    )


def test_an_image_and_its_rendition_are_public_at_their_wagtail_urls(s3_media, image):
    assert keys(s3_media, "original_images/") == [image.file.name]
    assert image.file.url == s3_media.object_url(image.file.name)
    assert fetch(image.file.url).body == png_bytes()
    rendition = image.get_rendition("fill-20x20|format-png")
    assert keys(s3_media, "images/") == [rendition.file.name]
    answer = fetch(rendition.url)
    assert answer.status == 200 and answer.body.startswith(b"\x89PNG")
    assert answer.headers["cache-control"] == RENDITION_CACHE_CONTROL
    from PIL import Image as PILImage

    assert PILImage.open(io.BytesIO(answer.body)).size == (20, 20)


def test_a_rendition_is_made_once_and_found_by_another_host(s3_media, image):
    first = image.get_rendition("width-30")
    # Another host: its own storage client and its own (empty) rendition cache, the same database.
    from django.core.cache import cache

    cache.clear()
    other_host_image = get_image_model().objects.get(pk=image.pk)
    second = other_host_image.get_rendition("width-30")
    assert second.pk == first.pk and second.file.name == first.file.name
    assert keys(s3_media, "images/") == [first.file.name]  # nothing generated twice
    other_storage = MediaS3Storage(**s3_storage_options(s3_environment(s3_media)))
    assert other_storage.exists(first.file.name)
    assert other_storage.url(first.file.name) == first.url


def test_a_private_document_is_no_public_object(s3_media, private_document):
    assert keys(s3_media, "documents/") == [private_document.file.name]
    assert fetch(s3_media.object_url(private_document.file.name)).status == 403


def test_the_site_refuses_a_private_document_to_the_public_and_serves_it_to_a_user(
    s3_media, client, private_document, django_user_model
):
    refused = client.get(private_document.url)
    assert refused.status_code == 302 and "login" in refused["Location"]
    assert s3_media.endpoint_url not in refused["Location"]
    client.force_login(django_user_model.objects.create_user("kari", password="x"))
    served = client.get(private_document.url)
    # Served through the view (WAGTAILDOCS_SERVE_METHOD=serve_view), never a redirect to the bucket.
    assert served.status_code == 200
    body = b"".join(served.streaming_content) if served.streaming else served.content
    with private_document.file.open("rb") as handle:
        assert body == handle.read()
    assert served["Content-Security-Policy"] == "default-src 'none'"
    assert body.startswith(b"%PDF") and served["Content-Type"] == "application/pdf"


def test_pdf_text_for_search_is_read_from_the_bucket(s3_media, private_document):
    assert "budsjett for legevakten" in document_text(private_document)


def test_a_public_document_is_served_by_the_view_too(s3_media, client):
    document = get_document_model().objects.create(
        title="Handlingsplan", file=ContentFile(make_pdf("Handlingsplan", ["Offentlig."]), name="plan.pdf")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert fetch(s3_media.object_url(document.file.name)).status == 403  # still no public object
