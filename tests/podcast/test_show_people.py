"""The show's hosts: edited on the show, written as the channel's podcast:person tags."""

from __future__ import annotations

import pytest
from wagtail.test.utils.form_data import inline_formset

from podcast.models import PodcastShowPage, ShowPerson

from .conftest import published_episode
from .feed_xml import NS, feed_root, parsed_by_podcastparser
from .show_forms import show_form_data

pytestmark = pytest.mark.django_db


def channel_people(root) -> list[tuple]:
    return [
        (person.text, person.get("role"), person.get("group"), person.get("href"))
        for person in root.xpath("/rss/channel/podcast:person", namespaces=NS)
    ]


def test_the_hosts_are_the_channels_podcast_person_tags(client, podcast_show):
    podcast_show.people = [
        ShowPerson(name="Ingrid Aasen", role=ShowPerson.Role.HOST, url="https://allmenn.example/ingrid"),
        ShowPerson(name="Per Berg", role=ShowPerson.Role.CO_HOST),
    ]
    podcast_show.save_revision().publish()
    published_episode(podcast_show, "Listetak")
    root = feed_root(client, podcast_show)
    assert channel_people(root) == [
        ("Ingrid Aasen", "host", "cast", "https://allmenn.example/ingrid"),
        ("Per Berg", "co-host", "cast", None),
    ]
    assert not root.xpath("/rss/channel/item/podcast:person", namespaces=NS)  # the episode has none of its own
    parsed = parsed_by_podcastparser(client, podcast_show)
    assert parsed["title"] == "Fastlegepodden" and [e["title"] for e in parsed["episodes"]] == ["Listetak"]


def test_an_editor_adds_a_host_in_the_show_editor(admin_client, client, podcast_show):
    edit_url = f"/admin/pages/{podcast_show.pk}/edit/"
    assert "Programledere" in admin_client.get(edit_url).content.decode()
    people = inline_formset([{"name": "Ingrid Aasen", "role": "host", "url": "https://allmenn.example/ingrid"}])
    data = show_form_data(podcast_show, people=people)
    data["action-publish"] = "action-publish"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    show = PodcastShowPage.objects.get(pk=podcast_show.pk)
    assert [(p.name, p.role) for p in show.people.all()] == [("Ingrid Aasen", "host")]
    assert channel_people(feed_root(client, show)) == [
        ("Ingrid Aasen", "host", "cast", "https://allmenn.example/ingrid")
    ]
