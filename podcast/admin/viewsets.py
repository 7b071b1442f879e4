"""The podcast section of the admin: every episode with its show, length and status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.viewsets.pages import PageListingViewSet

from ..models import PodcastEpisodePage


class EpisodeListingViewSet(PageListingViewSet):
    model = PodcastEpisodePage
    icon = "media"  # Wagtail has no microphone icon: the item showed none
    menu_label = _("Podkast")
    menu_order = 250
    add_to_admin_menu = True
    name = "podcast_episodes"
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Episode"), sort_key="title", classname="title"),
        Column("season", label=_("Sesong"), sort_key="season"),
        Column("episode_number", label=_("Nr."), sort_key="episode_number"),
        Column("duration_label", label=_("Varighet")),
        Column("transcript_extension", label=_("Tekstversjon")),
        DateColumn("first_published_at", label=_("Publisert"), sort_key="first_published_at"),
        PageStatusColumn("status", label=_("Status"), sort_key="live"),
    ]
