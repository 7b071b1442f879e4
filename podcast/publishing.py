"""The podcast's rule for going live: an episode needs its audio and a transcript.

One rule, asked on every path that publishes: the editor's form (submitting for
moderation is refused before anything is saved, with the message beside the field;
*Publiser* saves the draft, uploads included, and is refused after that, by
podcast/admin/publish_refusal.py), the admin's bulk publish (podcast/admin/
bulk_publish.py), and the model itself (PodcastEpisodePage.publish and .clean), which
every other path passes: revision.publish(), scheduled publishing, workflow approval
and the admin API. A stored file that has gone from storage counts as missing, so that
reverting to a revision whose audio was replaced and deleted is refused, not published
with a dead link.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIO_MISSING = _("Last opp lyden før du publiserer episoden.")
AUDIO_GONE = _("Lydfila finnes ikke lenger på serveren. Last opp lyden på nytt før du publiserer episoden.")
TRANSCRIPT_MISSING = _(
    "En episode må ha tekstversjon før den publiseres: last opp WebVTT eller SRT, eller skriv teksten."
)
TRANSCRIPT_GONE = _(
    "Tekstversjonen finnes ikke lenger på serveren. Last den opp på nytt eller skriv teksten før du publiserer."
)


def stored_file_exists(field_file) -> bool:
    """Whether a stored file (not a new upload) is still in storage."""
    try:
        return bool(field_file.name) and field_file.storage.exists(field_file.name)
    except (OSError, ValueError):
        return False


def publishing_problems(episode) -> dict[str, str]:
    """What keeps this version of an episode from going live, by field; empty when it may.

    Keys are model fields, so that a ValidationError built from the result lands beside
    the field in a form and reads as a message_dict in the admin API.
    """
    problems: dict[str, str] = {}
    if not episode.audio_file:
        problems["audio_file"] = AUDIO_MISSING
    elif not stored_file_exists(episode.audio_file):
        problems["audio_file"] = AUDIO_GONE
    if not (episode.transcript_text or "").strip():
        if not episode.transcript_file:
            problems["transcript_text"] = TRANSCRIPT_MISSING
        elif not stored_file_exists(episode.transcript_file):
            problems["transcript_file"] = TRANSCRIPT_GONE
    return problems
