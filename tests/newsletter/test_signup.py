"""Signing up: double opt-in through a real SMTP server, neutral answers, bots, limits."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django_tasks.signals import task_enqueued

from core.mail.headers import envelope_sender, from_header
from core.mail.models import OutgoingMail
from core.text import norwegian_sort_key
from newsletter import antispam
from newsletter.models import AccessToken, Consent, Status, Subscriber, Suppression
from newsletter.tokens import hash_token
from tests.mail_checks import external_hosts

SIGNUP = "/abonnement/"
DONE = "/abonnement/takk/"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/abonnement/bekreft/([A-Za-z0-9_-]+)/)")
MANAGE_LINK = re.compile(r"https?://[^/\s]+(/abonnement/innstillinger/([A-Za-z0-9_-]+)/)")
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def form(email: str = "ola.lege@example.no", **overrides) -> dict:
    """A sign-up as a person sends it: the form shown a minute ago."""
    data = {
        "email": email,
        "name": "Ola Lege",
        "role": "fastlege",
        "municipality": "",
        "language": "nb",
        "topics": ["flo", "podkast"],
        "lang": "nb",
        "consent_version": "1",
        antispam.STAMP_FIELD: antispam.new_stamp(time.time() - 60),
        antispam.HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def html(message) -> str:
    return message.get_body(("html",)).get_content()


@pytest.fixture
def enqueued():
    """The arguments of every task enqueued during the test."""
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append((task_result.task.name, list(task_result.args), dict(task_result.kwargs)))

    task_enqueued.connect(record, dispatch_uid="test_signup.enqueued")
    yield seen
    task_enqueued.disconnect(dispatch_uid="test_signup.enqueued")


# --- Double opt-in end to end ------------------------------------------------------------------


def test_double_opt_in_end_to_end(site_client, home_page, smtp_server):
    page = site_client.get(SIGNUP)
    assert page.status_code == 200
    assert b'autocomplete="email"' in page.content

    response = site_client.post(SIGNUP, form())
    assert response.status_code == 302 and response["Location"] == DONE
    assert site_client.get(DONE).status_code == 200

    subscriber = Subscriber.objects.get(email="ola.lege@example.no")
    assert subscriber.status == Status.PENDING
    assert list(subscriber.topics.all()) == []  # nothing until the link is used
    consent = subscriber.consents.get()
    assert (consent.source, consent.topics, consent.consent_text.version) == ("form", ["flo", "podkast"], 1)
    assert consent.confirmed_at is None

    (mail,) = smtp_server.messages
    assert mail["To"] == "ola.lege@example.no"
    assert mail["From"] == from_header()
    assert mail["Message-ID"]
    assert smtp_server.envelopes[0].mail_from == envelope_sender()
    path, _raw = CONFIRM_LINK.search(plain(mail)).groups()
    assert path in html(mail)
    assert '<html lang="nb"' in html(mail)
    assert external_hosts(html(mail)) <= {"localhost"}

    shown = site_client.get(path)
    assert shown.status_code == 200
    assert b"<form" in shown.content
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING  # a GET (a mail scanner) confirms nothing

    confirmed = site_client.post(path)
    assert confirmed.status_code == 200
    subscriber.refresh_from_db()
    consent.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED and subscriber.confirmed_at is not None
    assert consent.confirmed_at is not None
    assert sorted(subscriber.topics.values_list("slug", flat=True)) == ["flo", "podkast"]
    assert MANAGE_LINK.search(confirmed.content.decode()) is None  # the page links relatively
    assert b"/abonnement/innstillinger/" in confirmed.content

    again = site_client.post(path)
    assert again.status_code == 404  # single use
    assert site_client.get(path).status_code == 404


def test_token_pages_are_private(site_client, home_page, smtp_server):
    site_client.post(SIGNUP, form())
    path, _raw = CONFIRM_LINK.search(plain(smtp_server.messages[0])).groups()
    for response in (site_client.get(path), site_client.get("/abonnement/bekreft/feil/")):
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "same-origin"
        assert "noindex" in response["X-Robots-Tag"]


def test_the_confirmation_link_expires(site_client, home_page, smtp_server):
    site_client.post(SIGNUP, form())
    path, raw = CONFIRM_LINK.search(plain(smtp_server.messages[0])).groups()
    token = AccessToken.objects.get(token_hash=hash_token(raw))
    assert token.expires_at - token.created_at == timedelta(hours=django_settings.NEWSLETTER_CONFIRM_TOKEN_HOURS)

    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert site_client.get(path).status_code == 404
    response = site_client.post(path)
    assert response.status_code == 404
    assert b"/abonnement/" in response.content  # a way to sign up again
    assert Subscriber.objects.get().status == Status.PENDING


def test_expired_used_and_wrong_links_look_the_same(site_client, home_page, smtp_server):
    site_client.post(SIGNUP, form())
    _path, raw = CONFIRM_LINK.search(plain(smtp_server.messages[0])).groups()
    site_client.post(f"/abonnement/bekreft/{raw}/")
    used = site_client.post(f"/abonnement/bekreft/{raw}/")
    wrong = site_client.post("/abonnement/bekreft/" + "x" * 43 + "/")
    assert used.status_code == wrong.status_code == 404
    assert CSRF.sub(b"", used.content) == CSRF.sub(b"", wrong.content)


def test_only_the_token_hash_is_stored_and_no_task_carries_it(site_client, home_page, smtp_server, enqueued):
    site_client.post(SIGNUP, form())
    _path, raw = CONFIRM_LINK.search(plain(smtp_server.messages[0])).groups()
    subscriber = Subscriber.objects.get()
    (promise,) = OutgoingMail.objects.all()
    assert (promise.kind, promise.object_id) == ("newsletter.confirm", subscriber.pk)
    assert enqueued == [("deliver_mail_task", [promise.pk], {})]
    assert not AccessToken.objects.filter(token_hash=raw).exists()
    assert AccessToken.objects.filter(token_hash=hash_token(raw)).exists()


# --- Neutral answers ----------------------------------------------------------------------------


def _make_state(state: str, subscriber_factory) -> str:
    """Put kari@example.no in the given state; return the address to type into the form."""
    if state == "new":
        return "kari@example.no"
    if state == "pending":
        subscriber_factory(email="kari@example.no", status=Status.PENDING, confirmed_at=None)
    elif state == "unsubscribed":
        subscriber = subscriber_factory(email="kari@example.no")
        subscriber.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.UNSUBSCRIBED)
    else:
        subscriber_factory(email="kari@example.no")
    return "KARI@Example.NO" if state == "confirmed-upper-case" else "kari@example.no"


STATES = ["new", "pending", "confirmed", "unsubscribed", "confirmed-upper-case"]


def test_every_address_gets_the_same_answer(
    site_client, home_page, subscriber_factory, smtp_server, enqueued, settings
):
    settings.NEWSLETTER_MAILS_PER_ADDRESS_PER_DAY = 100  # the same address is used five times
    answers = {}
    for state in STATES:
        Subscriber.objects.all().delete()
        Suppression.objects.all().delete()
        email = _make_state(state, subscriber_factory)
        before = len(enqueued)
        response = site_client.post(SIGNUP, form(email))
        followed = site_client.get(response["Location"])
        assert len(enqueued) == before + 1, state  # one mail task whatever the state
        answers[state] = (
            response.status_code,
            response["Location"],
            response.content,
            followed.status_code,
            CSRF.sub(b"", followed.content),
        )
    first = answers["new"]
    assert all(answer == first for answer in answers.values())


def test_a_confirmed_subscriber_gets_a_preferences_link_and_keeps_their_data(
    site_client, home_page, confirmed_subscriber, smtp_server
):
    consents_before = confirmed_subscriber.consents.count()
    site_client.post(SIGNUP, form("Kari.Lege@example.no", name="Someone Else", topics=["konferanse"], role="annet"))

    confirmed_subscriber.refresh_from_db()
    assert confirmed_subscriber.name == "Kari Lege"
    assert confirmed_subscriber.role == "fastlege"
    assert list(confirmed_subscriber.topics.values_list("slug", flat=True)) == ["flo"]
    assert confirmed_subscriber.consents.count() == consents_before
    assert confirmed_subscriber.status == Status.CONFIRMED

    (mail,) = smtp_server.messages
    assert mail["To"] == "kari.lege@example.no"
    assert CONFIRM_LINK.search(plain(mail)) is None
    path, _raw = MANAGE_LINK.search(plain(mail)).groups()
    assert site_client.get(path).status_code == 200


def test_a_pending_address_gets_a_fresh_confirmation_and_the_latest_choice_counts(site_client, home_page, smtp_server):
    site_client.post(SIGNUP, form(topics=["flo"]))
    site_client.post(SIGNUP, form(topics=["konferanse"], language="nn"))
    first, second = (CONFIRM_LINK.search(plain(m)).group(1) for m in smtp_server.messages)
    assert first != second
    assert '<html lang="nn"' in html(smtp_server.messages[1])

    site_client.post(second)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Status.CONFIRMED
    assert subscriber.language == "nn"
    assert list(subscriber.topics.values_list("slug", flat=True)) == ["konferanse"]
    confirmed, superseded = subscriber.consents.order_by("-given_at", "-pk")
    assert confirmed.confirmed_at and confirmed.topics == ["konferanse"]
    assert superseded.confirmed_at is None and superseded.withdrawn_at is not None


def test_an_unsubscribed_person_comes_back_through_double_opt_in(
    site_client, home_page, subscriber_factory, smtp_server
):
    subscriber = subscriber_factory(email="kari@example.no")
    subscriber.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.UNSUBSCRIBED)

    site_client.post(SIGNUP, form("kari@example.no", topics=["podkast"]))
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED  # not until the link is used
    assert Suppression.contains("kari@example.no")

    site_client.post(CONFIRM_LINK.search(plain(smtp_server.messages[0])).group(1))
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED
    assert not Suppression.contains("kari@example.no")
    assert list(subscriber.topics.values_list("slug", flat=True)) == ["podkast"]


# --- Validation and header injection -----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "kari@example.no\r\nBcc: many@example.com"),
        ("email", "kari@example.no\nBcc: many@example.com"),
        ("email", "kari\x00@example.no"),
        ("email", "kari@example.no\r\n"),
        ("name", "Kari\r\nBcc: many@example.com"),
        ("name", "Kari Lege\n"),
        ("name", "Kari\u2028Lege"),
        ("email", "not an address"),
        ("email", '"kari lege"@example.no'),
        ("email", ""),
    ],
)
def test_unsafe_or_invalid_input_is_refused_with_a_clear_error(site_client, home_page, smtp_server, field, value):
    response = site_client.post(SIGNUP, form(**{field: value}))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="ds-error-summary' in content
    assert f'href="#id_{field}"' in content
    assert 'aria-invalid="true"' in content
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


@pytest.mark.parametrize("version", ["abc", "99999999999999999999", "", "7"])
def test_a_tampered_consent_version_records_the_current_text(site_client, home_page, smtp_server, version):
    response = site_client.post(SIGNUP, form(consent_version=version))
    assert response.status_code == 302
    assert Consent.objects.get().consent_text.version == 1


def test_at_least_one_topic(site_client, home_page, smtp_server):
    response = site_client.post(SIGNUP, form(topics=[]))
    assert response.status_code == 200
    assert 'href="#id_topics_flo"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_form_is_accessible_without_javascript(site_client, home_page):
    content = site_client.get(SIGNUP).content.decode()
    assert content.count("<fieldset") >= 3 and content.count("<legend") == content.count("<fieldset")
    for field in ("id_email", "id_name", "id_municipality", "id_topics_flo", "id_language_0", "id_role_0"):
        assert f'for="{field}"' in content and f'id="{field}"' in content
    assert 'autocomplete="name"' in content
    assert "<script" not in content.split("<main", 1)[1]


def test_the_municipality_list_offers_todays_municipalities_by_county_in_norwegian_order(site_client, home_page):
    from core.municipality_register import get_municipality_register

    content = site_client.get(SIGNUP).content.decode()
    select = content.split('id="id_municipality"', 1)[1].split("</select>", 1)[0]
    counties = re.findall(r'<optgroup label="([^"]+)"', select)
    registry = get_municipality_register()
    assert counties == sorted((c.name for c in registry.current_counties()), key=norwegian_sort_key)
    options = re.findall(r'<option value="(\d+)"', select)
    assert len(options) == len(registry.current_municipalities())
    first_group = select.split("</optgroup>", 1)[0]
    names = re.findall(r'<option value="\d+">([^<]+)<', first_group)
    assert names == sorted(names, key=norwegian_sort_key)


def test_a_municipality_is_stored(site_client, home_page, smtp_server):
    from core.municipality_register import get_municipality_register

    oslo = next(m for m in get_municipality_register().current_municipalities() if m.name == "Oslo")
    site_client.post(SIGNUP, form(municipality=str(oslo.pk)))
    assert Subscriber.objects.get().municipality_id == oslo.pk
    response = site_client.post(SIGNUP, form("annen@example.no", municipality="999999"))
    assert response.status_code == 200 and 'href="#id_municipality"' in response.content.decode()


# --- Bots ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        lambda: {antispam.HONEYPOT_FIELD: "https://cheap-pills.example"},
        lambda: {antispam.STAMP_FIELD: antispam.new_stamp()},  # sent back at once
    ],
    ids=["honeypot", "too-fast"],
)
def test_bots_are_told_it_worked_and_nothing_happens(site_client, home_page, smtp_server, enqueued, overrides):
    response = site_client.post(SIGNUP, form(**overrides()))
    assert response.status_code == 302 and response["Location"] == DONE
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == [] and enqueued == []


@pytest.mark.parametrize(
    "stamp",
    [antispam.new_stamp(time.time() - 2 * 24 * 60 * 60), "forged", ""],
    ids=["older-than-a-day", "forged", "missing"],
)
def test_a_stale_form_asks_to_try_again(site_client, home_page, smtp_server, stamp):
    response = site_client.post(SIGNUP, form(**{antispam.STAMP_FIELD: stamp}))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="ds-error-summary' in content
    assert 'value="ola.lege@example.no"' in content  # what they typed is kept
    assert not Subscriber.objects.exists() and smtp_server.messages == []
    # A fresh stamp comes with the form, so sending it again works.
    fresh = re.search(rf'name="{antispam.STAMP_FIELD}" value="([^"]+)"', content).group(1)
    assert antispam.check({antispam.STAMP_FIELD: fresh}) is antispam.Verdict.BOT  # too fast, but valid


# --- Rate limits --------------------------------------------------------------------------------


def test_too_many_signups_from_one_address_get_429(site_client, home_page, smtp_server, settings):
    settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = 2
    for n in range(2):
        assert site_client.post(SIGNUP, form(f"lege{n}@example.no")).status_code == 302
    blocked = site_client.post(SIGNUP, form("lege9@example.no"))
    assert blocked.status_code == 429
    assert b"<h1" in blocked.content
    assert not Subscriber.objects.filter(email="lege9@example.no").exists()
    other = site_client.post(SIGNUP, form("lege9@example.no"), REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 302


def test_an_address_gets_a_limited_number_of_mails_a_day(site_client, home_page, smtp_server, settings):
    settings.NEWSLETTER_MAILS_PER_ADDRESS_PER_DAY = 2
    answers = set()
    for email in ("ola@example.no", "OLA@example.no", "Ola@Example.no", "ola@example.no"):
        response = site_client.post(SIGNUP, form(email))
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, DONE)}
    assert len(smtp_server.messages) == 2
    assert Consent.objects.count() == 2


def test_the_address_is_hashed_in_cache_keys(site_client, home_page, smtp_server):
    from django.core.cache import cache

    site_client.post(SIGNUP, form("ola@example.no"))
    keys = list(cache._cache.keys())  # LocMemCache in tests
    assert keys and not any("ola@example.no" in key for key in keys)


# --- Language -----------------------------------------------------------------------------------


def test_the_signup_page_is_bokmal_unless_nynorsk_is_asked_for(site_client, home_page):
    assert '<html lang="nb"' in site_client.get(SIGNUP).content.decode()
    nynorsk = site_client.get(SIGNUP + "?lang=nn").content.decode()
    assert '<html lang="nn"' in nynorsk
    assert 'name="lang" value="nn"' in nynorsk
    assert 'value="nn" id="id_language_1" checked' in nynorsk
    assert '<html lang="nb"' in site_client.get(SIGNUP + "?lang=de").content.decode()


def test_a_nynorsk_signup_comes_back_to_a_nynorsk_page(site_client, home_page, smtp_server):
    response = site_client.post(SIGNUP, form(lang="nn", language="nn"))
    assert response["Location"] == DONE + "?lang=nn"
    assert '<html lang="nn"' in site_client.get(response["Location"]).content.decode()
    assert '<html lang="nn"' in html(smtp_server.messages[0])


# --- The block ----------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The names and values a browser would send from the first sign-up form on a page."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.action = ""
        self.fields: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == SIGNUP and not self.action:
            self.inside, self.action = True, attrs["action"]
        elif tag == "input" and self.inside and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.setdefault(attrs["name"], []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def test_the_signup_block_on_a_page_signs_people_up(site_client, home_page, smtp_server, settings):
    from pages.factories import GuidancePageFactory

    settings.NEWSLETTER_FORM_MIN_SECONDS = 0
    page = GuidancePageFactory(
        parent=home_page,
        title="Om programmet",
        language="nn",
        body=[
            {
                "type": "newsletter_signup",
                "value": {
                    "heading": "Få nyheitsbrevet",
                    "text": "",
                    "topics": ["flo", "podkast"],
                    "preselected": ["podkast"],
                },
            }
        ],
    )
    content = site_client.get(page.url).content.decode()
    assert "Få nyheitsbrevet" in content
    parser = FormFields()
    parser.feed(content)
    assert parser.fields["topics"] == ["podkast"]
    assert parser.fields["lang"] == ["nn"] and parser.fields[antispam.HONEYPOT_FIELD] == [""]
    data = dict(parser.fields)
    data["email"] = ["nora@example.no"]
    response = site_client.post(SIGNUP, data)
    assert response.status_code == 302 and response["Location"] == DONE + "?lang=nn"
    subscriber = Subscriber.objects.get(email="nora@example.no")
    assert subscriber.language == "nn" and subscriber.role == "annet"
    assert subscriber.consents.get().topics == ["podkast"]
    assert len(smtp_server.messages) == 1


def test_the_block_refuses_preselected_topics_it_does_not_offer(db):
    from django.core.exceptions import ValidationError

    from newsletter.blocks import SignupBlock

    block = SignupBlock()
    value = block.to_python({"heading": "Nyhetsbrev", "topics": ["flo"], "preselected": ["podkast"]})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_the_block_is_offered_on_content_and_campaign_pages():
    from pages.streams import campaign_blocks, content_blocks

    assert "newsletter_signup" in dict(content_blocks())
    assert "newsletter_signup" in dict(campaign_blocks())
