"""podcast:guid follows the Podcasting 2.0 specification's own examples."""

import uuid

import pytest

from podcast.guid import podcast_guid_for_feed_url


@pytest.mark.parametrize(
    ("feed_url", "expected"),
    [
        ("https://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("http://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
    ],
)
def test_spec_vectors(feed_url, expected):
    assert podcast_guid_for_feed_url(feed_url) == uuid.UUID(expected)


def test_the_guid_is_a_version_5_uuid():
    assert podcast_guid_for_feed_url("https://allmenn.example.no/podkast/feed/").version == 5
