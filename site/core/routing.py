"""Finding the page a request asks for in one or two queries, whatever its depth.

Wagtail routes a request by walking the tree: it looks up the Site (a query), then for
each component of the path the child with that slug (a query) and its specific object (a
query), so a page three levels down costs seven queries before anything is rendered, the
largest single cost of an uncached page here. This finds the same page by reading every
page on the path at once by `url_path` (which Wagtail keeps for every page: its slug and
its ancestors' slugs), and fetches the specific object only of the page that decides the
route (with the images its own fields name), so the number of queries stays two as pages
nest. The rows of the pages on a path are kept in the process while the page tree is
unchanged (its version renews with every publication, move, deletion, privacy or Site
change), so a path asked for again costs only the specific object's query.

The answer must be the one Wagtail's own walk gives, because every page here is a
RoutablePageMixin page (the old-versions routes): a live page on the path whose own
routes match the rest of the path takes the request before its children are looked at.
Those routes are a property of the page's class, so they are checked on the class here
without fetching the page; the page that decides then routes the request itself, with
Wagtail's own `route`, and a page type with a `route` of another kind takes over the
walk where it stands. A path that leaves the tree part-way is given to the deepest page
found, whose `route` answers it (its own routes, or a 404). Wagtail's answer is kept on
the request where `Page.route_for_request` looks for it, so nothing else changes.

The Site is taken from a table of the Sites read once per version of the page tree (a
Site saved or deleted renews it), and chosen by Wagtail's own rule for host and port.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import Resolver404
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from .cache_versions import HeldWhileVersion
from .compiled_queries import CompiledPkLookup
from .page_tree import page_tree_version

# Wagtail's order of preference (wagtail.models.sites.get_site_for_hostname).
MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME = range(4)

SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")

# How many levels of a path are read in the one query. A longer path (no real page is this
# deep; a hostile request may have thousands of components) is routed on from the deepest
# page found by that page's own `route`, as Wagtail's walk would, one query per level.
LEVELS_AT_ONCE = 24


@dataclass(frozen=True)
class SiteRow:
    """A Site's fields and its root page's place in the tree."""

    fields: dict
    root_path: str
    root_url_path: str

    def site(self) -> Site:
        """A fresh Site object each time: requests never share a model instance."""
        return Site(**self.fields)


def _read_site_rows() -> list[SiteRow]:
    return [
        SiteRow(
            fields={name: values[name] for name in SITE_FIELDS},
            root_path=values["root_page__path"],
            root_url_path=values["root_page__url_path"],
        )
        for values in Site.objects.values(*SITE_FIELDS, "root_page__path", "root_page__url_path")
    ]


_site_table = HeldWhileVersion(page_tree_version, _read_site_rows)


def site_rows() -> list[SiteRow]:
    """Every Site, read once per version of the page tree in this process."""
    return _site_table.get()


def choose_site(rows: list[SiteRow], hostname: str, port: int) -> SiteRow | None:
    """The Site Wagtail would choose for this host and port (its rule, without its query)."""

    def match(row: SiteRow) -> int:
        if row.fields["hostname"] == hostname and row.fields["port"] == port:
            return MATCH_HOSTNAME_PORT
        if row.fields["hostname"] == hostname and row.fields["is_default_site"]:
            return MATCH_HOSTNAME_DEFAULT
        if row.fields["is_default_site"]:
            return MATCH_DEFAULT
        return MATCH_HOSTNAME

    candidates = sorted(
        (row for row in rows if row.fields["hostname"] == hostname or row.fields["is_default_site"]),
        key=match,
    )
    if not candidates:
        return None
    if len(candidates) == 1 or match(candidates[0]) in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return candidates[0]
    if match(candidates[0]) == MATCH_DEFAULT:
        # One other site with this host name (on another port) wins over the default.
        return candidates[len(candidates) == 2]
    return None  # Wagtail's rule has no answer here: it raises Site.DoesNotExist


def site_row_for_request(request: HttpRequest) -> SiteRow | None:
    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail: no ALLOWED_HOSTS check
    return choose_site(site_rows(), hostname, int(request.get_port()))


# --- Routing --------------------------------------------------------------------------------


class NotRoutable(Exception):
    """The tree is not as expected here; Wagtail's own walk routes the request."""


