"""Registers the podcast in the admin: the episode listing under *Podkast* in the menu, the
check before bulk publishing, publishing from the editor and workflow approval, and the
podcast's entries in a page's history."""

from wagtail import hooks

from .admin.bulk_publish import refuse_incomplete_episodes
from .admin.log_actions import register_podcast_log_actions
from .admin.publish_refusal import keep_the_draft_of_a_refused_publish
from .admin.viewsets import EpisodeListingViewSet
from .admin.workflow import EpisodePageViewSet


@hooks.register("register_admin_viewset")
def register_episode_listing():
    return EpisodeListingViewSet()


@hooks.register("register_admin_viewset")
def register_episode_pages():
    return EpisodePageViewSet()


hooks.register("before_bulk_action", refuse_incomplete_episodes)
hooks.register("before_publish_page", keep_the_draft_of_a_refused_publish)
hooks.register("register_log_actions", register_podcast_log_actions)
