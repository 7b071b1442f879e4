"""Where uploaded media live, chosen by the environment: local files, or an S3-compatible bucket.

Read by the production settings (and by tests that build the same storage), so it imports
no storage library. Variables:

- ``MEDIA_STORAGE``: ``local`` (the default: files under MEDIA_ROOT) or ``s3``.
- ``AWS_STORAGE_BUCKET_NAME``: the bucket (required with ``s3``).
- ``AWS_S3_ENDPOINT_URL``: any S3-compatible endpoint (MinIO, Ceph, a Norwegian cloud); empty for AWS.
- ``AWS_S3_REGION_NAME``: the bucket's region.
- ``AWS_LOCATION``: a key prefix, so that staging and production can share a bucket.
- ``AWS_S3_CUSTOM_DOMAIN``: a CDN or domain in front of the bucket, used for public images only.
- ``AWS_QUERYSTRING_EXPIRE``: seconds a signed URL to a private object lives (default 300).
- ``AWS_S3_PUBLIC_ACL``: the ACL given to image objects (default ``public-read``); empty for a
  bucket with ACLs disabled, whose bucket policy must then allow reading ``original_images/*``
  and ``images/*`` (and nothing else).

Credentials are never settings: boto3 finds them itself (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, a profile, or the instance's role).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

MEDIA_STORAGES = ("local", "s3")
S3_BACKEND = "core.s3_storage.MediaS3Storage"
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
DEFAULT_SIGNED_URL_SECONDS = 300
# Wagtail's image originals and renditions: public by design (images have no privacy).
# Everything else (documents, podcast audio and transcripts, imports) is private.
PUBLIC_FOLDERS = frozenset({"original_images", "images"})
# Renditions are never rewritten in place (a new focal point or file is a new name), so a
# browser or CDN may keep them for a year; originals for a day, as core/media.py serves them.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"
ORIGINAL_IMAGE_CACHE_CONTROL = "public, max-age=86400"
PRIVATE_CACHE_CONTROL = "private, max-age=3600"


def is_public_name(name: str) -> bool:
    """Whether a stored name (relative to the storage's root) lies in a public image folder."""
    folder, separator, rest = name.partition("/")
    return bool(separator and rest) and folder in PUBLIC_FOLDERS


def media_storage_kind(environ: Mapping[str, str]) -> str:
    """``local`` or ``s3``; anything else is a configuration error, not a silent fallback."""
    kind = (environ.get("MEDIA_STORAGE") or "local").strip().lower()
    if kind not in MEDIA_STORAGES:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE must be one of {', '.join(MEDIA_STORAGES)} (it is {environ.get('MEDIA_STORAGE')!r})."
        )
    return kind


def s3_storage_options(environ: Mapping[str, str]) -> dict:
    """The OPTIONS of MediaS3Storage built from the environment: private, signed, never overwriting."""
    bucket = (environ.get("AWS_STORAGE_BUCKET_NAME") or "").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (the bucket that holds the media).")
    expire_text = (environ.get("AWS_QUERYSTRING_EXPIRE") or str(DEFAULT_SIGNED_URL_SECONDS)).strip()
    if not expire_text.isascii() or not expire_text.isdigit() or not 1 <= int(expire_text) <= 7 * 24 * 3600:
        raise ImproperlyConfigured(
            f"AWS_QUERYSTRING_EXPIRE must be a number of seconds from 1 to 604800 (it is {expire_text!r})."
        )
    return {
        "bucket_name": bucket,
        "endpoint_url": (environ.get("AWS_S3_ENDPOINT_URL") or "").strip() or None,
        "region_name": (environ.get("AWS_S3_REGION_NAME") or "").strip() or None,
        "location": (environ.get("AWS_LOCATION") or "").strip().strip("/"),
        # Private objects: no ACL (the bucket's private default), URLs signed and short-lived.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": int(expire_text),
        # Wagtail expects a new upload to get a new name, never to replace another file.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": PRIVATE_CACHE_CONTROL},
        # A file read through the site (a document, a transcript) is held in memory up to
        # this size and spills to a temporary file beyond it (django-storages' 0 never spills).
        "max_memory_size": 2 * 1024 * 1024,
        # Only public images use the custom domain; private objects always get signed bucket URLs.
        "custom_domain": None,
        "public_custom_domain": (environ.get("AWS_S3_CUSTOM_DOMAIN") or "").strip().strip("/") or None,
        "public_acl": (environ.get("AWS_S3_PUBLIC_ACL", "public-read") or "").strip() or None,
    }


def media_storage_from_env(environ: Mapping[str, str]) -> dict:
    """The STORAGES["default"] entry that the environment asks for."""
    if media_storage_kind(environ) == "s3":
        return {"BACKEND": S3_BACKEND, "OPTIONS": s3_storage_options(environ)}
    return {"BACKEND": LOCAL_BACKEND}


def media_origins(environ: Mapping[str, str]) -> list[str]:
    """The origins a page loads media from with S3 (for the Content-Security-Policy); none on local files.

    Images come from the custom domain if there is one, else from the bucket; audio is
    redirected to signed bucket URLs, so the bucket's origin is always listed.
    """
    if media_storage_kind(environ) != "s3":
        return []
    options = s3_storage_options(environ)
    origins = []
    if options["public_custom_domain"]:
        origins.append(f"https://{options['public_custom_domain']}")
    if options["endpoint_url"]:
        parts = urlsplit(options["endpoint_url"])
        origins.append(f"{parts.scheme}://{parts.netloc}")
    else:
        bucket, region = options["bucket_name"], options["region_name"]
        origins.append(f"https://{bucket}.s3.amazonaws.com")
        if region:
            origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins


def is_remote(storage) -> bool:
    """Whether a storage has no local paths (a bucket): its files are fetched by URL or through its API."""
    try:
        storage.path("")
    except NotImplementedError:
        return True
    return False
