"""MEDIA_STORAGE and the AWS_* variables: what the production settings build, and what they refuse."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.media_storage import is_public_name, media_origins, media_storage_from_env, s3_storage_options
from tests.config.test_production_settings import PRODUCTION_ENV, manage
from tests.redis_service import REDIS_URL

S3_ENV = {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "allmenn-media", "AWS_S3_REGION_NAME": "eu-north-1"}


def test_local_files_by_default():
    assert media_storage_from_env({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_storage_from_env({"MEDIA_STORAGE": "local"})["BACKEND"].endswith("FileSystemStorage")
    assert media_origins({}) == []


@pytest.mark.parametrize("value", ["s4", "minio", "file", "s3,local"])
def test_an_unknown_media_storage_is_refused(value):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE must be one of local, s3"):
        media_storage_from_env({"MEDIA_STORAGE": value})


def test_the_value_is_read_without_case_or_spaces():
    assert media_storage_from_env({**S3_ENV, "MEDIA_STORAGE": " S3 "})["BACKEND"] == "core.s3_storage.MediaS3Storage"


def test_s3_needs_a_bucket():
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        media_storage_from_env({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "  "})


@pytest.mark.parametrize("value", ["0", "-5", "abc", "１０", "604801"])
def test_a_signed_url_lifetime_must_be_sensible(value):
    with pytest.raises(ImproperlyConfigured, match="AWS_QUERYSTRING_EXPIRE"):
        s3_storage_options({**S3_ENV, "AWS_QUERYSTRING_EXPIRE": value})


def test_s3_options_are_private_signed_and_never_overwrite():
    options = s3_storage_options({**S3_ENV, "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "hemmelig"})
    assert options["bucket_name"] == "allmenn-media" and options["region_name"] == "eu-north-1"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] == 300 and options["file_overwrite"] is False
    assert options["custom_domain"] is None and options["endpoint_url"] is None
    # Credentials are left to boto3's chain (environment, profile, instance role): never settings.
    assert "hemmelig" not in json.dumps(options) and "AKIA" not in json.dumps(options)


def test_public_names_are_the_image_folders_only():
    assert is_public_name("original_images/kontor.png") and is_public_name("images/kontor.fill-20x20.png")
    for name in ("documents/a.pdf", "podcast/lyd/a.mp3", "images", "images/", "imagesx/a.png", "x/images/a.png"):
        assert not is_public_name(name), name


def test_media_origins_for_the_content_security_policy():
    assert media_origins(S3_ENV) == [
        "https://allmenn-media.s3.amazonaws.com",
        "https://allmenn-media.s3.eu-north-1.amazonaws.com",
    ]
    with_cdn = {**S3_ENV, "AWS_S3_ENDPOINT_URL": "https://s3.example.no:8443/", "AWS_S3_CUSTOM_DOMAIN": "media.ex.no"}
    assert media_origins(with_cdn) == ["https://media.ex.no", "https://s3.example.no:8443"]


def production_settings(env: dict[str, str], *names: str) -> dict:
    code = f"from django.conf import settings; import json; print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    result = manage("shell", "-c", code, env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_builds_the_bucket_storage_from_the_environment():
    built = production_settings(
        S3_ENV, "STORAGES", "SERVE_MEDIA", "CONTENT_SECURITY_POLICY", "WAGTAILDOCS_SERVE_METHOD"
    )
    assert built["STORAGES"]["default"] == media_storage_from_env(S3_ENV)
    assert built["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert built["SERVE_MEDIA"] is False
    directives = built["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert "https://allmenn-media.s3.amazonaws.com" in directives["img-src"]
    assert (
        directives["media-src"][0] == "'self'" and "https://allmenn-media.s3.amazonaws.com" in directives["media-src"]
    )
    assert built["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"


def test_production_keeps_local_files_without_media_storage():
    built = production_settings({}, "STORAGES", "SERVE_MEDIA", "CONTENT_SECURITY_POLICY")
    assert built["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert built["SERVE_MEDIA"] is True
    assert "media-src" not in built["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "s4"}, "MEDIA_STORAGE must be one of local, s3 (it is 's4')"),
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_production_refuses_a_wrong_media_storage(env, message):
    result = manage("check", env={**PRODUCTION_ENV, **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_shows_nothing_new_with_s3_and_redis():
    shared = {**S3_ENV, "REDIS_URL": REDIS_URL or "redis://127.0.0.1:6379/15"}
    baseline = manage("check", "--deploy", env=PRODUCTION_ENV)
    with_s3 = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, **shared})
    assert with_s3.returncode == 0, with_s3.stderr + with_s3.stdout
    assert with_s3.stdout == baseline.stdout and "no issues" in with_s3.stdout
