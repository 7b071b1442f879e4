"""Pages are found in two queries at any depth, and always the page Wagtail's own walk finds
(core/routing.py)."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from core import routing
from pages.factories import ChapterPageFactory, GuidancePageFactory, ReportPageFactory


def wagtail_route(request, path: str):
    """What Wagtail's walk answers, without the middleware's shortcut."""
    site = get_site_for_hostname(request.get_host().split(":")[0], int(request.get_port()))
    components = [component for component in path.split("/") if component]
    try:
        return site.root_page.specific.route(request, components)
    except Http404:
        return None


def our_route(request, path: str):
    row = routing.site_row_for_request(request)
    try:
        return routing.route(request, path, row)
    except Http404:
        return None


def described(result) -> tuple | None:
    """A route result as comparable values: the page, its class, the view and its arguments."""
    if result is None:
        return None
    page, args, kwargs = result
    if args:
        view, view_args, view_kwargs = args
        args = (view.__name__, tuple(view_args), tuple(sorted(view_kwargs.items())))
    return (page.pk, type(page).__name__, args, tuple(sorted(kwargs.items())))


@pytest.fixture
def tree(home_page):
    """Guidance three deep, a report with chapters, a draft section with a live child, a
    draft leaf, and a child whose slug is also a route of its parent ("versjoner")."""
    guidance = GuidancePageFactory(parent=home_page, slug="veiledning")
    child = GuidancePageFactory(parent=guidance, slug="kapittel")
    GuidancePageFactory(parent=child, slug="avsnitt")
    report = ReportPageFactory(parent=home_page, slug="rapport")
    chapter = ChapterPageFactory(parent=report, slug="innledning")
    ChapterPageFactory(parent=chapter, slug="bakgrunn")
    draft = GuidancePageFactory(parent=home_page, slug="utkast")
    GuidancePageFactory(parent=draft, slug="publisert-under-utkast")
    draft.unpublish()
    leaf = GuidancePageFactory(parent=guidance, slug="trukket")
    leaf.unpublish()
    GuidancePageFactory(parent=child, slug="versjoner")
    annual = GuidancePageFactory(parent=home_page, slug="årsmelding")
    GuidancePageFactory(parent=annual, slug="vedlegg")
    return home_page


PATHS = [
    "",
    "veiledning/",
    "veiledning/kapittel/",
    "veiledning/kapittel/avsnitt/",
    "rapport/",
    "rapport/innledning/",
    "rapport/innledning/bakgrunn/",
    "utkast/",  # a draft: 404
    "utkast/publisert-under-utkast/",  # a live page under a draft is served, as by Wagtail
    "veiledning/trukket/",  # unpublished leaf: 404
    "finnes-ikke/",
    "veiledning/finnes-ikke/",
    "veiledning/kapittel/avsnitt/finnes-ikke/dypere/",
    "versjoner/",  # the home page's own route
    "veiledning/versjoner/",
    "veiledning/kapittel/versjoner/",  # the parent's route wins over the child of that slug
    "veiledning/kapittel/versjoner/17/",
    "veiledning/kapittel/avsnitt/versjoner/",
    "rapport/innledning/versjoner/9999/",
    "årsmelding/",  # a slug beyond ASCII
    "årsmelding/vedlegg/",
    "Veiledning/",  # slugs are matched exactly, as Wagtail matches them
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_the_route_is_wagtails(tree, path):
    request = RequestFactory().get("/" + path, HTTP_HOST="localhost")
    assert described(our_route(request, path)) == described(wagtail_route(request, path))


@pytest.mark.django_db
def test_the_route_is_two_queries_at_every_depth_and_one_when_remembered(tree):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    routing.site_row_for_request(request)  # the Site table, read once per tree version
    ours, wagtails = [], []
    for path in ["veiledning/", "veiledning/kapittel/", "veiledning/kapittel/avsnitt/"]:
        with CaptureQueriesContext(connection) as captured:
            assert our_route(request, path) is not None
        ours.append(len(captured))
        with CaptureQueriesContext(connection) as captured:
            assert wagtail_route(request, path) is not None
        wagtails.append(len(captured))
    assert ours == [2, 2, 2]
    assert wagtails[0] < wagtails[1] < wagtails[2]  # the negative control: a query per level
    again = []
    for path in ["veiledning/", "veiledning/kapittel/", "veiledning/kapittel/avsnitt/"]:
        with CaptureQueriesContext(connection) as captured:
            assert our_route(request, path) is not None
        again.append(len(captured))
    assert again == [1, 1, 1]  # the pages on a path asked for again are remembered


@pytest.mark.django_db
def test_a_remembered_path_follows_the_tree_at_once(tree, site_client):
    assert site_client.get("/veiledning/kapittel/avsnitt/").status_code == 200
    section = Page.objects.get(slug="kapittel").specific
    section.slug = "nytt-kapittel"
    section.save_revision().publish()
    assert site_client.get("/veiledning/kapittel/avsnitt/").status_code == 404
    assert site_client.get("/veiledning/nytt-kapittel/avsnitt/").status_code == 200
    Page.objects.get(slug="avsnitt").specific.unpublish()
    assert site_client.get("/veiledning/nytt-kapittel/avsnitt/").status_code == 404
    # A page moved under another parent is found at its new address, not its old one.
    moved = Page.objects.get(slug="trukket")
    moved.specific.save_revision().publish()
    assert site_client.get("/veiledning/trukket/").status_code == 200
    moved.move(Page.objects.get(slug="rapport"), pos="last-child")
    old_address = site_client.get("/veiledning/trukket/")
    assert (old_address.status_code, old_address["Location"]) == (301, "/rapport/trukket/")  # Wagtail's redirect
    assert site_client.get("/rapport/trukket/").status_code == 200


@pytest.mark.django_db
def test_remembered_pages_are_never_shared_between_requests(tree):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    first = our_route(request, "veiledning/kapittel/")[0]
    second = our_route(request, "veiledning/kapittel/")[0]
    assert first.pk == second.pk and first is not second
    assert first.get_parent() is not second.get_parent()


@pytest.mark.django_db
def test_a_request_costs_no_site_query_and_reuses_the_route(tree, site_client, settings):
    settings.PAGE_CACHE_ENABLED = False
    site_client.get("/veiledning/kapittel/")
    with CaptureQueriesContext(connection) as captured:
        response = site_client.get("/veiledning/kapittel/avsnitt/")
    assert response.status_code == 200
    assert response.context["page"].slug == "avsnitt"
    statements = [query["sql"] for query in captured.captured_queries]
    assert not any('FROM "wagtailcore_site"' in sql for sql in statements)
    assert not any('FROM "wagtailcore_pageviewrestriction"' in sql for sql in statements)


@pytest.mark.django_db
def test_not_found_and_drafts_answer_404(tree, site_client):
    assert site_client.get("/utkast/").status_code == 404
    assert site_client.get("/veiledning/trukket/").status_code == 404
    assert site_client.get("/veiledning/finnes-ikke/").status_code == 404
    assert site_client.get("/utkast/publisert-under-utkast/").status_code == 200


@pytest.mark.django_db
def test_a_restricted_section_still_asks_for_its_password(tree, site_client):
    section = Page.objects.get(slug="kapittel")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = site_client.get("/veiledning/kapittel/avsnitt/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "password" in content.lower()
    assert "Programmet styrker fastlegeordningen" not in content  # the page's body is not shown
    # The pages beside it stay public.
    assert site_client.get("/veiledning/").context["page"].slug == "veiledning"


@pytest.mark.django_db
def test_an_alias_of_a_restricted_page_is_restricted(tree, site_client):
    original = Page.objects.get(slug="avsnitt").specific
    PageViewRestriction.objects.create(page=original, restriction_type=PageViewRestriction.PASSWORD, password="x")
    original.create_alias(parent=Page.objects.get(slug="rapport"), update_slug="alias-av-avsnitt")
    response = site_client.get("/rapport/alias-av-avsnitt/")
    assert response.status_code == 200
    assert "password" in response.content.decode().lower()
    assert "Programmet styrker fastlegeordningen" not in response.content.decode()


@pytest.mark.django_db
def test_a_new_site_is_seen_at_once(tree, client):
    other_root = GuidancePageFactory(parent=Page.get_first_root_node(), slug="annet-nettsted", title="Annet")
    GuidancePageFactory(parent=other_root, slug="side", title="Side på annet nettsted")
    assert client.get("/side/", HTTP_HOST="annet.localhost").status_code == 404  # default site: no such page
    Site.objects.create(hostname="annet.localhost", port=80, root_page=other_root, site_name="Annet")
    response = client.get("/side/", HTTP_HOST="annet.localhost")
    assert response.status_code == 200
    assert response.context["page"].title == "Side på annet nettsted"
    assert client.get("/veiledning/", HTTP_HOST="localhost").status_code == 200


SITE_SETS = {
    "one default": [("localhost", 80, True)],
    "default and another": [("localhost", 80, True), ("annet.localhost", 80, False)],
    "one host, two ports": [("localhost", 80, True), ("localhost", 8000, False)],
    "other host on two ports": [("localhost", 80, True), ("annet", 80, False), ("annet", 8000, False)],
    "other host on one other port": [("localhost", 80, True), ("annet", 8000, False)],
    "no default": [("localhost", 80, False), ("annet", 80, False)],
}


@pytest.mark.django_db
@pytest.mark.parametrize("sites", SITE_SETS.values(), ids=SITE_SETS.keys())
def test_the_site_is_chosen_as_wagtail_chooses(home_page, sites):
    Site.objects.all().delete()
    for number, (hostname, port, default) in enumerate(sites):
        root = GuidancePageFactory(parent=Page.get_first_root_node(), slug=f"rot-{number}")
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=root)
    rows = routing.site_rows()
    for hostname in ("localhost", "annet", "annet.localhost", "ukjent"):
        for port in (80, 443, 8000):
            try:
                expected = get_site_for_hostname(hostname, port).pk
            except Site.DoesNotExist:
                expected = None
            chosen = routing.choose_site(rows, hostname, port)
            assert (chosen.fields["id"] if chosen else None) == expected, (hostname, port)


@pytest.mark.django_db
def test_the_social_image_comes_with_the_page(home_page, site_client, settings):
    settings.PAGE_CACHE_ENABLED = False
    page = GuidancePageFactory(parent=home_page, slug="med-bilde", social_image=wagtail_factories.ImageFactory())
    site_client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        response = site_client.get(page.url)
    assert 'property="og:image"' in response.content.decode()
    assert not any('FROM "wagtailimages_image"' in query["sql"] for query in captured.captured_queries)


@pytest.mark.django_db
def test_a_path_of_thousands_of_components_is_a_plain_404(tree, site_client):
    site_client.get("/finnes-ikke/")  # the 404 page's furniture, cached
    with CaptureQueriesContext(connection) as short:
        assert site_client.get("/finnes-heller-ikke/").status_code == 404
    with CaptureQueriesContext(connection) as hostile:
        assert site_client.get("/" + "a/" * 5000).status_code == 404
    assert len(hostile) == len(short)


@pytest.mark.django_db
def test_a_path_deeper_than_one_query_reads_is_routed_on(home_page):
    parent = home_page
    for level in range(routing.LEVELS_AT_ONCE + 3):
        parent = GuidancePageFactory(parent=parent, slug=f"niva-{level}")
    path = "".join(f"niva-{level}/" for level in range(routing.LEVELS_AT_ONCE + 3))
    request = RequestFactory().get("/" + path, HTTP_HOST="localhost")
    assert described(our_route(request, path)) == described(wagtail_route(request, path))
    assert our_route(request, path)[0].pk == parent.pk
    assert described(our_route(request, path + "versjoner/")) == described(wagtail_route(request, path + "versjoner/"))
