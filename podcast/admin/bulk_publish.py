"""Bulk publish in the page explorer ("Publiser", with or without the drafts below) refuses,
with a message, to put an episode live without audio and a transcript.

Wagtail's bulk action publishes each page's latest revision, and with "include drafts
below" every draft descendant the user may publish. The model refuses each such episode
too (PodcastEpisodePage.publish), but only as an error in the middle of the batch: this
`before_bulk_action` hook checks the same versions first and stops the whole batch, so
that nothing is half done, and says which episodes lack what.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Page

from ..models import PodcastEpisodePage
from ..publishing import publishing_problems

FIELD_LABELS = {"audio_file": "lyd", "transcript_text": "tekstversjon", "transcript_file": "tekstversjon"}


def refuse_incomplete_episodes(request: HttpRequest, action_type: str, objects, action) -> HttpResponse | None:
    if action_type != "publish" or not all(isinstance(page, Page) for page in objects):
        return None
    form = getattr(action, "cleaned_form", None)
    include_descendants = bool(form is not None and form.cleaned_data.get("include_descendants"))
    incomplete = [
        (episode.title, problems)
        for episode in versions_to_publish(objects, include_descendants, request.user)
        if (problems := publishing_problems(episode))
    ]
    if not incomplete:
        return None
    listed = ", ".join(
        f"«{title}» ({' og '.join(dict.fromkeys(FIELD_LABELS[field] for field in problems))})"
        for title, problems in incomplete
    )
    messages.error(
        request,
        _("Ingenting ble publisert. En episode må ha lyd og tekstversjon før den publiseres, og dette mangler: %s.")
        % listed,
    )
    return redirect(action.next_url if action.next_url != request.path else request.get_full_path())


def versions_to_publish(pages: Iterable[Page], include_descendants: bool, user) -> Iterator[PodcastEpisodePage]:
    """The episode versions Wagtail's PublishBulkAction would make live, in its order."""
    for page in pages:
        if issubclass(page.specific_class or Page, PodcastEpisodePage):
            yield page.specific.get_latest_revision_as_object()
        if include_descendants:
            drafts = page.get_descendants().not_live().type(PodcastEpisodePage).specific()
            for draft in drafts:
                if user is None or draft.permissions_for_user(user).can_publish():
                    yield draft.get_latest_revision_as_object()
