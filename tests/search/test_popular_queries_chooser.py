"""'Velg blant populære søkeord' lists what visitors search for, from the site's own statistics."""

from __future__ import annotations

import json
from datetime import timedelta

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from search.models import QueryDay
from search.query_stats import PERSONAL_DATA_PLACEHOLDER, record_search

pytestmark = pytest.mark.django_db

MAY_RECOMMEND = ["access_admin", *(f"{action}_searchpromotion" for action in ("add", "change", "delete"))]


@pytest.fixture
def promotions_client(client, db):
    user = get_user_model().objects.create_user("anbefaler", "anbefal@example.test", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=MAY_RECOMMEND))
    client.force_login(user)
    return client


@pytest.fixture
def visitors_searched(db):
    today = timezone.localdate()
    for _ in range(3):
        record_search("Listetak", total=4)
    record_search("ALIS-tilskot", total=0)
    record_search("01019012345", total=0)  # a fødselsnummer: counted as the placeholder only
    QueryDay.objects.create(day=today - timedelta(days=200), query="gammelt søk", searches=50, without_results=0)


def chosen_terms(html: str) -> list[tuple[str, str]]:
    tree = lxml.html.fromstring(html)
    return [
        (link.get("data-querystring"), " ".join(link.xpath("ancestor::tr/td[2]")[0].text_content().split()))
        for link in tree.xpath("//a[contains(@class, 'choose-query')]")
    ]


def test_the_chooser_lists_the_sites_own_statistics(promotions_client, visitors_searched):
    response = promotions_client.get(reverse("wagtailsearchpromotions:chooser"))
    assert response.status_code == 200
    terms = chosen_terms(json.loads(response.content)["html"])
    assert terms == [("listetak", "3"), ("alis-tilskot", "1")]


def test_personal_data_and_old_days_are_never_offered(promotions_client, visitors_searched):
    html = json.loads(promotions_client.get(reverse("wagtailsearchpromotions:chooser")).content)["html"]
    assert PERSONAL_DATA_PLACEHOLDER not in html
    assert "01019012345" not in html
    assert "gammelt søk" not in html  # beyond the chooser's 90 days


def test_the_chooser_filters_as_the_editor_types(promotions_client, visitors_searched):
    response = promotions_client.get(reverse("wagtailsearchpromotions:chooserresults"), {"q": "ALIS"})
    assert response.status_code == 200
    assert chosen_terms(response.content.decode()) == [("alis-tilskot", "1")]


def test_the_chooser_is_for_those_who_may_recommend_results(outsider_client, visitors_searched):
    response = outsider_client.get(reverse("wagtailsearchpromotions:chooser"))
    # Wagtail turns a refusal in its admin into a redirect to the dashboard.
    assert response.status_code in (302, 403)
    assert "listetak" not in response.content.decode()


def test_the_add_form_opens_our_chooser(promotions_client):
    html = promotions_client.get(reverse("wagtailsearchpromotions:add")).content.decode()
    assert "Velg blant populære søkeord" in html
    assert reverse("wagtailsearchpromotions:chooser") == "/admin/searchpicks/queries/chooser/"
