"""Registers the podcast in the admin: the episode listing under *Podkast* in the menu."""

from wagtail import hooks

from .admin.viewsets import EpisodeListingViewSet


@hooks.register("register_admin_viewset")
def register_episode_listing():
    return EpisodeListingViewSet()
