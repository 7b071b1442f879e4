"""Reading a show's feed as a podcast app does, for the tests of its tags.

Plain helpers (not fixtures), so that they never clash with the fixtures in conftest.py.
"""

from __future__ import annotations

import io

import podcastparser
from lxml import etree

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
HOST = "localhost"


def fetch_feed(client, show) -> bytes:
    response = client.get(show.url + show.feed_path, HTTP_HOST=HOST)
    assert response.status_code == 200, response.status_code
    return response.content


def feed_root(client, show) -> etree._Element:
    return etree.fromstring(fetch_feed(client, show))


def parsed_by_podcastparser(client, show) -> dict:
    """The feed as podcastparser (gPodder and others) reads it: it must still parse with our tags."""
    return podcastparser.parse(show.feed_url(), io.BytesIO(fetch_feed(client, show)))


def one(root, xpath: str):
    found = root.xpath(xpath, namespaces=NS)
    assert len(found) == 1, f"{xpath}: {len(found)} found"
    return found[0]


def items_by_title(root) -> dict[str, etree._Element]:
    return {item.findtext("title"): item for item in root.xpath("/rss/channel/item")}
