"""The show and episode pages as listeners see them."""

import re
import secrets

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from podcast.factories import PodcastEpisodePageFactory
from podcast.models import EpisodeChapter, EpisodePerson, PodcastEpisodePage, PodcastShowPage

pytestmark = pytest.mark.django_db


def add_episode(show, title: str, **fields) -> PodcastEpisodePage:
    """An episode of 12:34 whose audio is a few stored bytes: these pages never read the file,
    but publishing asks that it is in storage."""
    name = f"podcast/audio/{secrets.token_hex(16)}/{title.lower().replace(' ', '-')}.mp3"
    return PodcastEpisodePageFactory(
        parent=show,
        title=title,
        audio_file=default_storage.save(name, ContentFile(b"ID3")),
        audio_duration=754.4,
        audio_mime_type="audio/mpeg",
        transcript_text="Velkommen til Fastlegepodden.\n\nI dag snakker vi om listetak.",
        **fields,
    )


def test_episode_page_has_player_chapters_transcript_and_navigation(site_client, podcast_show):
    show = podcast_show
    first = add_episode(show, "Listetak", first_published_at=timezone.now() - timezone.timedelta(days=30))
    second = add_episode(show, "Rekruttering i distriktene", season=1, episode_number=2)
    EpisodeChapter.objects.create(page=second, start_seconds=0, title="Innledning")
    EpisodeChapter.objects.create(page=second, start_seconds=95, title="Om ALIS-avtaler")
    EpisodePerson.objects.create(page=second, name="Kari Nordmann", role="host")

    html = site_client.get(second.url).content.decode()
    audio = second.url + "lyd/rekruttering-i-distriktene.mp3"
    assert f'<audio id="episode-audio" controls preload="metadata" src="{audio}">' in html
    assert (
        f'href="{audio}#t=95" data-seek="95"><span class="podcast-chapters__time">1:35</span> Om ALIS-avtaler' in html
    )
    assert "Varighet 12:34" in html
    assert 'id="tekstversjon"' in html and "I dag snakker vi om listetak." in html
    assert "Kari Nordmann</li>" not in html and "Kari Nordmann – Programleder" in html
    assert f'href="{first.url}" rel="prev"' in html
    assert show.feed_url() in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def episode_navigation(html: str) -> list[str]:
    """The titles of the previous and next episode links, in order."""
    return re.findall(r'rel="(?:prev|next)"><span class="chapter-nav__label">[^<]*</span> ([^<]*)</a>', html)


def test_episode_navigation_follows_publication_at_once(site_client, podcast_show, settings):
    """The show's links and the neighbours are kept per page-tree version: a publication,
    an unpublication or a retitled show shows at once, with the page cache off and on."""
    for cached in (False, True):
        settings.PAGE_CACHE_ENABLED = cached
        day = timezone.now() - timezone.timedelta(days=10)
        old = add_episode(podcast_show, f"Eldst {cached}", first_published_at=day)
        middle = add_episode(podcast_show, f"Midt {cached}", first_published_at=day + timezone.timedelta(days=1))
        assert episode_navigation(site_client.get(middle.url).content.decode()) == [f"Eldst {cached}"]

        newest = add_episode(podcast_show, f"Nyest {cached}")
        assert episode_navigation(site_client.get(middle.url).content.decode()) == [
            f"Eldst {cached}",
            f"Nyest {cached}",
        ]

        old.unpublish()
        assert episode_navigation(site_client.get(middle.url).content.decode()) == [f"Nyest {cached}"]

        podcast_show.title = f"Fastlegepodden {cached}"
        podcast_show.spotify_url = "https://open.spotify.com/show/allmenn"
        podcast_show.save_revision().publish()
        html = site_client.get(middle.url).content.decode()
        assert f">Fastlegepodden {cached}</a></p>" in html and "https://open.spotify.com/show/allmenn" in html
        for page in (middle, newest):
            page.unpublish()


def test_an_episode_page_costs_the_same_however_long_the_show(site_client, podcast_show, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    episode = add_episode(podcast_show, "Listetak")

    def queries() -> int:
        site_client.get(episode.url)
        with CaptureQueriesContext(connection) as captured:
            assert site_client.get(episode.url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(15):
        add_episode(podcast_show, f"Episode {n}", first_published_at=timezone.now() - timezone.timedelta(days=n + 1))
    assert queries() == few <= 3  # the page (routing), its chapters, its people


def test_show_page_lists_live_episodes_with_audio(site_client, podcast_show):
    show = podcast_show
    add_episode(show, "Legevakt")
    draft = add_episode(show, "Utkast")
    draft.unpublish()
    PodcastEpisodePageFactory(parent=show, title="Uten lyd")
    html = site_client.get(show.url).content.decode()
    assert "Legevakt" in html
    assert "Utkast" not in html and "Uten lyd" not in html
    assert 'type="application/rss+xml"' in html


def test_guid_is_assigned_once_and_survives_edits(podcast_show):
    show = podcast_show
    episode = add_episode(show, "Listetak")
    guid = episode.guid
    assert guid.startswith("urn:uuid:")
    episode.title = "Listetak og listelengde"
    episode.save_revision().publish()
    episode = PodcastEpisodePage.objects.get(pk=episode.pk)
    assert episode.guid == guid
    copy = episode.copy(update_attrs={"slug": "kopi", "title": "Kopi"})
    assert copy.guid and copy.guid != guid


def test_podcast_guid_is_computed_once_from_the_feed_url(podcast_show):
    show = podcast_show
    guid = show.ensure_podcast_guid()
    assert guid is not None
    show.slug = "ny-adresse"
    show.save()
    show = PodcastShowPage.objects.get(pk=show.pk)
    assert show.ensure_podcast_guid() == guid


def test_publishing_without_audio_or_transcript_is_refused(podcast_show):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    show = podcast_show
    form_class = PodcastEpisodePage.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": "Uten lyd",
            "slug": "uten-lyd",
            "language": "nb",
            "summary": "",
            "episode_type": "full",
            "show_notes": rich_text(""),
            "people": inline_formset([]),
            "chapters": inline_formset([]),
            "transcript_text": "",
            "change_note": "",
        }
    )
    draft_form = form_class(data, instance=PodcastEpisodePage(), parent_page=show, for_user=None)
    assert draft_form.is_valid(), draft_form.errors  # a draft may wait for its audio
    data["action-submit"] = "action-submit"
    submit_form = form_class(data, instance=PodcastEpisodePage(), parent_page=show, for_user=None)
    assert not submit_form.is_valid()
    assert "audio_file" in submit_form.errors and "transcript_text" in submit_form.errors
    # *Publiser* saves the draft first and is refused after that (podcast.admin.publish_refusal).
    del data["action-submit"]
    data["action-publish"] = "action-publish"
    publish_form = form_class(data, instance=PodcastEpisodePage(), parent_page=show, for_user=None)
    assert publish_form.is_valid(), publish_form.errors
    assert publish_form.publish_will_be_refused
