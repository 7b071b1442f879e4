"""How long an episode's audio and transcript files stay in storage.

A file stays while a version that is live, or may still go live, points at it:

- the episode's own row (the live version of a live episode, the draft of one never published);
- the episode's latest revision (the draft an editor is working on, which may be published or
  approved next: a new upload in a draft of a live episode lives beside the live file);
- a revision scheduled to go live.

Anything else an episode's row or revisions point at goes once the change that dropped it has
committed: the old audio when new audio is published, a draft's upload when a later draft
replaces it (also when autosave overwrites the revision that held it), every file of a deleted
episode (also when its show is deleted with its children). Older revisions in the history keep
their content but lose their files; publishing one of them is refused with a message
(podcast.publishing), not published with dead audio. Files that other episodes still use (a
copied page shares its original's files) are kept. Only names under the podcast folders are
ever deleted.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Revision

from core.media_storage import is_remote

from .filenames import AUDIO_FOLDER, TRANSCRIPT_FOLDER
from .models import PodcastEpisodePage

FILE_FIELDS = ("audio_file", "transcript_file")
_DELETABLE = re.compile(rf"^(?:{AUDIO_FOLDER}|{TRANSCRIPT_FOLDER})/(?:[0-9a-f]{{32}}/)?[^/]+$")
_UNGUESSABLE_FOLDER = re.compile(rf"^(?:{AUDIO_FOLDER}|{TRANSCRIPT_FOLDER})/[0-9a-f]{{32}}$")


def _names(values: Iterable) -> set[str]:
    return {value for value in values if isinstance(value, str) and value}


def _episode_revisions():
    return Revision.objects.filter(content_type=ContentType.objects.get_for_model(PodcastEpisodePage))


def names_in_row(episode: PodcastEpisodePage) -> set[str]:
    return _names(getattr(episode, field).name for field in FILE_FIELDS)


def names_in_revision_content(content: dict | None) -> set[str]:
    return _names((content or {}).get(field) for field in FILE_FIELDS)


def names_used_by(episode_id: int) -> set[str]:
    """Every stored name the episode's row and any of its revisions point at."""
    names: set[str] = set()
    for row in PodcastEpisodePage.objects.filter(pk=episode_id).values_list(*FILE_FIELDS):
        names |= _names(row)
    keys = [f"content__{field}" for field in FILE_FIELDS]
    for row in _episode_revisions().filter(object_id=str(episode_id)).values_list(*keys):
        names |= _names(row)
    return names


def names_still_needed(names: set[str]) -> set[str]:
    """Those of `names` that some episode's row, latest revision or scheduled revision points at."""
    if not names:
        return set()
    listed = sorted(names)
    needed: set[str] = set()
    rows = PodcastEpisodePage.objects.filter(Q(audio_file__in=listed) | Q(transcript_file__in=listed))
    for row in rows.values_list(*FILE_FIELDS):
        needed |= _names(row)
    latest = PodcastEpisodePage.objects.exclude(latest_revision=None).values("latest_revision_id")
    revisions = _episode_revisions().filter(Q(pk__in=latest) | Q(approved_go_live_at__isnull=False))
    revisions = revisions.filter(Q(content__audio_file__in=listed) | Q(content__transcript_file__in=listed))
    for row in revisions.values_list(*[f"content__{field}" for field in FILE_FIELDS]):
        needed |= _names(row)
    return needed & names


def delete_unneeded(names: Iterable[str]) -> list[str]:
    """Delete those of `names` that nothing needs any more; the names deleted."""
    candidates = {name for name in _names(names) if _DELETABLE.match(name)}
    storage = PodcastEpisodePage._meta.get_field("audio_file").storage
    deleted = []
    for name in sorted(candidates - names_still_needed(candidates)):
        storage.delete(name)
        deleted.append(name)
        _remove_empty_folder(storage, name)
    return deleted


def _remove_empty_folder(storage, name: str) -> None:
    """The random folder a file was stored in goes with it, on local storage (buckets have no folders)."""
    folder = os.path.dirname(name)
    if is_remote(storage) or not _UNGUESSABLE_FOLDER.match(folder):
        return
    # Already gone, or another file is there: leave it.
    with contextlib.suppress(OSError):
        os.rmdir(storage.path(folder))
