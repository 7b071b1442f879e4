"""Editors' recommended results (Wagtail's search promotions) on the search page."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from pages.factories import GuidancePageFactory
from search.factories import IndexDocumentFactory
from search.promotions import promotions_for
from tests.search import fixtures_pages

search_page = fixtures_pages.search_page
search_index = fixtures_pages.search_index

SEARCH_URL = "/sok/"


def parse(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def promoted_titles(tree) -> list[str]:
    return [
        " ".join(h.text_content().split()) for h in tree.xpath("//section[@aria-labelledby='promoted-heading']//h3")
    ]


def result_urls(tree) -> list[str]:
    return tree.xpath("//ol[contains(@class,'search-hits')]//h3/a/@href")


def promote(query: str, *, page=None, url: str = "", text: str = "", description: str = "", order: int = 0):
    return SearchPromotion.objects.create(
        query=Query.get(query),
        page=page,
        external_link_url=url,
        external_link_text=text,
        description=description,
        sort_order=order,
    )


@pytest.fixture
def listetak_guide(home_page):
    return GuidancePageFactory(parent=home_page, title="Alt om listetak", slug="alt-om-listetak")


@pytest.fixture
def indexed(search_index, listetak_guide):
    """Fifteen pages about listetak; one of them is the guide the editors recommend."""
    search_index.index(
        [
            IndexDocumentFactory(
                page_id=listetak_guide.pk,
                title="Alt om listetak",
                url=listetak_guide.url,
                body="Listetak forklart: hva et listetak er, og hvordan listetaket endres.",
            ),
            *(
                IndexDocumentFactory(page_id=9000 + n, title=f"Listetak del {n}", body="Mer om listetak.")
                for n in range(14)
            ),
        ]
    )
    return search_index


def test_promotions_come_first_in_their_own_labelled_list(site_client, search_page, indexed, listetak_guide):
    promote("listetak", page=listetak_guide, description="Den beste innføringen.", order=1)
    promote(
        "listetak",
        url="https://www.helsedirektoratet.no/listetak",
        text="Helsedirektoratet om listetak",
        description="Regelverket.",
        order=0,
    )
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))

    (section,) = tree.xpath("//section[@aria-labelledby='promoted-heading']")
    assert section.xpath("string(.//h2[@id='promoted-heading'])") == "Anbefalt"
    assert promoted_titles(tree) == ["Helsedirektoratet om listetak", "Alt om listetak"]
    assert section.xpath(".//h3/a/@href") == ["https://www.helsedirektoratet.no/listetak", listetak_guide.url]
    assert "Den beste innføringen." in section.text_content()
    assert "På et annet nettsted" in section.text_content()
    # Above the results in reading order.
    results = tree.xpath("//section[contains(@class,'search-results')]")[0]
    assert section.getparent().index(section) < results.getparent().index(results)


def test_a_promoted_page_is_not_repeated_among_the_results(site_client, search_page, indexed, listetak_guide):
    promote("listetak", page=listetak_guide)
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    assert promoted_titles(tree) == ["Alt om listetak"]
    assert listetak_guide.url not in result_urls(tree)
    assert len(result_urls(tree)) == 9  # ten on the page, less the promoted one


def test_without_promotions_the_page_is_among_the_results(site_client, search_page, indexed, listetak_guide):
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    assert promoted_titles(tree) == []
    assert not tree.xpath("//section[@aria-labelledby='promoted-heading']")
    assert listetak_guide.url in result_urls(tree)


def test_promotions_match_the_query_however_it_is_typed(site_client, search_page, indexed, listetak_guide):
    promote("Listetak", page=listetak_guide)
    tree = parse(site_client.get(SEARCH_URL, {"q": "  LISTETAK  "}))
    assert promoted_titles(tree) == ["Alt om listetak"]


def test_promotions_only_on_the_first_page(site_client, search_page, indexed, listetak_guide):
    promote("listetak", page=listetak_guide)
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak", "page": "2"}))
    assert promoted_titles(tree) == []


def test_promotions_not_when_filters_are_chosen(site_client, search_page, indexed, listetak_guide):
    promote("listetak", page=listetak_guide)
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak", "type": "guidance"}))
    assert promoted_titles(tree) == []
    assert len(result_urls(tree)) == 10


def test_an_unpublished_promoted_page_is_not_shown(site_client, search_page, indexed, listetak_guide):
    promote("listetak", page=listetak_guide)
    promote("listetak", url="https://example.org/", text="Ekstern", order=2)
    listetak_guide.unpublish()
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    assert promoted_titles(tree) == ["Ekstern"]


def test_a_private_promoted_page_is_not_shown(db, search_page, listetak_guide):
    promote("listetak", page=listetak_guide)
    assert [p.title for p in promotions_for("listetak")] == ["Alt om listetak"]
    PageViewRestriction.objects.create(page=listetak_guide, restriction_type=PageViewRestriction.LOGIN)
    assert promotions_for("listetak") == []


def test_promotions_cost_the_same_queries_however_many(site_client, search_page, indexed, home_page):
    guides = [GuidancePageFactory(parent=home_page, title=f"Guide {n}") for n in range(4)]
    promote("listetak", page=guides[0])
    site_client.get(SEARCH_URL, {"q": "listetak"})  # warm the caches
    with CaptureQueriesContext(connection) as one:
        tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    queries_for_one = len(one)
    assert promoted_titles(tree) == ["Guide 0"]

    for order, guide in enumerate(guides[1:], start=1):
        promote("listetak", page=guide, order=order)
    with CaptureQueriesContext(connection) as four:
        tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    assert len(promoted_titles(tree)) == 4
    assert len(four) == queries_for_one
