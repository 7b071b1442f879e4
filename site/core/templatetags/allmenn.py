"""Template tags shared by every page template."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from wagtail.models import Page, Site

from core import furniture as site_furniture
from core import site_address
from core.page_cache import release
from core.page_tree import kept_per_tree

register = template.Library()


def ancestor_links(page: Page, request: HttpRequest | None) -> list[dict]:
    """Title and address of each ancestor below the root, cached under the page tree's
    version (a publication, move or deletion renews it: titles and addresses are live
    values) and the Site (an address is relative only on its own Site)."""
    if page.depth <= 2:
        return []
    site = Site.find_for_request(request) if request is not None else None

    def build() -> list[dict]:
        ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).order_by("depth")
        return [{"title": a.title, "url": a.get_url(request)} for a in ancestors]

    return kept_per_tree(f"breadcrumbs:{site.pk if site else '-'}:{page.path}", build)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page: Page, trail: list | None = None) -> dict:
    """The trail from the home page to the current page (no query once cached).

    `trail` continues it below the page, for routes such as a county under the
    statistics page: a list of {"title", "url"}, the last one being where we are.
    """
    request = context.get("request")
    items = list(ancestor_links(page, request)) if page is not None else []
    if trail:
        items.append({"title": page.title, "url": page.get_url(request)})
        items.extend(trail[:-1])
        return {"items": items, "current": trail[-1]}
    return {"items": items, "current": page}


@register.simple_tag(takes_context=True)
def heading_anchor(context, value, block_id: str | None) -> str:
    """The unique anchor for a heading block, as listed in the table of contents."""
    anchors = context.get("heading_anchors") or {}
    return anchors.get(block_id) or value.anchor


@register.filter
def file_extension(document) -> str:
    return (document.file_extension or "").upper()


@register.filter
def document_title(item) -> str:
    """A document link's text without a trailing "(PDF)": the file type and size follow it anyway."""
    document = item["document"]
    title = (item.get("title") or document.title or "").strip()
    kind = file_extension(document)
    if kind and title.upper().endswith(f"({kind})"):
        title = title[: -len(kind) - 2].rstrip(" –-")
    return title or document.title


@register.filter
def file_size(document) -> str:
    try:
        return filesizeformat(document.get_file_size() or document.file.size)
    except (OSError, ValueError):
        return ""


@register.simple_tag
def absolute_url(url: str) -> str:
    """A path as an absolute URL on the site's one public address (canonical, Open Graph)."""
    return site_address.absolute(url or "")


@register.simple_tag(takes_context=True)
def furniture_fragment_key(context, page=None) -> str:
    """What the rendered header and footer depend on, for `{% cache %}` in base.html: the
    release (templates, translations), the furniture's version (its settings and the page
    tree: menus, the search page's address), the Site, the language, the menu link the page
    is (aria-current) and whether the page hides the header's search."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    furniture = context.get("furniture")
    links = furniture.header_links if furniture else ()
    page_id = getattr(page, "pk", None)  # some views' `page` is no page (a page of results)
    current = page_id if page_id is not None and any(link.page_id == page_id for link in links) else ""
    return ":".join(
        (
            release(),
            site_furniture.current_version(),
            str(site.pk if site else ""),
            get_language() or "",
            str(current),
            "no-search" if context.get("hide_header_search") else "",
        )
    )
