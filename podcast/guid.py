"""podcast:guid, as the Podcasting 2.0 namespace defines it."""

import uuid

# The namespace UUID the podcast namespace specification fixes for podcast:guid.
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid_for_feed_url(feed_url: str) -> uuid.UUID:
    """UUIDv5 of the feed URL without its scheme and trailing slashes."""
    url = feed_url.strip()
    for scheme in ("https://", "http://"):
        if url.lower().startswith(scheme):
            url = url[len(scheme) :]
            break
    return uuid.uuid5(PODCAST_NAMESPACE, url.rstrip("/"))
