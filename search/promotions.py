"""Editors' picks for a query (Wagtail's search promotions), shown above the results.

Editors choose pages or external links for a query in Wagtail's "Anbefalte resultater".
The search page shows them on the first page of an unfiltered search only: a pick
answers the question as typed, and on page 2 or inside a filter (say, English reports)
it would be out of place. A promoted page that is not live and public is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

MAX_PROMOTIONS = 5


@dataclass(frozen=True)
class Promotion:
    title: str
    url: str
    description: str
    page_id: int | None  # None for an external link

    @property
    def is_external(self) -> bool:
        return self.page_id is None


def promotions_for(text: str, request: HttpRequest | None = None) -> list[Promotion]:
    """The editors' picks for ``text``, in their order.

    One query when there are none (the usual case), two when some point at pages: those
    pages must still be live and public, however many there are.
    """
    query_string = normalise_query_string(text or "")
    if not query_string:
        return []
    picks = list(
        SearchPromotion.objects.filter(query__query_string=query_string)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    visible = (
        set(Page.objects.live().public().filter(pk__in=page_ids).values_list("pk", flat=True)) if page_ids else set()
    )
    promotions = []
    for pick in picks:
        if pick.page_id:
            url = pick.page.get_url(request) if pick.page_id in visible else None
            if url:  # a page outside every site has no public address either
                promotions.append(Promotion(pick.page.title, url, pick.description, pick.page_id))
        elif pick.external_link_url:
            title = pick.external_link_text or pick.external_link_url
            promotions.append(Promotion(title, pick.external_link_url, pick.description, None))
    return promotions[:MAX_PROMOTIONS]


def without_promoted(hits: list, promotions: list[Promotion]) -> list:
    """The hits without the pages already shown as promotions."""
    promoted = {promotion.page_id for promotion in promotions if promotion.page_id}
    return [hit for hit in hits if hit.page_id not in promoted] if promoted else list(hits)
