"""Publishing an incomplete episode from the editor keeps the draft and says why it is not live.

Wagtail's *Publiser* saves the form as a draft revision first and then publishes it. An
episode without audio or a transcript may not go live (podcast.publishing), but what the
editor did must not be lost with the refusal: an MP3 uploaded with that click used to be
shown as stored and then vanish with the refused form. So the form lets the publish
through to the draft (podcast.admin.forms.EpisodeForm), and this before_publish_page hook
stops it there, with the reasons, on the editor of the saved draft.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages

from ..models import PodcastEpisodePage
from ..publishing import publishing_problems


def keep_the_draft_of_a_refused_publish(request: HttpRequest, page) -> HttpResponse | None:
    if not isinstance(page, PodcastEpisodePage):
        return None
    revision = page.get_latest_revision()
    problems = publishing_problems(revision.as_object() if revision else page)
    if not problems:
        return None
    messages.error(
        request,
        _("«%(title)s» er lagret som kladd, men ikke publisert: %(reasons)s")
        % {"title": page.get_admin_display_title(), "reasons": " ".join(str(reason) for reason in problems.values())},
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
