"""Bots and floods: the honeypot, the signed time stamp, limits per IP and per address, "resend my link"."""

from __future__ import annotations

import re
import time

import pytest

from conference.models import Registration
from core import antispam

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
RESEND = "/konferanse-pamelding/send-lenke/"


def url(conference) -> str:
    return f"/konferanse-pamelding/{conference.pk}/"


@pytest.mark.parametrize(
    "overrides",
    [
        lambda: {antispam.HONEYPOT_FIELD: "https://cheap-pills.example"},
        lambda: {antispam.STAMP_FIELD: antispam.new_stamp("conference")},  # sent back at once
    ],
)
def test_bots_get_the_same_answer_and_nothing_happens(
    visitor, conference, in_person, registration_data, mailbox, overrides
):
    response = visitor.post(url(conference), registration_data(in_person, **overrides()))
    assert response.status_code == 302 and response["Location"] == f"{url(conference)}takk/"
    assert not Registration.objects.exists()
    assert mailbox.sink.messages == []


@pytest.mark.parametrize(
    "stamp",
    [
        lambda: antispam.new_stamp("conference", time.time() - 2 * 24 * 60 * 60),
        lambda: "forged",
        lambda: "",
        lambda: antispam.new_stamp("newsletter", time.time() - 60),  # another form's stamp
    ],
)
def test_a_stale_or_foreign_stamp_asks_to_send_again(visitor, conference, in_person, registration_data, stamp):
    response = visitor.post(url(conference), registration_data(in_person, **{antispam.STAMP_FIELD: stamp()}))
    assert response.status_code == 200
    assert b"ds-error-summary" in response.content
    assert not Registration.objects.exists()
    fresh = re.search(rf'name="{antispam.STAMP_FIELD}" value="([^"]+)"', response.content.decode()).group(1)
    assert antispam.check({antispam.STAMP_FIELD: fresh}, "conference", min_seconds=2) is antispam.Verdict.BOT


def test_the_newsletter_keeps_its_own_stamps():
    from newsletter import antispam as newsletter_antispam

    stamp = newsletter_antispam.new_stamp(time.time() - 60)
    assert newsletter_antispam.check({antispam.STAMP_FIELD: stamp}) is antispam.Verdict.PERSON
    assert antispam.check({antispam.STAMP_FIELD: stamp}, "conference", min_seconds=2) is antispam.Verdict.STALE


def test_rate_limit_per_ip(visitor, conference, in_person, registration_data, settings):
    settings.CONFERENCE_REGISTRATIONS_PER_IP_PER_HOUR = 2
    answers = [
        visitor.post(url(conference), registration_data(in_person, email=f"l{i}@example.no")).status_code
        for i in range(3)
    ]
    assert answers == [302, 302, 429]
    assert Registration.objects.count() == 2


def test_rate_limit_per_address_is_neutral(visitor, conference, in_person, registration_data, mailbox, settings):
    settings.CONFERENCE_MAILS_PER_ADDRESS_PER_DAY = 2
    responses = [visitor.post(url(conference), registration_data(in_person)) for _ in range(4)]
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, f"{url(conference)}takk/")}
    assert len(mailbox.to("kari.lege@example.no")) == 2  # confirmation and one reminder, then nothing
    assert Registration.objects.count() == 1


def test_resend_link_is_neutral_and_mails_only_a_registered_address(
    visitor, conference, in_person, registration_data, mailbox
):
    visitor.post(url(conference), registration_data(in_person))
    form = visitor.get(RESEND)
    assert form.status_code == 200 and b'autocomplete="email"' in form.content
    stamp = {antispam.STAMP_FIELD: antispam.new_stamp("conference", time.time() - 60), antispam.HONEYPOT_FIELD: ""}
    known = visitor.post(RESEND, {"email": "kari.lege@example.no", **stamp})
    unknown = visitor.post(RESEND, {"email": "ingen@example.no", **stamp})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    done = visitor.get(known["Location"])
    assert done.status_code == 200
    assert len(mailbox.to("kari.lege@example.no")) == 2
    assert mailbox.to("ingen@example.no") == []
    link = mailbox.manage_path("kari.lege@example.no")
    assert visitor.get(link).status_code == 200


def test_resend_link_refuses_line_breaks_and_catches_bots(visitor, conference, in_person, registration_data, mailbox):
    visitor.post(url(conference), registration_data(in_person))
    stamp = {antispam.STAMP_FIELD: antispam.new_stamp("conference", time.time() - 60)}
    bad = visitor.post(RESEND, {"email": "kari.lege@example.no\r\nBcc: x@example.com", **stamp})
    assert bad.status_code == 200 and b"ds-error-summary" in bad.content
    bot = visitor.post(RESEND, {"email": "kari.lege@example.no", antispam.HONEYPOT_FIELD: "x", **stamp})
    assert bot.status_code == 302
    assert len(mailbox.to("kari.lege@example.no")) == 1  # only the confirmation


def test_resend_link_counts_against_the_address_limit(
    visitor, conference, in_person, registration_data, mailbox, settings
):
    settings.CONFERENCE_MAILS_PER_ADDRESS_PER_DAY = 2
    visitor.post(url(conference), registration_data(in_person))
    stamp = {antispam.STAMP_FIELD: antispam.new_stamp("conference", time.time() - 60)}
    for _ in range(3):
        assert visitor.post(RESEND, {"email": "kari.lege@example.no", **stamp}).status_code == 302
    assert len(mailbox.to("kari.lege@example.no")) == 2


def test_the_rate_limited_page_is_not_a_form(visitor, conference, in_person, registration_data, settings):
    settings.CONFERENCE_REGISTRATIONS_PER_IP_PER_HOUR = 0
    response = visitor.post(url(conference), registration_data(in_person))
    assert response.status_code == 429
    assert b'name="email"' not in response.content
