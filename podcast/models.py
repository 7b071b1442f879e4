"""Podcast shows and episodes as Wagtail pages."""

from __future__ import annotations

import logging
import os
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import RichTextField
from wagtail.log_actions import log
from wagtail.models import Orderable, Page, Revision
from wagtail.search import index

from core import site_address
from core.models import BasePage
from core.page_privacy import public

from .admin.forms import EpisodeForm, ShowForm
from .admin.panels import AudioInfoPanel
from .categories import CATEGORY_CHOICES, SUBCATEGORY_CHOICES, is_valid_pair
from .episode_navigation import show_navigation
from .filenames import audio_upload_to, transcript_upload_to
from .guid import podcast_guid_for_feed_url
from .publishing import publishing_problems

logger = logging.getLogger(__name__)

# The page history's entry when scheduled publishing met an episode it may not publish.
SCHEDULE_REFUSED_LOG_ACTION = "podcast.schedule_refused"

SHOW_NOTES_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def transcript_extension_of(stored_name: str, typed_text: str) -> str:
    """ "vtt" or "srt" for an uploaded transcript, "txt" for a typed one, "" for none."""
    if stored_name:
        return os.path.splitext(stored_name)[1].lstrip(".").lower()
    return "txt" if (typed_text or "").strip() else ""


class ShowType(models.TextChoices):
    EPISODIC = "episodic", _("Episodisk (nyeste først)")
    SERIAL = "serial", _("Serie (eldste først)")


class EpisodeType(models.TextChoices):
    FULL = "full", _("Vanlig episode")
    TRAILER = "trailer", _("Trailer")
    BONUS = "bonus", _("Bonus")


