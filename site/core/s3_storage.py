"""Media in an S3-compatible bucket: images public, everything else private behind signed URLs.

django-storages' S3Storage with one rule added, the same rule core/media.py applies on local
disk: only Wagtail's image folders (core.media_storage.PUBLIC_FOLDERS) are public. Their
objects get a public ACL (or rely on a bucket policy, see AWS_S3_PUBLIC_ACL) and unsigned
URLs, on the custom domain when there is one, because a cached page must not hold an image
URL that expires. Documents and podcast files stay private objects: the site serves them
after its own checks (Wagtail's document view, the episode's addresses), which may hand out
a short-lived signed URL. Configured by core.media_storage from the environment.
"""

from __future__ import annotations

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .media_storage import (
    ORIGINAL_IMAGE_CACHE_CONTROL,
    PRIVATE_CACHE_CONTROL,
    RENDITION_CACHE_CONTROL,
    is_public_name,
)


class MediaS3Storage(S3Storage):
    def get_default_settings(self) -> dict:
        return {**super().get_default_settings(), "public_custom_domain": None, "public_acl": "public-read"}

    def _relative_name(self, key: str) -> str:
        """The stored name of a bucket key (without AWS_LOCATION's prefix)."""
        prefix = f"{self.location}/" if self.location else ""
        return key.removeprefix(prefix)

    def get_object_parameters(self, name: str) -> dict:
        """Upload parameters per object: `name` is the bucket key. Public images get their ACL and caching."""
        params = super().get_object_parameters(name)
        relative = self._relative_name(name)
        if is_public_name(relative):
            rendition = relative.startswith("images/")
            params["CacheControl"] = RENDITION_CACHE_CONTROL if rendition else ORIGINAL_IMAGE_CACHE_CONTROL
            if self.public_acl:
                params["ACL"] = self.public_acl
        else:
            params.setdefault("CacheControl", PRIVATE_CACHE_CONTROL)
            params.pop("ACL", None)
        return params

    def url(self, name: str, parameters: dict | None = None, expire: int | None = None, http_method=None) -> str:
        """Unsigned (CDN) URLs for public images; signed, short-lived URLs for everything else."""
        if not is_public_name(clean_name(name)):
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        key = self._normalize_name(clean_name(name))
        if self.public_custom_domain:
            return f"{self.url_protocol}//{self.public_custom_domain}/{filepath_to_uri(key)}"
        return self.unsigned_connection.meta.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket_name, "Key": key}
        )
