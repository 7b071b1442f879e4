"""Indeksstatus in the admin: the engine, its page count against the site's, and the
index changes that keep failing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pages.factories import GuidancePageFactory
from search.backends import get_backend
from search.models import IndexChange
from search.searchable import prepare

pytestmark = pytest.mark.django_db

STATUS_URL = reverse("search_admin:index_status")


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def two_pages_one_indexed(home_page):
    indexed = GuidancePageFactory(parent=home_page, title="Listetak")
    waiting = GuidancePageFactory(parent=home_page, title="ALIS-tilskudd")
    backend = get_backend()
    backend.clear()
    backend.index([prepare(indexed)])
    IndexChange.objects.all().delete()  # set-up's own changes (the welcome page it removed)
    IndexChange.objects.create(
        page_id=waiting.pk,
        attempts=3,
        next_attempt_at=timezone.now() + timedelta(minutes=4),
        last_error="Connection refused",
    )
    yield indexed, waiting
    backend.clear()


def test_the_status_shows_counts_and_the_failing_changes(superuser_client, two_pages_one_indexed):
    _, waiting = two_pages_one_indexed
    response = superuser_client.get(STATUS_URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "Innebygd indeks (SQLite FTS5)" in text
    assert "1 av 2 sider som skal være søkbare" in text
    assert "ikke i takt" in text
    assert "1 endring venter" in text and "1 har feilet" in text
    assert "ALIS-tilskudd 3" in text and "Connection refused" in text
    assert reverse("wagtailadmin_pages:edit", args=[waiting.pk]) in response.content.decode()


def test_an_index_in_step_gives_no_warning(superuser_client, two_pages_one_indexed):
    _, waiting = two_pages_one_indexed
    get_backend().index([prepare(waiting)])
    IndexChange.objects.all().delete()
    text = text_of(superuser_client.get(STATUS_URL))
    assert "2 av 2 sider" in text and "ikke i takt" not in text
    assert "0 endringer venter" in text


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9", ELASTICSEARCH_TIMEOUT=0.5)
def test_an_unreachable_engine_is_said_plainly(superuser_client, home_page):
    text = text_of(superuser_client.get(STATUS_URL))
    assert "Elasticsearch" in text and "Utilgjengelig:" in text


def test_the_status_is_for_administrators(editor_client, outsider_client):
    for client in (editor_client, outsider_client):
        assert client.get(STATUS_URL).status_code in (302, 403)
