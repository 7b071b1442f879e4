"""podcast:guid: the Podcasting 2.0 specification's own examples, derived from the site's public
address rather than from whatever address a request used, and set by administrators only."""

import uuid

import pytest
from wagtail.models import Site

from podcast.guid import podcast_guid_for_feed_url
from podcast.models import PodcastShowPage

from .feed_xml import feed_root, one
from .show_forms import show_form_data


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


def feed_guid(client, show) -> str:
    return one(feed_root(client, show), "/rss/channel/podcast:guid").text


# --- Derived from the site's public address ------------------------------------------------------


@pytest.mark.django_db
def test_the_guid_comes_from_the_public_address_and_then_stays(client, settings, podcast_show):
    """The Site record (localhost) and the request say one thing, WAGTAILADMIN_BASE_URL another: it wins."""
    settings.WAGTAILADMIN_BASE_URL = "https://allmenn.example"
    expected = podcast_guid_for_feed_url("https://allmenn.example/fastlegepodden/feed/")
    assert feed_guid(client, podcast_show) == str(expected)
    assert PodcastShowPage.objects.get(pk=podcast_show.pk).podcast_guid == expected

    # A new slug or a new address later on is the same podcast.
    settings.WAGTAILADMIN_BASE_URL = "https://ny.allmenn.example"
    podcast_show.slug = "fastlegepodden-ny"
    podcast_show.save_revision().publish()
    podcast_show.refresh_from_db()
    assert feed_guid(client, podcast_show) == str(expected)


@pytest.mark.django_db
def test_a_visit_through_a_staging_host_does_not_become_the_guid(rf, home_page, podcast_show):
    """A second Site for the same pages (a staging or demo host name) must not fix the guid."""
    Site.objects.create(hostname="staging.allmenn.example", port=80, root_page=home_page)
    request = rf.get(podcast_show.url + podcast_show.feed_path, HTTP_HOST="staging.allmenn.example")
    guid = podcast_show.ensure_podcast_guid(request)
    assert guid == podcast_guid_for_feed_url("http://localhost/fastlegepodden/feed/")  # test settings' address
    assert guid != podcast_guid_for_feed_url("http://staging.allmenn.example/fastlegepodden/feed/")


# --- Set by an administrator --------------------------------------------------------------------


@pytest.mark.django_db
def test_only_a_superuser_sees_and_changes_the_guid(admin_client, editor_client, client, podcast_show):
    edit_url = f"/admin/pages/{podcast_show.pk}/edit/"
    as_superuser = admin_client.get(edit_url).content.decode()
    assert 'name="podcast_guid"' in as_superuser
    assert "behandler podkastappene strømmen som en ny podkast" in as_superuser
    as_editor = editor_client.get(edit_url)
    assert as_editor.status_code == 200
    assert 'name="podcast_guid"' not in as_editor.content.decode()

    # An editor who posts one anyway changes the rest of the page, not the guid.
    guid = feed_guid(client, podcast_show)
    show = PodcastShowPage.objects.get(pk=podcast_show.pk)
    data = show_form_data(show, podcast_guid="917393e3-1b1e-5cef-ace4-edaa54e1f810", title="Fastlegepodden 2")
    response = editor_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    show = PodcastShowPage.objects.get(pk=show.pk)
    assert str(show.podcast_guid) == guid
    assert show.get_latest_revision().as_object().title == "Fastlegepodden 2"


@pytest.mark.django_db
def test_a_superusers_guid_is_the_feeds_at_once_and_survives_publishing(admin_client, client, podcast_show):
    derived = uuid.UUID(feed_guid(client, podcast_show))
    chosen = uuid.UUID("917393e3-1b1e-5cef-ace4-edaa54e1f810")
    response = admin_client.post(
        f"/admin/pages/{podcast_show.pk}/edit/", show_form_data(podcast_show, podcast_guid=str(chosen))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PodcastShowPage.objects.get(pk=podcast_show.pk).podcast_guid == chosen  # a draft save, yet stored
    assert feed_guid(client, podcast_show) == str(chosen)

    # Publishing the draft, or a revision from before the change, keeps the administrator's guid.
    show = PodcastShowPage.objects.get(pk=podcast_show.pk)
    show.get_latest_revision().publish()
    show.revisions.order_by("created_at", "pk").first().publish()
    assert PodcastShowPage.objects.get(pk=podcast_show.pk).podcast_guid == chosen
    assert feed_guid(client, podcast_show) == str(chosen) != str(derived)

    # Emptied, it is derived again from the feed's address.
    admin_client.post(f"/admin/pages/{podcast_show.pk}/edit/", show_form_data(show, podcast_guid=""))
    assert feed_guid(client, podcast_show) == str(derived)
