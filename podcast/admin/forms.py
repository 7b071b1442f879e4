"""The page editor's forms for shows and episodes (PodcastShowPage.base_form_class and
PodcastEpisodePage.base_form_class): the checks that need the upload or the publish button."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.models import BasePageForm

from ..audio import AudioError, inspect_audio
from ..transcripts import MAX_TRANSCRIPT_BYTES, TranscriptError, parse_transcript


class ShowForm(BasePageForm):
    """Podcast directories refuse a show without artwork: so do we, at publish."""

    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data and not cleaned.get("artwork"):
            self.add_error("artwork", _("Velg et omslagsbilde før du publiserer podkasten."))
        return cleaned


class EpisodeForm(BasePageForm):
    """Reads the audio on upload, and refuses to publish an episode without audio or text."""

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
        if "action-publish" in self.data:
            if not cleaned.get("audio_file"):
                self.add_error("audio_file", _("Last opp lyden før du publiserer episoden."))
            if not cleaned.get("transcript_file") and not (cleaned.get("transcript_text") or "").strip():
                self.add_error(
                    "transcript_text",
                    _(
                        "En episode må ha tekstversjon før den publiseres: last opp WebVTT eller SRT, eller skriv teksten."
                    ),
                )
        return cleaned
