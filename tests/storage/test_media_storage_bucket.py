"""The bucket storage itself: private objects by default, public image folders, no overwriting."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from core.media_storage import RENDITION_CACHE_CONTROL, s3_storage_options
from core.s3_storage import MediaS3Storage
from tests.s3_service import needs_moto, s3_environment
from tests.storage.http_get import fetch

pytestmark = needs_moto

SECRET = b"%PDF-1.4 hemmelig styresak\n"


def test_the_default_storage_is_the_bucket_and_its_objects_are_private(s3_media):
    name = default_storage.save("documents/styresak.pdf", ContentFile(SECRET))
    assert isinstance(storages["default"], MediaS3Storage)
    head = s3_media.client().head_object(Bucket=s3_media.name, Key=name)
    assert head["ContentLength"] == len(SECRET)
    assert head["CacheControl"].startswith("private")
    assert fetch(s3_media.object_url(name)).status == 403  # no anonymous read
    signed = default_storage.url(name)
    assert "Signature=" in signed or "X-Amz-Signature=" in signed
    assert fetch(signed).body == SECRET


def test_a_second_upload_of_the_same_name_gets_a_new_name(s3_media):
    first = default_storage.save("documents/vedtak.pdf", ContentFile(b"first"))
    second = default_storage.save("documents/vedtak.pdf", ContentFile(b"second"))
    assert first == "documents/vedtak.pdf" and second != first
    with default_storage.open(first, "rb") as handle:
        assert handle.read() == b"first"


def test_image_folders_are_public_and_unsigned(s3_media):
    original = default_storage.save("original_images/kontor.png", ContentFile(b"\x89PNG original"))
    rendition = default_storage.save("images/kontor.fill-20x20.png", ContentFile(b"\x89PNG rendition"))
    for name, body in ((original, b"\x89PNG original"), (rendition, b"\x89PNG rendition")):
        url = default_storage.url(name)
        assert url == s3_media.object_url(name)  # no signature, nothing that expires in a cached page
        assert fetch(url).body == body
    head = s3_media.client().head_object(Bucket=s3_media.name, Key=rendition)
    assert head["CacheControl"] == RENDITION_CACHE_CONTROL
    # A folder merely named like an image folder deeper down is not public.
    hidden = default_storage.save("documents/images/skjult.png", ContentFile(b"\x89PNG hidden"))
    assert fetch(s3_media.object_url(hidden)).status == 403


def test_a_custom_domain_serves_public_images_only(s3_media):
    environment = {**s3_environment(s3_media), "AWS_S3_CUSTOM_DOMAIN": "media.allmenn.example"}
    storage = MediaS3Storage(**s3_storage_options(environment))
    assert storage.url("images/kontor.fill-20x20.png") == "https://media.allmenn.example/images/kontor.fill-20x20.png"
    private = storage.url("documents/styresak.pdf")
    assert private.startswith(s3_media.endpoint_url) and "Signature" in private


def test_a_key_prefix_keeps_images_public_and_documents_private(s3_media):
    environment = {**s3_environment(s3_media), "AWS_LOCATION": "staging"}
    storage = MediaS3Storage(**s3_storage_options(environment))
    image = storage.save("images/logo.png", ContentFile(b"\x89PNG logo"))
    document = storage.save("documents/plan.pdf", ContentFile(SECRET))
    assert fetch(s3_media.object_url(f"staging/{image}")).body == b"\x89PNG logo"
    assert fetch(s3_media.object_url(f"staging/{document}")).status == 403
    assert storage.url(image) == s3_media.object_url(f"staging/{image}")


def test_without_an_acl_image_objects_stay_private_for_a_bucket_policy_to_open(s3_media):
    environment = {**s3_environment(s3_media), "AWS_S3_PUBLIC_ACL": ""}
    storage = MediaS3Storage(**s3_storage_options(environment))
    name = storage.save("images/logo.png", ContentFile(b"\x89PNG logo"))
    grants = s3_media.client().get_object_acl(Bucket=s3_media.name, Key=name)["Grants"]
    assert not [grant for grant in grants if grant["Grantee"].get("URI", "").endswith("/AllUsers")]
