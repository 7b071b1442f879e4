"""Template tags for search: the search page's address for the header, and safe highlights."""

from __future__ import annotations

import html
import re

from django import template
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from core.furniture import TIMEOUT, current_version

register = template.Library()

_MARK = re.compile(r"(</?mark>)")


def search_page_url_for(site: Site | None) -> str:
    """The live search page's address on ``site``, or "" if it has none.

    Every page's header asks for it, so it is cached; the key carries the furniture's
    version, which every publish, unpublish, move and slug change bumps.
    """
    if site is None:
        return ""
    key = f"allmenn:search-page-url:{site.pk}:{current_version()}"
    url = cache.get(key)
    if url is None:
        from search.models import SearchPage

        page = SearchPage.objects.live().public().descendant_of(site.root_page, inclusive=True).first()
        url = (page.get_url(current_site=site) or "") if page else ""
        cache.set(key, url, TIMEOUT)
    return url


@register.simple_tag(takes_context=True)
def search_page_url(context) -> str:
    """The search page's address for the current request's site ("" without one)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        site = Site.find_for_request(request)
    except Exception:  # a header must render even if the site lookup fails
        return ""
    return search_page_url_for(site)


@register.filter
def highlighted(value: str | None) -> SafeString:
    """Text with <mark> highlights, made safe whatever the engine sent.

    Engines give escaped text with <mark> around matches; this re-escapes every piece
    between the marks (after undoing one level of escaping) and keeps the marks
    balanced, so a faulty engine can never put markup of its own on the page.
    """
    out: list[str] = []
    open_mark = False
    for part in _MARK.split(value or ""):
        if part == "<mark>":
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif part == "</mark>":
            if open_mark:
                out.append("</mark>")
                open_mark = False
        elif part:
            out.append(escape(html.unescape(part)))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308  every piece above is escaped
