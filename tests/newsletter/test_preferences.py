"""The preference centre behind the secret link in every mail."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import AccessToken, Consent, Delivery, Send, Status, Subscriber, Suppression
from newsletter.tokens import hash_token, issue_token


@pytest.fixture
def manage_token(confirmed_subscriber):
    return issue_token(confirmed_subscriber, AccessToken.Purpose.MANAGE)


def url(token: str, suffix: str = "") -> str:
    return f"/abonnement/innstillinger/{token}/{suffix}"


def choices(subscriber, **overrides) -> dict:
    data = {
        "action": "save",
        "name": subscriber.name,
        "role": subscriber.role,
        "municipality": subscriber.municipality_id or "",
        "language": subscriber.language,
        "topics": list(subscriber.topics.values_list("slug", flat=True)),
    }
    data.update(overrides)
    return data


def test_the_page_shows_the_subscribers_choices_privately(site_client, home_page, confirmed_subscriber, manage_token):
    response = site_client.get(url(manage_token))
    assert response.status_code == 200
    content = response.content.decode()
    assert "kari.lege@example.no" in content
    assert re.search(r'value="flo" id="id_topics_flo"[^>]* checked', content)
    assert not re.search(r'value="podkast" id="id_topics_podkast"[^>]* checked', content)
    assert 'value="Kari Lege"' in content
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_the_page_is_in_the_subscribers_language(site_client, home_page, subscriber_factory):
    subscriber = subscriber_factory(language="nn")
    token = issue_token(subscriber, AccessToken.Purpose.MANAGE)
    response = site_client.get(url(token))
    assert '<html lang="nn"' in response.content.decode()
    assert response["Content-Language"] == "nn"


def test_change_topics_language_name_role_and_municipality(site_client, home_page, confirmed_subscriber, manage_token):
    from core.municipality_register import get_municipality_register

    bergen = next(m for m in get_municipality_register().current_municipalities() if m.name == "Bergen")
    response = site_client.post(
        url(manage_token),
        choices(
            confirmed_subscriber,
            name="Kari Nordmann",
            role="kommune",
            municipality=bergen.pk,
            language="nn",
            topics=["podkast", "konferanse"],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url(manage_token) + "?endret=lagret"
    confirmed_subscriber.refresh_from_db()
    assert (confirmed_subscriber.name, confirmed_subscriber.role, confirmed_subscriber.language) == (
        "Kari Nordmann",
        "kommune",
        "nn",
    )
    assert confirmed_subscriber.municipality_id == bergen.pk
    assert sorted(confirmed_subscriber.topics.values_list("slug", flat=True)) == ["konferanse", "podkast"]
    latest = confirmed_subscriber.consents.order_by("-given_at", "-pk").first()
    assert latest.topics == ["konferanse", "podkast"] and latest.confirmed_at and latest.withdrawn_at is None
    assert confirmed_subscriber.consents.filter(withdrawn_at__isnull=True).count() == 1

    # The manage link is not single-use: it keeps working, now in nynorsk.
    after = site_client.get(response["Location"])
    assert after.status_code == 200 and '<html lang="nn"' in after.content.decode()


def test_saving_the_same_topics_records_no_new_consent(site_client, home_page, confirmed_subscriber, manage_token):
    before = confirmed_subscriber.consents.count()
    site_client.post(url(manage_token), choices(confirmed_subscriber, name="Kari L."))
    assert confirmed_subscriber.consents.count() == before
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.name == "Kari L."


def test_header_injection_in_the_name_is_refused(site_client, home_page, confirmed_subscriber, manage_token):
    response = site_client.post(url(manage_token), choices(confirmed_subscriber, name="Kari\r\nBcc: x@example.com"))
    assert response.status_code == 200
    assert 'href="#id_name"' in response.content.decode()
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.name == "Kari Lege"


def test_unsubscribe_from_everything(site_client, home_page, confirmed_subscriber, manage_token):
    response = site_client.post(url(manage_token), {"action": "unsubscribe"})
    assert response["Location"] == url(manage_token) + "?endret=avmeldt"
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.UNSUBSCRIBED
    assert Suppression.contains(confirmed_subscriber.email)
    assert not confirmed_subscriber.consents.filter(withdrawn_at__isnull=True).exists()
    assert not confirmed_subscriber.topics.exists()


def test_unticking_every_topic_unsubscribes(site_client, home_page, confirmed_subscriber, manage_token):
    site_client.post(url(manage_token), choices(confirmed_subscriber, topics=[]))
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.UNSUBSCRIBED
    assert Suppression.contains(confirmed_subscriber.email)


def test_resubscribing_from_the_preference_centre(site_client, home_page, confirmed_subscriber, manage_token):
    confirmed_subscriber.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.UNSUBSCRIBED)
    confirmed_subscriber.topics.clear()
    page = site_client.get(url(manage_token)).content.decode()
    assert 'id="preferences-consent"' in page  # the consent wording is shown before ticking again

    response = site_client.post(url(manage_token), choices(confirmed_subscriber, topics=["flo", "podkast"]))
    assert response["Location"] == url(manage_token) + "?endret=pameldt"
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.CONFIRMED
    assert not Suppression.contains(confirmed_subscriber.email)
    consent = confirmed_subscriber.consents.order_by("-given_at", "-pk").first()
    assert consent.source == Consent.Source.FORM and consent.confirmed_at is not None
    assert consent.topics == ["flo", "podkast"]


def test_download_my_data(site_client, home_page, confirmed_subscriber, manage_token, subscriber_factory, flo_topic):
    someone_else = subscriber_factory(email="nabo@example.no", name="Nabo")
    send = Send.objects.create(issue_title="Fastlegenytt mai", topic=flo_topic, status=Send.Status.DONE)
    Delivery.objects.create(
        send=send,
        subscriber=confirmed_subscriber,
        email=confirmed_subscriber.email,
        status="sent",
        sent_at=timezone.now(),
    )
    Delivery.objects.create(send=send, subscriber=someone_else, email=someone_else.email, status="sent")

    response = site_client.get(url(manage_token, "mine-data.json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["email"] == "kari.lege@example.no" and data["name"] == "Kari Lege"
    assert [t["slug"] for t in data["topics"]] == ["flo"]
    (consent,) = data["consents"]
    assert consent["consent_text_version"] == 1 and consent["consent_text"]["nb"].startswith("Jeg vil få e-post")
    assert data["deliveries"] == [
        {"issue": "Fastlegenytt mai", "status": "sent", "sent_at": data["deliveries"][0]["sent_at"]}
    ]
    assert "nabo" not in response.content.decode().lower()


def test_delete_my_data_asks_first(site_client, home_page, confirmed_subscriber, manage_token, flo_topic):
    send = Send.objects.create(issue_title="Fastlegenytt mai", topic=flo_topic, status=Send.Status.DONE)
    Delivery.objects.create(send=send, subscriber=confirmed_subscriber, email=confirmed_subscriber.email, status="sent")

    asked = site_client.get(url(manage_token, "slett/"))
    assert asked.status_code == 200 and b"<form" in asked.content
    assert Subscriber.objects.filter(pk=confirmed_subscriber.pk).exists()

    done = site_client.post(url(manage_token, "slett/"))
    assert done.status_code == 200
    assert not Subscriber.objects.filter(pk=confirmed_subscriber.pk).exists()
    assert Suppression.objects.get().reason == Suppression.Reason.ERASED
    assert Delivery.objects.get().email == ""
    assert not AccessToken.objects.filter(token_hash=hash_token(manage_token)).exists()
    assert site_client.get(url(manage_token)).status_code == 404


@pytest.mark.parametrize("path", ["", "mine-data.json", "slett/"])
def test_wrong_expired_and_confirm_tokens_do_not_open_the_preference_centre(
    site_client, home_page, confirmed_subscriber, path
):
    expired = issue_token(confirmed_subscriber, AccessToken.Purpose.MANAGE)
    AccessToken.objects.filter(token_hash=hash_token(expired)).update(expires_at=timezone.now() - timedelta(seconds=1))
    confirm = issue_token(confirmed_subscriber, AccessToken.Purpose.CONFIRM)
    for token in (expired, confirm, "x" * 43, "ø" * 10, "a" * 200):
        response = site_client.get(url(token, path))
        assert response.status_code == 404, token
        assert response["Cache-Control"] == "no-store"
    if path != "mine-data.json":
        assert site_client.post(url("x" * 43, path), {"action": "unsubscribe"}).status_code == 404
    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.status == Status.CONFIRMED
