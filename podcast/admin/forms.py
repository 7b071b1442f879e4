"""The page editor's forms for shows and episodes (PodcastShowPage.base_form_class and
PodcastEpisodePage.base_form_class): the checks that need the upload or the publish button."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.cache_versions import bump_public_content
from core.models import BasePageForm

from ..audio import AudioError, inspect_audio
from ..publishing import AUDIO_GONE, AUDIO_MISSING, TRANSCRIPT_GONE, TRANSCRIPT_MISSING, stored_file_exists
from ..transcripts import MAX_TRANSCRIPT_BYTES, TranscriptError, parse_transcript

# The editor's buttons that ask for this version to go live: publish (now or at a set
# time), submit to moderation (the moderator's approval publishes it), approve.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")
# A refused publish still saves the draft (podcast.admin.publish_refusal): an upload made
# with it must not be lost. The other actions are refused here, before anything is saved.
SAVES_THE_DRAFT_FIRST = "action-publish"


class ShowForm(BasePageForm):
    """Podcast directories refuse a show without artwork: so do we, at publish.

    podcast:guid is in the form only for superusers (the panel's permission). It is the
    show's identity rather than part of a version, so a change is stored at once:
    PodcastShowPage.with_content_json keeps the stored value whichever revision is published.
    """

    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data and not cleaned.get("artwork"):
            self.add_error("artwork", _("Velg et omslagsbilde før du publiserer podkasten."))
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=commit)
        if page.pk and "podcast_guid" in self.fields and "podcast_guid" in self.changed_data:
            type(page).objects.filter(pk=page.pk).update(podcast_guid=page.podcast_guid)
            # The feed shows it at once, without a publication: a new version for what public
            # answers read (the feed's memoised fingerprint, the page cache).
            bump_public_content()
        return page


class EpisodeForm(BasePageForm):
    """Reads the audio on upload, checks the chapters against it, and refuses to publish an
    episode without audio or text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # EpisodeChapter.clean compares each chapter with its episode's duration. A chapter
        # added in the editor has no episode until it is saved, so give every chapter this
        # form's instance: clean() below reads a new upload's duration into it before the
        # chapter forms are validated (ClusterForm validates the page first, then its formsets).
        chapters = self.formsets.get("chapters")
        if chapters is not None:
            for form in chapters.forms:
                form.instance.page = self.instance

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("audio_file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                info = inspect_audio(upload)
            except AudioError as error:
                self.add_error("audio_file", str(error))
            else:
                self.instance.apply_audio_info(info)
        upload = cleaned.get("transcript_file")
        if upload and hasattr(upload, "content_type"):
            try:
                if upload.size > MAX_TRANSCRIPT_BYTES:  # refuse before reading a hostile upload
                    raise TranscriptError(_("Tekstversjonen er for stor (høyst 5 MB)."))
                parse_transcript(upload.read().decode("utf-8-sig"), upload.name)
                upload.seek(0)
            except (TranscriptError, UnicodeDecodeError) as error:
                self.add_error(
                    "transcript_file",
                    str(error) if isinstance(error, TranscriptError) else _("Tekstversjonen må være lagret som UTF-8."),
                )
        if SAVES_THE_DRAFT_FIRST in self.data:
            # Wagtail saves the draft, then asks before_publish_page, which refuses with the reasons.
            self.publish_will_be_refused = bool(self.publishing_problems_in(cleaned))
        elif self.asks_to_publish():
            self.check_publishing_rule(cleaned)
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=commit)
        if page.pk is None and getattr(self, "publish_will_be_refused", False):
            page.live = False  # a new episode is created by the publish: as a draft, since it will be refused
        return page

    def asks_to_publish(self) -> bool:
        if any(action in self.data for action in PUBLISHING_ACTIONS):
            return True
        return "action-workflow-action" in self.data and self.data.get("workflow-action-name") == "approve"

    def check_publishing_rule(self, cleaned: dict) -> None:
        """podcast.publishing's rule on what the form holds, the message beside the field."""
        for field, message in self.publishing_problems_in(cleaned).items():
            self.add_error(field, message)

    @staticmethod
    def publishing_problems_in(cleaned: dict) -> dict[str, str]:
        """What keeps the version in the form from going live, by field.

        A new upload counts as present; a stored file must still be in storage (a revision
        from before the audio was replaced points at a file that has been deleted).
        """
        problems: dict[str, str] = {}
        audio = cleaned.get("audio_file")
        if not audio:
            problems["audio_file"] = AUDIO_MISSING
        elif not hasattr(audio, "content_type") and not stored_file_exists(audio):
            problems["audio_file"] = AUDIO_GONE
        if (cleaned.get("transcript_text") or "").strip():
            return problems
        transcript = cleaned.get("transcript_file")
        if not transcript:
            problems["transcript_text"] = TRANSCRIPT_MISSING
        elif not hasattr(transcript, "content_type") and not stored_file_exists(transcript):
            problems["transcript_file"] = TRANSCRIPT_GONE
        return problems
