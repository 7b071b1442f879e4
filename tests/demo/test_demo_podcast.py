"""The demo podcast: a show with generated audio, transcripts and chapters, built once and never twice."""

from __future__ import annotations

import io

import lxml.html
import pytest
from django.core.management import call_command
from lxml import etree
from mutagen.mp3 import MP3, BitrateMode
from mutagen.mp4 import MP4
from PIL import Image as PILImage
from wagtail.models import Revision

from demo import audio as demo_audio
from demo.podcast import EPISODES, HOST, SHOW_SLUG
from podcast.models import EpisodePerson, EpisodeType, PodcastEpisodePage, PodcastShowPage
from podcast.transcripts import parse_transcript

pytestmark = pytest.mark.django_db

needs_pyav = pytest.mark.skipif(not demo_audio.m4a_available(), reason="PyAV is not installed")


@pytest.fixture
def show(demo_site) -> PodcastShowPage:
    return PodcastShowPage.objects.get(slug=SHOW_SLUG)


# --- The generated audio --------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [2.5, 7.0])
@pytest.mark.parametrize("speech", [False, True])
def test_mp3_has_the_requested_duration_in_its_info_header(seconds, speech):
    audio = MP3(io.BytesIO(demo_audio.make_mp3(seconds, speech=speech)))
    assert audio.info.length == pytest.approx(seconds, abs=0.2)
    assert audio.info.bitrate_mode == BitrateMode.CBR
    assert (audio.info.sample_rate, audio.info.channels) == (44_100, 1)
    assert audio.info.bitrate == pytest.approx(64_000, rel=0.01)  # from bytes over time, so rounding shows


def test_mp3_without_xing_header_has_only_an_estimated_duration():
    audio = MP3(io.BytesIO(demo_audio.make_mp3(3, xing=False)))
    assert audio.info.bitrate_mode == BitrateMode.UNKNOWN
    assert audio.info.length == pytest.approx(3, abs=0.2)


@needs_pyav
@pytest.mark.parametrize("seconds", [2.5, 7.0])
def test_m4a_is_aac_with_the_requested_duration(seconds):
    data = demo_audio.make_m4a(seconds, speech=True)
    assert data[4:8] == b"ftyp"
    audio = MP4(io.BytesIO(data))
    assert audio.info.codec == "mp4a.40.2"  # AAC-LC
    assert audio.info.length == pytest.approx(seconds, abs=0.2)


