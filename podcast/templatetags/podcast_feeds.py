"""The podcast feeds' autodiscovery links, for the <head> of every page (podcast/discovery.py)."""

from __future__ import annotations

from django import template

from ..discovery import feed_links_for

register = template.Library()


@register.inclusion_tag("podcast/includes/feed_links.html", takes_context=True)
def podcast_feed_links(context) -> dict:
    return {"feed_links": feed_links_for(context.get("page"))}