class PodcastShowPage(BasePage):
    """A show with its own feed. Its episodes are its child pages."""

    description = models.TextField(
        _("beskrivelse"), max_length=4000, help_text=_("Vises i podkastappene. Ren tekst, høyst 4000 tegn.")
    )
    artwork = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("omslagsbilde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kvadratisk JPEG eller PNG i RGB, 1400–3000 piksler."),
    )
    author = models.CharField(_("avsender"), max_length=200, help_text=_("Vises som avsender i appene."))
    owner_name = models.CharField(_("eier"), max_length=200)
    owner_email = models.EmailField(
        _("eierens e-post"), help_text=_("Apple og Spotify bruker den til å bekrefte eierskap.")
    )
    apple_category = models.CharField(
        _("kategori hos Apple"), max_length=60, choices=CATEGORY_CHOICES, default="Health & Fitness"
    )
    apple_subcategory = models.CharField(
        _("underkategori hos Apple"), max_length=60, choices=SUBCATEGORY_CHOICES, blank=True, default="Medicine"
    )
    explicit = models.BooleanField(_("eksplisitt innhold"), default=False)
    show_type = models.CharField(_("type"), max_length=10, choices=ShowType.choices, default=ShowType.EPISODIC)
    copyright = models.CharField(_("opphavsrett"), max_length=200, blank=True)
    podcast_guid = models.UUIDField(
        _("podcast:guid"),
        null=True,
        blank=True,
        help_text=_(
            "Podkastens faste ID i appene. Endrer du den, behandler podkastappene strømmen som en ny podkast, "
            "og lytterne kan miste abonnementet. Står feltet tomt, regnes ID-en ut fra nettstedets adresse og "
            "strømmens adresse. Endringen gjelder straks du lagrer."
        ),
    )
    podcast_locked = models.BooleanField(
        _("låst"), default=True, help_text=_("Hindrer at andre flytter podkasten til en annen plattform.")
    )
    funding_url = models.URLField(_("lenke for støtte"), blank=True)
    funding_text = models.CharField(_("tekst for støtte"), max_length=128, blank=True)
    new_feed_url = models.URLField(
        _("ny adresse for strømmen"),
        blank=True,
        help_text=_("Bare når podkasten flytter: appene følger etter, og den gamle adressen svarer 301."),
    )
    apple_podcasts_url = models.URLField(_("lenke til Apple Podcasts"), blank=True)
    spotify_url = models.URLField(_("lenke til Spotify"), blank=True)

    base_form_class = ShowForm

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("language"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("artwork"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldRowPanel([FieldPanel("owner_name"), FieldPanel("owner_email")])],
            heading=_("Avsender og eier"),
        ),
        InlinePanel("people", heading=_("Programledere"), label=_("Programleder")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("apple_category"), FieldPanel("apple_subcategory")]),
                FieldRowPanel([FieldPanel("show_type"), FieldPanel("explicit")]),
                FieldPanel("copyright"),
            ],
            heading=_("Katalog"),
        ),
        MultiFieldPanel(
            [FieldPanel("apple_podcasts_url"), FieldPanel("spotify_url")], heading=_("Abonner"), classname="collapsed"
        ),
        MultiFieldPanel(
            [
                FieldPanel("podcast_locked"),
                FieldPanel("funding_url"),
                FieldPanel("funding_text"),
                FieldPanel("new_feed_url"),
                # Changing it makes every podcast app treat the feed as a new podcast: administrators only.
                FieldPanel("podcast_guid", permission="superuser"),
            ],
            heading=_("Avansert"),
            classname="collapsed",
        ),
    ]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["podcast.PodcastEpisodePage"]

    class Meta:
        verbose_name = _("podkast")
        verbose_name_plural = _("podkaster")

    def clean(self):
        super().clean()
        if not is_valid_pair(self.apple_category, self.apple_subcategory):
            raise ValidationError({"apple_subcategory": _("Underkategorien hører ikke til den valgte kategorien.")})
        if self.artwork_id:
            from .artwork import validate_artwork

            validate_artwork(self.artwork)

    @property
    def feed_path(self) -> str:
        return self.reverse_subpage("feed")

    def feed_url(self, request=None) -> str:
        return (self.get_full_url(request) or "") + self.feed_path

    def derived_podcast_guid(self) -> uuid.UUID | None:
        """podcast:guid from the site's public address (WAGTAILADMIN_BASE_URL) and the feed's path.

        Never from the address a request came in on: a visit through a demo, staging or
        internal host name must not become the show's identity. None outside any site.
        """
        parts = self.get_url_parts()
        if parts is None:
            return None
        _site_id, _root_url, page_path = parts
        return podcast_guid_for_feed_url(site_address.base_url() + page_path + self.feed_path)

    def ensure_podcast_guid(self, request: HttpRequest | None = None) -> uuid.UUID | None:
        """The show's podcast:guid: the one an administrator set, or else derived once and kept for ever after.

        Kept, because the feed's address may change (a new slug) while the podcast stays the
        same. `request` is accepted for older callers and not used.
        """
        if self.podcast_guid is None:
            guid = self.derived_podcast_guid()
            if guid is None:
                return None
            stored = type(self).objects.filter(pk=self.pk, podcast_guid__isnull=True).update(podcast_guid=guid)
            if not stored:  # this copy is older than a guid already stored: that one stands
                guid = type(self).objects.filter(pk=self.pk).values_list("podcast_guid", flat=True).first() or guid
            self.podcast_guid = guid
        return self.podcast_guid

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.podcast_guid = self.podcast_guid  # never rolled back by a revision (ShowForm saves a change at once)
        return obj

    def save(self, *args, **kwargs):
        if self.pk and self.podcast_guid is None:
            # A copy loaded before the guid was derived must not clear it when it is saved or
            # publishes a revision. (An administrator clears it with ShowForm's update, not here.)
            self.podcast_guid = type(self).objects.filter(pk=self.pk).values_list("podcast_guid", flat=True).first()
        return super().save(*args, **kwargs)

    def episodes(self):
        """Live episodes with audio, newest first: what the feed and the page list."""
        return (
            public(PodcastEpisodePage.objects.child_of(self).live())
            .exclude(audio_file="")
            .order_by("-first_published_at", "-pk")
        )

    @path("feed/", name="feed")
    def feed(self, request):
        from .views import serve_feed

        return serve_feed(request, self)

    def handle_options_request(self, request, *args, **kwargs):
        """A web player's CORS preflight for the feed."""
        from .views import preflight

        return preflight(args, ("feed",)) or super().handle_options_request(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["episodes"] = self.episodes()
        context["feed_url"] = self.feed_url(request)
        return context


class PodcastEpisodePage(BasePage):
    audio_file = models.FileField(
        _("lyd"),
        upload_to=audio_upload_to,
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(["mp3", "m4a"])],
        help_text=_("MP3 eller M4A (AAC)."),
    )
    audio_size = models.PositiveBigIntegerField(_("størrelse i byte"), null=True, blank=True, editable=False)
    audio_duration = models.FloatField(_("varighet i sekunder"), null=True, blank=True, editable=False)
    audio_bitrate = models.PositiveIntegerField(_("bitrate"), null=True, blank=True, editable=False)
    audio_format = models.CharField(_("format"), max_length=10, blank=True, editable=False)
    audio_mime_type = models.CharField(_("MIME-type"), max_length=40, blank=True, editable=False)
    duration_is_estimate = models.BooleanField(default=False, editable=False)

    season = models.PositiveSmallIntegerField(_("sesong"), null=True, blank=True)
    episode_number = models.PositiveIntegerField(_("episodenummer"), null=True, blank=True)
    episode_type = models.CharField(
        _("episodetype"), max_length=10, choices=EpisodeType.choices, default=EpisodeType.FULL
    )
    explicit = models.BooleanField(_("eksplisitt innhold"), default=False)
    artwork = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("episodebilde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    show_notes = RichTextField(_("notater til episoden"), features=SHOW_NOTES_FEATURES, blank=True)
    transcript_file = models.FileField(
        _("tekstversjon som fil"),
        upload_to=transcript_upload_to,
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(["vtt", "srt"])],
        help_text=_("WebVTT eller SRT."),
    )
    transcript_text = models.TextField(
        _("tekstversjon"), blank=True, help_text=_("Brukes hvis ingen fil er lastet opp.")
    )
    guid = models.CharField(_("GUID"), max_length=100, blank=True, editable=False, db_index=True)

    base_form_class = EpisodeForm
    exclude_fields_in_copy = ["guid"]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("language"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("audio_file"), AudioInfoPanel()], heading=_("Lyd")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("season"), FieldPanel("episode_number"), FieldPanel("episode_type")]),
                FieldPanel("explicit"),
                FieldPanel("artwork"),
            ],
            heading=_("Episode"),
        ),
        FieldPanel("show_notes"),
        InlinePanel("people", heading=_("Medvirkende"), label=_("Person")),
        InlinePanel("chapters", heading=_("Kapitler"), label=_("Kapittel")),
        MultiFieldPanel([FieldPanel("transcript_file"), FieldPanel("transcript_text")], heading=_("Tekstversjon")),
        *BasePage.change_panels,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("show_notes"),
        index.SearchField("transcript_text"),
    ]

    parent_page_types = ["podcast.PodcastShowPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("podkastepisode")
        verbose_name_plural = _("podkastepisoder")

    def clean(self):
        super().clean()
        if self.artwork_id:
            from .artwork import validate_artwork

            validate_artwork(self.artwork)  # Apple holds episode artwork to the show's rules
        if self._is_being_published():
            problems = publishing_problems(self)
            if problems:
                raise ValidationError(problems)

    def _is_being_published(self) -> bool:
        """True while Wagtail's PublishRevisionAction saves the revision it makes live.

        Every way of publishing ends in that action, which sets `live` and `live_revision`
        and then saves with full_clean (the edit view and the admin API call it directly,
        not through publish()). A draft save, a form's validation or a move keeps the
        stored live revision, so they are not held to the rule.
        """
        if not (self.pk and self.live and self.live_revision_id):
            return False
        stored = Page.objects.filter(pk=self.pk).values_list("live_revision_id", flat=True).first()
        return stored != self.live_revision_id

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        """Refuse a version without audio or transcript, before anything is saved.

        revision.publish(), bulk publish, workflow approval and scheduled publishing come
        through here. Scheduled publishing (`manage.py publish_scheduled`) publishes every
        due revision in one loop, so raising would hold back every later page: a due,
        refused revision is unscheduled instead, logged, and noted in the page's history.
        """
        problems = publishing_problems(revision.as_object())
        if not problems:
            return super().publish(
                revision,
                user=user,
                changed=changed,
                log_action=log_action,
                previous_revision=previous_revision,
                skip_permission_checks=skip_permission_checks,
            )
        if revision.approved_go_live_at is not None:
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            logger.warning("Scheduled publishing of episode %s refused: %s", self.pk, sorted(problems))
            log(instance=self, action=SCHEDULE_REFUSED_LOG_ACTION, revision=revision, data={"fields": sorted(problems)})
            return None
        raise ValidationError(problems)

    def save(self, *args, **kwargs):
        if not self.guid:
            self.guid = f"urn:uuid:{uuid.uuid4()}"
        if self.audio_file and self.audio_size is None:
            try:
                self.audio_size = self.audio_file.size  # from storage, not from the upload's claim
            except (OSError, ValueError):
                self.audio_size = None
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.guid = self.guid or obj.guid  # assigned once, whatever a revision says
        return obj

    def apply_audio_info(self, info) -> None:
        self.audio_duration = info.duration
        self.audio_bitrate = info.bitrate
        self.audio_format = info.format
        self.audio_mime_type = info.mime_type
        self.duration_is_estimate = info.duration_is_estimate
        self.audio_size = info.size

    @property
    def show(self) -> PodcastShowPage | None:
        return PodcastShowPage.objects.filter(pk=self.get_parent().pk).first() if self.depth else None

    # --- Addresses ----------------------------------------------------------------------

    @property
    def audio_filename(self) -> str:
        return os.path.basename(self.audio_file.name) if self.audio_file else ""

    @property
    def transcript_extension(self) -> str:
        return transcript_extension_of(self.transcript_file.name if self.transcript_file else "", self.transcript_text)

    def audio_path(self) -> str:
        """The episode's own address for its audio, ending in the ASCII file name."""
        return self.url + self.reverse_subpage("audio", args=[self.audio_filename]) if self.audio_file else ""

    def transcript_path(self, extension: str | None = None) -> str:
        """The uploaded file (vtt/srt) by default, or the plain text when asked for "txt"."""
        extension = extension or self.transcript_extension
        return self.url + self.reverse_subpage("transcript", args=[extension]) if extension else ""

    def chapters_path(self) -> str:
        return self.url + self.reverse_subpage("chapters")

    def _absolute(self, own_path: str, request: HttpRequest | None) -> str:
        """One of the episode's own paths made absolute like its page URL."""
        if not own_path:
            return ""
        return (self.get_full_url(request) or "") + own_path.removeprefix(self.url or "")

    def audio_url(self, request: HttpRequest | None = None) -> str:
        """Absolute URL ending in the ASCII file name (.mp3/.m4a), or "" without audio."""
        return self._absolute(self.audio_path(), request)

    def transcript_url(self, extension: str | None = None, request: HttpRequest | None = None) -> str:
        """The uploaded file's URL (vtt/srt) by default, the plain text (txt) otherwise; "" without a transcript."""
        return self._absolute(self.transcript_path(extension), request)

    def chapters_url(self, request: HttpRequest | None = None) -> str:
        """The Podcasting 2.0 chapters file, or "" when the episode has no chapters."""
        if not self.chapters.exists():
            return ""
        return self._absolute(self.chapters_path(), request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        navigation = show_navigation(self, request) if self.depth else None
        newer, older = navigation.neighbours(self.pk) if navigation else (None, None)
        context.update(
            show=navigation.show if navigation else None,
            feed_url=navigation.show.feed_url if navigation else "",
            chapters=list(self.chapters.all()),
            people=list(self.people.all()),
            transcript=self.transcript_paragraphs(),
            newer_episode=newer,
            older_episode=older,
        )
        return context

    def transcript_paragraphs(self) -> list[dict]:
        """The transcript as paragraphs for "Tekstversjon": from the file's cues, or the typed text."""
        if self.transcript_file:
            from .transcripts import TranscriptError, parse_transcript

            try:
                with self.transcript_file.open("rb") as handle:
                    cues = parse_transcript(handle.read().decode("utf-8-sig"), self.transcript_file.name)
            except (OSError, TranscriptError, UnicodeDecodeError):
                cues = []
            return [{"speaker": cue.speaker, "text": cue.text, "start": int(cue.start)} for cue in cues]
        return [
            {"speaker": "", "text": part.strip(), "start": None}
            for part in self.transcript_text.split("\n\n")
            if part.strip()
        ]

    @property
    def duration_label(self) -> str:
        """ "1:02:05" or "12:07", the way players show it."""
        if not self.audio_duration:
            return ""
        total = round(self.audio_duration)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    # Wagtail resolves subpages with a trailing slash; "/?" accepts it and reverse() leaves it out.
    @re_path(r"^lyd/(?P<filename>[^/]+)/?$", name="audio")
    def audio(self, request, filename: str):
        from .views import serve_episode_audio

        return serve_episode_audio(request, self, filename)

    @re_path(r"^tekstversjon\.(?P<extension>[a-z0-9]+)/?$", name="transcript")
    def transcript(self, request, extension: str):
        from .views import serve_transcript

        return serve_transcript(request, self, extension)

    @re_path(r"^kapitler\.json/?$", name="chapters")
    def chapters_json(self, request):
        from .views import serve_chapters

        return serve_chapters(request, self)

    def handle_options_request(self, request, *args, **kwargs):
        """A web player's CORS preflight for the audio, transcripts or chapters."""
        from .views import preflight

        return preflight(args, ("audio", "transcript", "chapters_json")) or super().handle_options_request(
            request, *args, **kwargs
        )


# The role choices are the editors' Norwegian; listeners read the site's own strings,
# translated into the page's language (English msgids in site/locale/translations.py).
PUBLIC_ROLE_LABELS = {
    "host": gettext_lazy("Host"),
    "co-host": gettext_lazy("Co-host"),
    "guest": gettext_lazy("Guest"),
}


class ShowPerson(Orderable):
    """Someone heard in every episode, written as the show's podcast:person; guests belong to episodes."""

    class Role(models.TextChoices):
        HOST = "host", _("Programleder")
        CO_HOST = "co-host", _("Medprogramleder")

    page = ParentalKey(PodcastShowPage, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("navn"), max_length=128)
    role = models.CharField(_("rolle"), max_length=10, choices=Role.choices, default=Role.HOST)
    url = models.URLField(_("lenke"), blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("programleder")
        verbose_name_plural = _("programledere")


class EpisodePerson(Orderable):
    class Role(models.TextChoices):
        HOST = "host", _("Programleder")
        GUEST = "guest", _("Gjest")

    page = ParentalKey(PodcastEpisodePage, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("navn"), max_length=128)
    role = models.CharField(_("rolle"), max_length=10, choices=Role.choices, default=Role.GUEST)
    description = models.CharField(
        _("tittel"), max_length=160, blank=True, help_text=_("For eksempel «fastlege i Bodø».")
    )
    url = models.URLField(_("lenke"), blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]), FieldPanel("description"), FieldPanel("url")]

    @property
    def public_role_label(self) -> str:
        """The role as the episode page shows it, in the page's language."""
        return str(PUBLIC_ROLE_LABELS.get(self.role, self.get_role_display()))


class EpisodeChapter(Orderable):
    page = ParentalKey(PodcastEpisodePage, on_delete=models.CASCADE, related_name="chapters")
    start_seconds = models.PositiveIntegerField(_("start (sekunder)"))
    title = models.CharField(_("tittel"), max_length=160)
    url = models.URLField(_("lenke"), blank=True)

    panels = [FieldRowPanel([FieldPanel("start_seconds"), FieldPanel("title")]), FieldPanel("url")]

    class Meta(Orderable.Meta):
        ordering = ["start_seconds", "sort_order"]

    def clean(self):
        """A chapter must start before the audio ends (the episode's form tells a new chapter its episode)."""
        super().clean()
        try:
            episode = self.page
        except PodcastEpisodePage.DoesNotExist:
            return  # not attached yet: EpisodeForm attaches the editor's chapters before they are checked
        duration = episode.audio_duration
        if self.start_seconds is not None and duration is not None and self.start_seconds >= duration:
            raise ValidationError(
                {
                    "start_seconds": _(
                        "Kapittelet starter ved eller etter slutten av lyden, som varer %(label)s "
                        "(%(seconds)s sekunder). Velg en start før det."
                    )
                    % {"label": episode.duration_label, "seconds": f"{duration:.1f}".replace(".", ",")}
                }
            )

    @property
    def start_label(self) -> str:
        hours, rest = divmod(self.start_seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class FeedState(models.Model):
    """What a show's feed last was (its fingerprint) and the Last-Modified served for it.

    Kept in the database, not the cache, so that Last-Modified never goes back, also after
    the cache is cleared (podcast/feed_freshness.py).
    """

    show = models.OneToOneField(PodcastShowPage, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    last_modified = models.DateTimeField(_("sist endret"))

    class Meta:
        verbose_name = _("feedens tilstand")
        verbose_name_plural = _("feedenes tilstand")

    def __str__(self) -> str:
        return f"{self.show_id}: {self.last_modified:%Y-%m-%d %H:%M:%S}"
