"""A feedgen extension for the channel tags feedgen 1.0.0 does not write, or writes wrongly.

feedgen's podcast extension only knows `itunes:explicit` as yes/no/clean (Apple now
wants true/false), silently drops an `itunes:image` whose URL does not end in .jpg or
.png, and has no `podcast:` namespace at all. Register it with
`fg.register_extension("allmenn", AllmennFeedExtension)` and fill in `fg.allmenn`.
Items are written by feed._write_item, with the same namespaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedgen.ext.base import BaseExtension
from feedgen.util import xml_elem

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
NAMESPACES = {"itunes": ITUNES_NS, "podcast": PODCAST_NS}


def _itunes(tag: str) -> str:
    return f"{{{ITUNES_NS}}}{tag}"


def _podcast(tag: str) -> str:
    return f"{{{PODCAST_NS}}}{tag}"


def _true_false(value: bool) -> str:
    return "true" if value else "false"


def _replace_explicit(parent) -> None:
    """Drop any itunes:explicit another extension wrote, so exactly one remains."""
    for element in parent.findall(_itunes("explicit")):
        parent.remove(element)


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    group: str = "cast"
    href: str = ""


def _write_person(parent, person: Person) -> None:
    element = xml_elem(_podcast("person"), parent, role=person.role, group=person.group)
    if person.href:
        element.attrib["href"] = person.href
    element.text = person.name


class AllmennFeedExtension(BaseExtension):
    """Channel-level tags: explicit, image fallback, podcast:guid, locked, funding and the show's people."""

    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.image_url: str = ""
        self.guid: str = ""
        self.locked: bool | None = None
        self.locked_owner: str = ""
        self.funding_url: str = ""
        self.funding_text: str = ""
        self.people: list[Person] = []

    def extend_ns(self) -> dict[str, str]:
        return dict(NAMESPACES)

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.explicit is not None:
            _replace_explicit(channel)
            xml_elem(_itunes("explicit"), channel).text = _true_false(self.explicit)
        if self.image_url and channel.find(_itunes("image")) is None:
            xml_elem(_itunes("image"), channel, href=self.image_url)
        if self.guid:
            xml_elem(_podcast("guid"), channel).text = self.guid
        if self.locked is not None:
            locked = xml_elem(_podcast("locked"), channel)
            locked.text = "yes" if self.locked else "no"
            if self.locked_owner:
                locked.attrib["owner"] = self.locked_owner
        if self.funding_url:
            funding = xml_elem(_podcast("funding"), channel, url=self.funding_url)
            funding.text = self.funding_text or None
        for person in self.people:
            _write_person(channel, person)
        return rss_feed
