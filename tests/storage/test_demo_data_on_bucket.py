"""The demo data loads into a bucket as into MEDIA_ROOT: it uses nothing but the storage API."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from podcast.models import PodcastEpisodePage
from tests.s3_service import needs_moto
from tests.storage.http_get import fetch

pytestmark = [needs_moto, pytest.mark.django_db]


def test_the_demo_site_keeps_its_media_in_the_bucket(s3_media, site_client):
    call_command("load_demo_data", "--force", stdout=io.StringIO())
    listed = s3_media.client().list_objects_v2(Bucket=s3_media.name)
    sizes = {item["Key"]: item["Size"] for item in listed.get("Contents", [])}
    images = list(get_image_model().objects.all())
    documents = list(get_document_model().objects.all())
    episodes = [episode for episode in PodcastEpisodePage.objects.all() if episode.audio_file]
    assert images and documents and episodes
    for image in images:
        assert sizes[image.file.name] == image.file_size
        assert fetch(image.file.url).status == 200
    for document in documents:
        assert document.file.name in sizes
        assert fetch(s3_media.object_url(document.file.name)).status == 403
    for episode in episodes:
        assert sizes[episode.audio_file.name] == episode.audio_size
        assert fetch(s3_media.object_url(episode.audio_file.name)).status == 403
    # Pages show the images at their public bucket URLs, which anyone can read.
    page = site_client.get("/")
    assert page.status_code == 200
    sources = [src for src in re.findall(r'<img[^>]+src="([^"]+)"', page.content.decode()) if "/static/" not in src]
    assert sources
    for source in sources:
        assert source.startswith(f"{s3_media.endpoint_url}/{s3_media.name}/images/"), source
        assert fetch(html.unescape(source)).status == 200
