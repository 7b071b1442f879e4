"""Check-in at the door: the URL the QR code encodes, for staff only, idempotent, never for a cancelled registration."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from conference.models import CheckInToken, Registration
from conference.tokens import issue_check_in_token

Status = Registration.Status
pytestmark = pytest.mark.django_db


def with_token(registration: Registration) -> str:
    """What the confirmation's QR code carries."""
    return issue_check_in_token(registration)


@pytest.fixture
def kari(registration_factory, in_person):
    return registration_factory(ticket_type=in_person, name="Kari Nordmann", email="kari@example.no")


def check_in_url(token: str) -> str:
    return reverse("conference_check_in", args=[token])


def test_the_url_is_the_one_the_qr_code_encodes():
    assert check_in_url("abc") == "/konferanse-innsjekk/abc/"


def test_only_the_tokens_sha256_is_stored(kari):
    raw = with_token(kari)
    assert CheckInToken.objects.get(registration=kari).token_hash == hashlib.sha256(raw.encode()).hexdigest()


def test_staff_see_the_registrant(editor_client, kari):
    response = editor_client.get(check_in_url(with_token(kari)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kari Nordmann" in html and "Fysisk oppmøte" in html and "Påmeldt" in html
    assert "Registrer oppmøte" in html


def test_registrer_oppmote_sets_attended_at_once(editor_client, kari):
    token = with_token(kari)
    response = editor_client.post(check_in_url(token))
    assert response.status_code == 302 and response.url == check_in_url(token)
    kari.refresh_from_db()
    first = kari.attended_at
    assert first is not None
    response = editor_client.post(check_in_url(token), follow=True)
    assert "allerede registrert" in response.content.decode()
    kari.refresh_from_db()
    assert kari.attended_at == first  # idempotent: the first time stays


def test_a_cancelled_registration_cannot_be_checked_in(editor_client, registration_factory, in_person):
    anne = registration_factory(ticket_type=in_person, name="Anne Avmeldt", status=Status.CANCELLED)
    token = with_token(anne)
    html = editor_client.get(check_in_url(token)).content.decode()
    assert "kan ikke sjekkes inn" in html and "Registrer oppmøte" not in html
    response = editor_client.post(check_in_url(token), follow=True)
    assert "kan ikke sjekkes inn" in response.content.decode()
    anne.refresh_from_db()
    assert anne.attended_at is None


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, kari):
    token = with_token(kari)
    response = client.get(check_in_url(token))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login")) and "konferanse-innsjekk" in response.url
    client.post(check_in_url(token))
    kari.refresh_from_db()
    assert kari.attended_at is None


def test_a_user_without_the_permission_is_refused(outsider_client, kari):
    token = with_token(kari)
    response = outsider_client.get(check_in_url(token))
    assert response.status_code == 403
    assert b"Kari" not in response.content
    outsider_client.post(check_in_url(token))
    kari.refresh_from_db()
    assert kari.attended_at is None


@pytest.mark.parametrize("token", ["wrong", "x" * 300])
def test_an_unknown_token_is_not_found(editor_client, kari, token):
    with_token(kari)
    assert editor_client.get(check_in_url(token)).status_code == 404
