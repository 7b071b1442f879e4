"""The demo podcast: «Fastlegepodden», a trailer and five episodes with generated audio.

The audio is a few seconds of speech-like tones encoded on this machine (MP3 with
lameenc, M4A with PyAV when it is installed), so the player, the feed and range
requests have real files to serve. Transcripts and chapters match those few seconds.
Like the rest of the demo, a second run finds every page by its slug and changes nothing.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry, Revision

from podcast.audio import inspect_audio
from podcast.models import EpisodeChapter, EpisodePerson, EpisodeType, PodcastEpisodePage, PodcastShowPage, ShowPerson

from . import audio as demo_audio
from .images import _gradient
from .stream import Refs

logger = logging.getLogger(__name__)

SHOW_SLUG = "podkast"
SHOW_TITLE = "Fastlegepodden"
ARTWORK_TITLE = "Fastlegepodden – omslagsbilde"
ARTWORK_SIZE = 1400
HOST = ("Ingrid Aasen", EpisodePerson.Role.HOST, "Fastlege i Tromsø og programleder")


@dataclass(frozen=True)
class EpisodeSpec:
    """One demo episode. ``cues`` are (start, end, speaker, text) for a WebVTT transcript."""

    slug: str
    title: str
    summary: str
    show_notes: Callable[[Refs], str]
    days_ago: int
    seconds: float
    audio_format: str = "mp3"  # "m4a" falls back to MP3 when PyAV is missing
    voice: float = 170.0  # the pitch the babble centres on, in Hz
    language: str = "nb"
    episode_type: str = EpisodeType.FULL
    episode_number: int | None = None
    guests: tuple[tuple[str, str], ...] = ()  # (name, description)
    chapters: tuple[tuple[int, str], ...] = ()
    cues: tuple[tuple[float, float, str, str], ...] = ()
    transcript_text: str = ""


EPISODES: tuple[EpisodeSpec, ...] = (
    EpisodeSpec(
        slug="velkommen-til-fastlegepodden",
        title="Velkommen til Fastlegepodden",
        summary="En smakebit på podkasten om fastlegeordningen: hvem vi snakker med, og hvorfor.",
        show_notes=lambda refs: (
            "<p>Fastlegepodden er Allmennlegeprogrammets podkast om å rekruttere, utdanne og beholde "
            "fastleger i hele landet. Ny episode omtrent en gang i måneden.</p>"
        ),
        days_ago=160,
        seconds=6,
        voice=180,
        episode_type=EpisodeType.TRAILER,
        chapters=((0, "Velkommen"), (3, "Dette handler podkasten om")),
        transcript_text=(
            "Ingrid Aasen: Hei, og velkommen til Fastlegepodden!\n\n"
            "Her møter du fastleger, kommuner og leger i spesialisering som forteller hvordan fastlegeordningen "
            "kan bli bedre."
        ),
    ),
    EpisodeSpec(
        slug="slik-rekrutterer-kommunene-fastleger",
        title="Slik rekrutterer kommunene fastleger",
        summary="Tre kommuner forteller hva som fikk nye fastleger til å søke – og til å bli.",
        show_notes=lambda refs: (
            "<p>Hvorfor søker noen kommuner seg fulle av fastleger, mens andre lyser ut samme hjemmel år etter år? "
            "Vi snakker om fastlønn, mentorordninger og hva en god første uke betyr.</p>"
            "<ul><li>Fastlønn eller næringsdrift de første årene</li>"
            "<li>Mentor fra første dag</li>"
            f"<li>Les mer om {refs.page_link('tilskuddsordninger', 'tilskuddsordningene')}</li></ul>"
        ),
        days_ago=130,
        seconds=10,
        audio_format="m4a",
        voice=165,
        episode_number=1,
        guests=(("Kari Nordby", "Kommuneoverlege i Vestvågøy"),),
        chapters=((0, "Innledning"), (4, "Fastlønn de første årene"), (7, "En god første uke")),
        cues=(
            (0.0, 3.5, "Ingrid Aasen", "I dag snakker vi om hvordan kommunene får tak i nye fastleger."),
            (3.5, 7.0, "Kari Nordby", "For oss var fastlønn det viktigste. Da turte de nyutdannede å søke."),
            (7.0, 10.0, "Kari Nordby", "Og så må den første uka være god, med en mentor som har tid."),
        ),
    ),
    EpisodeSpec(
        slug="alis-veien-til-spesialist-i-allmennmedisin",
        title="ALIS: veien til spesialist i allmennmedisin",
        summary="Hva er en ALIS-avtale, og hva betyr den for leger som vil bli spesialister i allmennmedisin?",
        show_notes=lambda refs: (
            "<p><b>ALIS</b> står for allmennlege i spesialisering: en avtale der kommunen legger til rette for "
            "at legen kan fullføre spesialiseringen mens hun eller han arbeider som fastlege.</p>"
            "<ol><li>Hva avtalen inneholder</li><li>Veiledning og supervisjon</li><li>Erfaringer fra et ALIS-kontor</li></ol>"
        ),
        days_ago=100,
        seconds=9,
        voice=150,
        episode_number=2,
        guests=(("Henrik Mo", "ALIS-lege i Steinkjer"), ("Sara Lind", "Veileder og fastlege i Levanger")),
        chapters=((0, "Hva er ALIS?"), (3, "Veiledning"), (6, "Erfaringer")),
        cues=(
            (0.0, 3.0, "Ingrid Aasen", "Henrik, du har en ALIS-avtale. Hva betyr det i praksis?"),
            (3.0, 6.0, "Henrik Mo", "At jeg har fast veiledning og tid til kurs, mens jeg har min egen liste."),
            (6.0, 9.0, "Sara Lind", "Og at vi veiledere får tid til å gjøre det skikkelig."),
        ),
    ),
    EpisodeSpec(
        slug="listetak-hvor-mange-pasienter-er-nok",
        title="Listetak: hvor mange pasienter er nok?",
        summary="Listetaket er hvor mange pasienter en fastlege har plass til. Hvor går grensen for god oppfølging?",
        show_notes=lambda refs: (
            "<p><i>Listetak</i> er det høyeste antallet pasienter en fastlege tar på listen sin. "
            "Mange fastleger har redusert listen for å få en arbeidsuke som går opp.</p>"
            f"<p>Se også {refs.page_link('handlingsplan', 'handlingsplanen for allmennlegetjenesten')}.</p>"
        ),
        days_ago=70,
        seconds=8,
        voice=175,
        episode_number=3,
        guests=(("Amir Haddad", "Fastlege i Drammen"),),
        chapters=((0, "Hva er et listetak?"), (4, "Kortere lister, bedre oppfølging?")),
        cues=(
            (0.0, 4.0, "Amir Haddad", "Jeg gikk ned fra 1400 til 1000 pasienter på listen."),
            (4.0, 8.0, "Ingrid Aasen", "Og hva betydde det for pasientene dine?"),
        ),
    ),
    EpisodeSpec(
        slug="legevakt-en-natt-i-distriktet",
        title="Legevakt: en natt i distriktet",
        summary="Vi følger en legevaktlege gjennom en natt der nærmeste sykehus er tre timer unna.",
        show_notes=lambda refs: (
            "<p>Legevakten er en del av fastlegenes hverdag, og i distriktene er vaktbelastningen ofte den "
            "viktigste grunnen til at leger slutter. Hvordan kan interkommunale legevakter hjelpe?</p>"
            "<ul><li>Vaktbelastning og hviletid</li><li>Interkommunalt samarbeid</li></ul>"
        ),
        days_ago=40,
        seconds=10,
        audio_format="m4a",
        voice=140,
        episode_number=4,
        guests=(("Jonas Eide", "Legevaktlege i Nord-Troms"),),
        chapters=((0, "Vakten begynner"), (5, "Tre timer til sykehuset"), (8, "Hviletid etter vakt")),
        cues=(
            (0.0, 5.0, "Jonas Eide", "Klokka er elleve, og telefonen har ringt fire ganger den siste timen."),
            (5.0, 8.0, "Jonas Eide", "Når sykehuset er tre timer unna, må vi klare mye selv."),
            (8.0, 10.0, "Ingrid Aasen", "Og dagen etter skal du ha fri?"),
        ),
    ),
    EpisodeSpec(
        slug="fastlege-i-sogn-kvardagen-i-ein-distriktskommune",
        title="Fastlege i Sogn: kvardagen i ein distriktskommune",
        summary="Ein fastlege i Sogn fortel om lange avstandar, god kollegastøtte og kvifor ho vart verande.",
        show_notes=lambda refs: (
            "<p>I denne episoden, som er på nynorsk, møter vi ein fastlege som flytta til Sogn for eitt år "
            "og vart verande i tolv.</p><ul><li>Å vere ny i ein liten kommune</li><li>Kollegastøtte over fjorden</li></ul>"
        ),
        days_ago=12,
        seconds=9,
        voice=190,
        language="nn",
        episode_number=5,
        guests=(("Marit Hauge", "Fastlege i Luster"),),
        chapters=((0, "Det første året"), (5, "Kvifor ho vart verande")),
        cues=(
            (0.0, 5.0, "Marit Hauge", "Eg kom hit for eitt år, og no har det gått tolv."),
            (5.0, 9.0, "Marit Hauge", "Det er kollegaene som gjer at ein blir verande."),
        ),
    ),
)

SHOW_FIELDS = {
    "title": SHOW_TITLE,
    "language": "nb",
    "summary": "Podkasten om fastlegeordningen: rekruttering, utdanning og hverdagen som fastlege.",
    "description": (
        "Fastlegepodden er Allmennlegeprogrammets podkast om fastlegeordningen. Vi møter fastleger, "
        "leger i spesialisering, kommuneoverleger og pasienter, og snakker om rekruttering, ALIS-avtaler, "
        "listetak, legevakt og hva som skal til for at fastleger blir i kommunen. Ny episode omtrent en gang i måneden."
    ),
    "author": "Allmennlegeprogrammet",
    "owner_name": "Allmennlegeprogrammet",
    "owner_email": "post@allmenn.example",
    "apple_category": "Health & Fitness",
    "apple_subcategory": "Medicine",
    "copyright": "© 2026 Allmennlegeprogrammet",
}


def build_podcast(home: Page, refs: Refs, collection: Collection) -> PodcastShowPage:
    """Find or create the show and its episodes under the home page; publish only what was never published."""
    show = home.get_children().filter(slug=SHOW_SLUG).specific().first()
    if show is None:
        show = PodcastShowPage(slug=SHOW_SLUG, live=False, artwork=ensure_artwork(collection), **SHOW_FIELDS)
        show.people = [ShowPerson(name=HOST[0], role=ShowPerson.Role.HOST, sort_order=0)]  # the feed's podcast:person
        home.add_child(instance=show)
    if show.live_revision_id is None:
        show.artwork = show.artwork or ensure_artwork(collection)
        publish(show, days_ago=EPISODES[0].days_ago + 1)
    refs.pages[SHOW_SLUG] = show
    with_m4a = demo_audio.m4a_available()
    for spec in EPISODES:
        episode = show.get_children().filter(slug=spec.slug).specific().first()
        if episode is None:
            episode = PodcastEpisodePage(title=spec.title, slug=spec.slug, language=spec.language, live=False)
            show.add_child(instance=episode)
        if episode.live_revision_id is None:
            fill_episode(episode, spec, refs, with_m4a)
            publish(episode, days_ago=spec.days_ago)
            logger.debug("Published demo episode %s", spec.slug)
    return show


def fill_episode(episode: PodcastEpisodePage, spec: EpisodeSpec, refs: Refs, with_m4a: bool) -> None:
    episode.title = spec.title
    episode.language = spec.language
    episode.summary = spec.summary
    episode.show_notes = spec.show_notes(refs)
    episode.season = 1
    episode.episode_number = spec.episode_number
    episode.episode_type = spec.episode_type
    if not episode.audio_file:
        attach_audio(episode, spec, with_m4a)
    if spec.cues and not episode.transcript_file:
        episode.transcript_file.save(f"{spec.slug}.vtt", ContentFile(webvtt(spec.cues).encode()), save=False)
    episode.transcript_text = spec.transcript_text
    people = [HOST] + [(name, EpisodePerson.Role.GUEST, title) for name, title in spec.guests]
    episode.people = [
        EpisodePerson(name=name, role=role, description=description, sort_order=i)
        for i, (name, role, description) in enumerate(people)
    ]
    episode.chapters = [
        EpisodeChapter(start_seconds=start, title=title, sort_order=i) for i, (start, title) in enumerate(spec.chapters)
    ]


def attach_audio(episode: PodcastEpisodePage, spec: EpisodeSpec, with_m4a: bool) -> None:
    """Generate the episode's audio, store it, and record what inspect_audio reads from it."""
    seed = sum(map(ord, spec.slug))  # each episode babbles differently, but the same on every run
    if spec.audio_format == "m4a" and with_m4a:
        data, extension = demo_audio.make_m4a(spec.seconds, frequency=spec.voice, speech=True, seed=seed), "m4a"
    else:
        data, extension = demo_audio.make_mp3(spec.seconds, frequency=spec.voice, speech=True, seed=seed), "mp3"
    upload = ContentFile(data, name=f"{spec.slug}.{extension}")
    episode.apply_audio_info(inspect_audio(upload))
    episode.audio_file.save(upload.name, upload, save=False)
    episode.audio_size = episode.audio_file.storage.size(episode.audio_file.name)


