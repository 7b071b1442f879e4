"""One-click unsubscribe (RFC 8058) and the unsubscribe page: a GET never unsubscribes."""

from __future__ import annotations

import pytest
from django.test import Client

from newsletter.models import AccessToken, Status, Suppression
from newsletter.tokens import issue_token

ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def token(confirmed_subscriber):
    return issue_token(confirmed_subscriber, AccessToken.Purpose.MANAGE)


@pytest.fixture
def strict_client(home_page):
    """A client that enforces CSRF, as a mail client's POST would meet it."""
    return Client(enforce_csrf_checks=True, HTTP_HOST="localhost")


def url(token: str) -> str:
    return f"/abonnement/avmeld/{token}/"


def test_one_click_post_unsubscribes_without_csrf(strict_client, confirmed_subscriber, token):
    response = strict_client.post(url(token), data=ONE_CLICK, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.UNSUBSCRIBED
    assert Suppression.objects.get().reason == Suppression.Reason.UNSUBSCRIBED


def test_one_click_as_multipart_form_data(strict_client, confirmed_subscriber, token):
    response = strict_client.post(url(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.UNSUBSCRIBED


def test_one_click_twice_is_fine(strict_client, confirmed_subscriber, token):
    for _ in range(2):
        response = strict_client.post(url(token), data=ONE_CLICK, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200
    assert Suppression.objects.count() == 1


def test_a_get_never_unsubscribes(site_client, confirmed_subscriber, token):
    for _ in range(3):  # link scanners, previews, the person
        response = site_client.get(url(token))
        assert response.status_code == 200
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.CONFIRMED
    assert not Suppression.objects.exists()
    content = response.content.decode()
    assert '<form method="post"' in content and "csrfmiddlewaretoken" in content
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_button_unsubscribes_and_needs_its_csrf_token(strict_client, confirmed_subscriber, token):
    refused = strict_client.post(url(token), {})
    assert refused.status_code == 403
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.CONFIRMED

    strict_client.get(url(token))
    csrf = strict_client.cookies["csrftoken"].value
    response = strict_client.post(url(token), {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 200
    assert b"/abonnement/innstillinger/" in response.content  # a way back
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.UNSUBSCRIBED


@pytest.mark.parametrize("wrong", ["x" * 43, "", "a" * 200])
def test_a_wrong_token_is_404_and_changes_nothing(strict_client, confirmed_subscriber, token, wrong):
    target = url(wrong) if wrong else "/abonnement/avmeld/%20/"
    one_click = strict_client.post(target, data=ONE_CLICK, content_type="application/x-www-form-urlencoded")
    assert one_click.status_code == 404
    assert strict_client.get(target).status_code == 404
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.CONFIRMED
    assert not Suppression.objects.exists()


def test_a_confirm_token_cannot_unsubscribe(strict_client, confirmed_subscriber):
    confirm = issue_token(confirmed_subscriber, AccessToken.Purpose.CONFIRM)
    response = strict_client.post(url(confirm), data=ONE_CLICK, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 404
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.CONFIRMED


def test_the_page_is_in_the_subscribers_language(site_client, home_page, subscriber_factory):
    subscriber = subscriber_factory(language="nn")
    response = site_client.get(url(issue_token(subscriber, AccessToken.Purpose.MANAGE)))
    assert '<html lang="nn"' in response.content.decode()


def test_unsubscribing_a_bounced_address_keeps_its_status(strict_client, subscriber_factory):
    subscriber = subscriber_factory(email="borte@example.no")
    subscriber.set_status(Status.BOUNCED, suppress_reason=Suppression.Reason.BOUNCED)
    token = issue_token(subscriber, AccessToken.Purpose.MANAGE)
    response = strict_client.post(url(token), data=ONE_CLICK, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.BOUNCED