def test_m4a_without_pyav_says_what_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_av(name, *args, **kwargs):
        if name == "av":
            raise ImportError("No module named 'av'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_av)
    assert not demo_audio.m4a_available()
    with pytest.raises(RuntimeError, match="pip install av"):
        demo_audio.make_m4a(1)


def test_the_same_arguments_give_the_same_audio():
    assert demo_audio.make_mp3(2, speech=True, seed=7) == demo_audio.make_mp3(2, speech=True, seed=7)
    assert demo_audio.make_mp3(2, speech=True, seed=7) != demo_audio.make_mp3(2, speech=True, seed=8)


# --- The show and its episodes ------------------------------------------------------------------


def test_show_is_published_under_the_home_page_with_square_rgb_artwork(show):
    assert show.live and show.get_parent().specific_class.__name__ == "HomePage"
    assert (show.title, show.language, show.owner_email) == ("Fastlegepodden", "nb", "post@allmenn.example")
    assert (show.apple_category, show.apple_subcategory) == ("Health & Fitness", "Medicine")
    show.full_clean()  # includes the artwork rules Apple sets
    with show.artwork.open_file() as handle, PILImage.open(handle) as picture:
        assert (picture.format, picture.mode, picture.size) == ("JPEG", "RGB", (1400, 1400))


def test_show_has_at_least_five_live_episodes_including_a_trailer_and_one_in_nynorsk(show):
    episodes = list(show.episodes())
    assert len(episodes) == len(EPISODES) >= 5
    assert sum(episode.episode_type == EpisodeType.TRAILER for episode in episodes) == 1
    assert {"nb", "nn"} <= {episode.language for episode in episodes}
    dates = [episode.first_published_at for episode in episodes]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == len(dates)
    assert all(
        episode.live_revision and episode.live_revision.created_at == episode.first_published_at for episode in episodes
    )


def test_every_episode_has_stored_audio_whose_size_and_type_are_recorded(show):
    formats = set()
    for episode in show.episodes():
        name = episode.audio_file.name
        assert name.isascii() and name.startswith("podcast/audio/")
        assert episode.audio_size == episode.audio_file.storage.size(name) > 0
        assert episode.audio_format == name.rsplit(".", 1)[1]
        assert episode.audio_mime_type == {"mp3": "audio/mpeg", "m4a": "audio/x-m4a"}[episode.audio_format]
        assert 5 <= episode.audio_duration <= 15 and not episode.duration_is_estimate
        assert episode.audio_bitrate
        with episode.audio_file.open("rb") as handle:
            data = handle.read()
        length = (MP3 if episode.audio_format == "mp3" else MP4)(io.BytesIO(data)).info.length
        assert length == pytest.approx(episode.audio_duration, abs=0.05)
        formats.add(episode.audio_format)
    assert formats == ({"mp3", "m4a"} if demo_audio.m4a_available() else {"mp3"})


def test_every_episode_has_a_transcript_that_fits_its_audio(show):
    with_files = 0
    for episode in show.episodes():
        if episode.transcript_file:
            with episode.transcript_file.open("rb") as handle:
                text = handle.read().decode("utf-8")
            cues = parse_transcript(text, episode.transcript_file.name)
            assert text.startswith("WEBVTT") and 2 <= len(cues) <= 4
            assert all(cue.speaker for cue in cues)
            assert cues[-1].end <= episode.audio_duration + 0.1
            with_files += 1
        else:
            assert episode.transcript_text.strip()
    assert with_files >= 4


def test_every_episode_has_chapters_and_a_host(show):
    for episode in PodcastEpisodePage.objects.child_of(show).live():
        starts = [chapter.start_seconds for chapter in episode.chapters.all()]
        assert 2 <= len(starts) <= 3 and starts[0] == 0 and starts == sorted(starts)
        assert starts[-1] < episode.audio_duration
        roles = [person.role for person in episode.people.all()]
        assert EpisodePerson.Role.HOST in roles
        if episode.episode_type == EpisodeType.FULL:
            assert EpisodePerson.Role.GUEST in roles
            assert episode.show_notes and episode.episode_number
        # The published revision carries the chapters, so a publish from the admin keeps them.
        assert len(episode.live_revision.content["chapters"]) == len(starts)


def test_a_second_run_changes_nothing(show):
    def state():
        episodes = PodcastEpisodePage.objects.child_of(show).order_by("pk")
        return {
            "revisions": Revision.objects.count(),
            "episodes": [
                (e.pk, e.audio_file.name, e.transcript_file.name, e.guid, e.first_published_at) for e in episodes
            ],
            "artwork": PodcastShowPage.objects.get(pk=show.pk).artwork_id,
        }

    before = state()
    call_command("load_demo_data", "--force", stdout=io.StringIO())
    assert state() == before


def test_the_home_page_names_the_podcasts_feed(show, client):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    links = lxml.html.fromstring(response.content).xpath(
        "/html/head/link[@rel='alternate'][@type='application/rss+xml']"
    )
    assert [(link.get("title"), link.get("href")) for link in links] == [(show.title, show.feed_url())]


def test_the_feed_names_the_shows_host(show, client):
    response = client.get(show.url + show.feed_path, HTTP_HOST="localhost")
    channel = etree.fromstring(response.content).find("channel")
    people = channel.findall("{https://podcastindex.org/namespace/1.0}person")
    assert [(person.text, person.get("role")) for person in people] == [(HOST[0], "host")]