def webvtt(cues: tuple[tuple[float, float, str, str], ...]) -> str:
    """A WebVTT transcript with one voice span per cue."""
    blocks = ["WEBVTT"]
    for number, (start, end, speaker, text) in enumerate(cues, start=1):
        blocks.append(f"{number}\n{vtt_time(start)} --> {vtt_time(end)}\n<v {speaker}>{text}")
    return "\n\n".join(blocks) + "\n"


def vtt_time(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours:02d}:{minutes:02d}:{rest:06.3f}"


def publish(page: Page, days_ago: int) -> None:
    """Publish through a revision, then date the page as if it had been published some days ago."""
    revision = page.save_revision()
    revision.publish()
    when = release_time(days_ago)
    Revision.objects.filter(pk=revision.pk).update(created_at=when)
    PageLogEntry.objects.filter(revision=revision).update(timestamp=when)
    Page.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when, latest_revision_created_at=when
    )


def release_time(days_ago: int, now: datetime | None = None) -> datetime:
    """Episodes come out at 06:00 UTC, in time for the morning commute."""
    now = now or timezone.now()
    return (now - timedelta(days=days_ago)).replace(hour=6, minute=0, second=0, microsecond=0)


# --- Artwork ------------------------------------------------------------------------------------


def ensure_artwork(collection: Collection):
    """The show's square cover, drawn once: Apple wants RGB JPEG or PNG of 1400–3000 pixels."""
    image_model = get_image_model()
    image = image_model.objects.filter(collection=collection, title=ARTWORK_TITLE).first()
    if image is None:
        image = image_model(title=ARTWORK_TITLE, collection=collection)
        if any(field.name == "description" for field in image_model._meta.get_fields()):
            image.description = "Omslag for Fastlegepodden: navnet over lydbølger på blå bakgrunn."
        image.file = ImageFile(io.BytesIO(draw_artwork()), name="demo-fastlegepodden.jpg")
        image._set_image_file_metadata()
        image.save()
    return image


def draw_artwork(size: int = ARTWORK_SIZE) -> bytes:
    image = _gradient((size, size), (24, 52, 104), (54, 132, 160))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    # Sound waves: bars of varying height across the middle.
    heights = (0.08, 0.16, 0.28, 0.2, 0.36, 0.24, 0.12, 0.3, 0.18, 0.1, 0.22, 0.06)
    bar = size / (len(heights) * 2 + 1)
    for i, height in enumerate(heights):
        x = bar * (2 * i + 1)
        draw.rounded_rectangle(
            (x, centre + 120 - height * size / 2, x + bar, centre + 120 + height * size / 2),
            radius=bar / 2,
            fill=(250, 214, 120),
        )
    font = ImageFont.load_default(size=size // 11)
    draw.text((centre, size * 0.2), SHOW_TITLE, font=font, fill="white", anchor="mm")
    small = ImageFont.load_default(size=size // 26)
    draw.text((centre, size * 0.9), "Allmennlegeprogrammet", font=small, fill=(230, 240, 250), anchor="mm")
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()