def _page_class(content_type_id: int) -> type[Page] | None:
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _takes_request(page_class: type[Page], live: bool, remaining: list[str]) -> bool:
    """Whether a page of this class takes the rest of the path itself, as its `route` would."""
    route = page_class.route
    if route is Page.route:
        return False
    if route is not RoutablePageMixin.route:
        return True  # a route of its own kind: let it decide from here
    if not live:
        return False  # a routable page that is not live passes the request to its children
    path = "/" + "".join(f"{component}/" for component in remaining)
    try:
        page_class.get_resolver().resolve(path)
    except (Http404, Resolver404):
        return False
    return True


# The pages on the paths asked for lately, per process: their rows, kept while the page tree
# is unchanged (its version is in the table's key) and for at most this many paths.
REMEMBERED_PATHS = 4096
_PAGE_FIELDS = tuple(field.attname for field in Page._meta.concrete_fields)
_paths = HeldWhileVersion(page_tree_version, OrderedDict)


def pages_on_path(url_paths: list[str], root_path: str) -> list[Page]:
    """Every page at one of `url_paths` under the Site's root: one query, or none when this
    process read the same path since the page tree last changed. Each call gets fresh Page
    objects, so requests never share one."""
    remembered = _paths.get()
    key = (root_path, url_paths[-1])
    rows = remembered.get(key)
    if rows is None:
        pages = list(Page.objects.filter(url_path__in=url_paths, path__startswith=root_path))
        rows = [tuple(getattr(page, name) for name in _PAGE_FIELDS) for page in pages]
        with _paths.lock:
            remembered[key] = rows
            while len(remembered) > REMEMBERED_PATHS:
                remembered.popitem(last=False)
        return pages
    with _paths.lock:
        if key in remembered:
            remembered.move_to_end(key)
    database = router.db_for_read(Page)
    return [Page.from_db(database, _PAGE_FIELDS, values) for values in rows]


def route(request: HttpRequest, path: str, row: SiteRow, site: Site | None = None):
    """Wagtail's RouteResult for `path` on the Site in `row`; raises Http404 as Wagtail does.

    `site`, the request's Site object, gets its root page from the same query."""
    components = [component for component in path.split("/") if component]
    url_paths = [row.root_url_path]
    for component in components[:LEVELS_AT_ONCE]:  # deeper, the deepest page found routes on
        url_paths.append(f"{url_paths[-1]}{component}/")
    found = {page.url_path: page for page in pages_on_path(url_paths, row.root_path)}
    chain = []
    for url_path in url_paths:
        page = found.get(url_path)
        if page is None or (chain and page.depth != chain[-1].depth + 1):
            break
        chain.append(page)
    if not chain or chain[0].pk != row.fields["root_page_id"]:
        raise NotRoutable  # the tree is not as the Site row says: Wagtail's own walk decides
    if site is not None:
        site.root_page = chain[0]
    deciding = len(chain) - 1
    for index, page in enumerate(chain[:-1]):
        page_class = _page_class(page.content_type_id)
        if page_class is None or _takes_request(page_class, page.live, components[index:]):
            deciding = index
            break
    page = specific_with_images(chain[deciding])
    if deciding:
        page._cached_parent_obj = chain[deciding - 1]  # as Wagtail's walk leaves it
    return page.route(request, components[deciding:])


@functools.cache
def _image_fields(page_class: type[Page]) -> tuple[str, ...]:
    image_model = get_image_model()
    return tuple(
        field.name
        for field in page_class._meta.get_fields()
        if field.many_to_one and field.concrete and field.related_model is image_model
    )


@functools.cache
def _specific_lookup(page_class: type[Page]) -> CompiledPkLookup:
    return CompiledPkLookup(page_class._default_manager.select_related(*_image_fields(page_class)))


def specific_with_images(page: Page) -> Page:
    """`page.specific` as Wagtail makes it, with the images its own fields name (the social
    image every page's <head> shows, a hero image) in the same query."""
    page_class = page.specific_class
    if page_class is None or isinstance(page, page_class):
        return page.specific
    specific = _specific_lookup(page_class).get(page.pk)
    for name, value in page.__dict__.items():  # what Wagtail's get_specific carries over
        specific.__dict__.setdefault(name, value)
    return specific


class PageRoutingMiddleware:
    """Routes requests for Wagtail's page view before the view runs (see the module's doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_route_for_request"):
            return None
        row = site_row_for_request(request)
        site = request._wagtail_site = row.site() if row else None
        if row is None:
            request._wagtail_route_for_request = None
            return None
        try:
            path = view_kwargs["path"] if "path" in view_kwargs else (view_args[0] if view_args else "")
            request._wagtail_route_for_request = route(request, path, row, site)
        except Http404:
            request._wagtail_route_for_request = None
        except NotRoutable:
            del request._wagtail_site
        return None
