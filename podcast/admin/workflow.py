"""Approving an episode in a workflow from the dashboard or the moderation list.

The page editor validates the episode before its "approve" runs, but the dashboard's
approve button calls the workflow task directly, and the last approval publishes: an
episode without audio or a transcript then met the model's refusal
(PodcastEpisodePage.publish) as a server error, with the task already marked approved.
Here the whole action runs in one transaction; a refusal rolls it back (the task stays
in moderation) and the moderator is sent to the episode with what is missing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from ..models import PodcastEpisodePage


class EpisodeWorkflowActionView(WorkflowActionView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except ValidationError as refusal:
            reasons = " ".join(str(message) for message in refusal.messages)
            messages.error(
                request,
                _("«%(title)s» ble ikke godkjent, fordi den ikke kan publiseres ennå: %(reasons)s")
                % {"title": self.object.get_admin_display_title(), "reasons": reasons},
            )
            edit_url = reverse("wagtailadmin_pages:edit", args=(self.object.pk,))
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return self.render_modal_json(request, {"step": "success", "redirect": edit_url})
            return redirect(edit_url)


class EpisodePageViewSet(PageViewSet):
    """The admin's views for episodes: Wagtail's own, but for the workflow action above."""

    model = PodcastEpisodePage
    name = "podcast_episode_pages"
    workflow_action_view_class = EpisodeWorkflowActionView
