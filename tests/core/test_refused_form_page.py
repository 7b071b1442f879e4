"""A refused form (another site, or Django's token missing) and a refused page answer with
the site's own 403 page, in the visitor's language, not Django's English one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from config import urls as site_urls

pytestmark = pytest.mark.django_db


def refused(request):
    raise PermissionDenied


urlpatterns = [path("ingen-tilgang/", refused), *site_urls.urlpatterns]
handler403 = site_urls.handler403


@pytest.fixture
def visitor(home_page):
    return Client(enforce_csrf_checks=True, HTTP_HOST="localhost")


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nb", "Skjemaet ble ikke sendt"), ("nn", "Skjemaet vart ikkje sendt"), ("en", "The form was not sent")],
)
def test_a_form_from_another_site_is_refused_in_the_visitors_language(visitor, language, heading):
    response = visitor.post(
        "/abonnement/",
        {"email": "offer@example.no"},
        HTTP_ORIGIN="https://angriper.example",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert heading in html and f'lang="{language}"' in html
    assert "CSRF verification failed" not in html


def test_a_django_form_without_its_token_gets_the_same_page(visitor, editor):
    """The admin's login form keeps Django's token: posting without it is refused the same way."""
    response = visitor.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Skjemaet ble ikke sendt" in response.content.decode()


def test_permission_denied_gets_the_sites_page(visitor, settings):
    settings.ROOT_URLCONF = __name__
    response = visitor.get("/ingen-tilgang/")
    assert response.status_code == 403
    assert "Ingen tilgang" in response.content.decode()
