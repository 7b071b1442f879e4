"""The send's SMTP side: one connection per worker, a dropped one reopened without sending
anything twice, the ledger's one write per mail, the prepared bytes against Django's own
EmailMessage, and ESP backends still reached through Django's email API.

The SMTP server is the real in-process aiosmtpd of `smtp_server` (tests/conftest.py);
sessions are counted by its EHLO hook (smtplib greets once per connection).
"""

from __future__ import annotations

import email
import email.policy
import smtplib
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from newsletter.messages import IssueMail, build_message, recipient_address
from newsletter.models import Delivery, Send
from newsletter.rendering import PERSONAL_FIELDS, RenderedIssue, placeholder, render_issue
from newsletter.sending import DROPPED_RESENT, DROPPED_SKIPPED, DeliveryWorker, start_send
from newsletter.smtp import MaybeDelivered, SmtpSession
from newsletter.tasks import schedule_send


class Clock:
    def __init__(self) -> None:
        self.at = timezone.now() + timedelta(seconds=5)

    def __call__(self):
        return self.at


@pytest.fixture(autouse=True)
def fast_sending(settings):
    settings.NEWSLETTER_MAX_PER_SECOND = 0
    settings.NEWSLETTER_UNCERTAIN_POLICY = "skip"


@pytest.fixture
def sessions(smtp_server) -> list[str]:
    """The EHLO greetings the server got: one per SMTP connection."""
    greetings: list[str] = []

    async def handle_EHLO(server, session, envelope, hostname, responses):
        greetings.append(hostname)
        session.host_name = hostname
        return responses

    # aiosmtpd looks its hooks up on the handler for each new connection.
    smtp_server.handle_EHLO = handle_EHLO
    return greetings


@pytest.fixture
def drop_at_mail(smtp_server):
    """Make the server drop the connection, without a word, when the n-th MAIL FROM arrives
    (counting from 1): as a server does that closes an idle connection."""
    drops: set[int] = set()
    seen = [0]

    async def handle_MAIL(server, session, envelope, address, mail_options):
        seen[0] += 1
        if seen[0] in drops:
            server.transport.abort()
            return "421 4.4.2 Connection dropped"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    smtp_server.handle_MAIL = handle_MAIL
    return drops.update


@pytest.fixture
def drop_after_data(smtp_server):
    """Make the server take the whole of the n-th mail, then drop the connection before it answers."""
    drops: set[int] = set()
    seen = [0]
    accept = smtp_server.handle_DATA

    async def handle_DATA(server, session, envelope):
        seen[0] += 1
        answer = await accept(server, session, envelope)  # counted as received: it may have gone on
        if seen[0] in drops:
            server.transport.abort()
        return answer

    smtp_server.handle_DATA = handle_DATA
    return drops.update


def started_send(issue) -> Send:
    send = schedule_send(issue)
    assert start_send(send.pk)
    return Send.objects.get(pk=send.pk)


def audience(subscriber_factory, count: int) -> list[str]:
    return [subscriber_factory(email=f"lege{i:02d}@example.no").email for i in range(count)]


# --- One connection per worker --------------------------------------------------------------


def test_a_worker_sends_all_its_batches_over_one_smtp_connection(
    newsletter_issue, subscriber_factory, smtp_server, sessions
):
    addresses = audience(subscriber_factory, 23)
    send = started_send(newsletter_issue)
    worker = DeliveryWorker(send.pk, now=Clock(), batch_size=5)

    report = worker.run()

    assert report.sent == 23 and report.stopped_because == "done"
    assert len(sessions) == 1 and worker.smtp.opened == 1
    assert sorted(m["To"] for m in smtp_server.messages) == addresses
    assert Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count() == 23


def test_a_4xx_answer_keeps_the_connection(newsletter_issue, subscriber_factory, smtp_server, sessions):
    addresses = audience(subscriber_factory, 6)
    smtp_server.reply(addresses[2], "451 4.3.0 Try again later")
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=Clock()).run()

    assert (report.sent, report.retried) == (5, 1)
    assert len(sessions) == 1  # the server answered and took RSET: the connection is fine


# --- A dropped connection -------------------------------------------------------------------


def test_a_connection_dropped_between_mails_is_reopened_and_nothing_goes_twice(
    newsletter_issue, subscriber_factory, smtp_server, sessions, drop_at_mail
):
    addresses = audience(subscriber_factory, 12)
    drop_at_mail({4, 9})  # the 4th and the 9th MAIL FROM: mid-batch, and in the second batch
    send = started_send(newsletter_issue)
    worker = DeliveryWorker(send.pk, now=Clock(), batch_size=7)

    report = worker.run()

    assert report.sent == 12 and report.retried == report.failed == report.uncertain == 0
    assert report.stopped_because == "done"
    assert [len(smtp_server.to(address)) for address in addresses] == [1] * 12
    assert len(smtp_server.messages) == 12
    assert len(sessions) == 3 and worker.smtp.opened == 3
    rows = Delivery.objects.filter(send=send)
    assert set(rows.values_list("status", "attempts")) == {(Delivery.Status.SENT, 1)}
    assert not rows.exclude(sent_at__isnull=False).exists()


def test_a_server_that_keeps_dropping_is_a_temporary_failure(
    newsletter_issue, subscriber_factory, smtp_server, sessions, drop_at_mail
):
    addresses = audience(subscriber_factory, 3)
    drop_at_mail({2, 3})  # the second mail's MAIL FROM, and again after the reconnection
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=Clock()).run()

    assert (report.sent, report.retried) == (2, 1)
    row = Delivery.objects.get(send=send, email=addresses[1])
    assert (row.status, row.attempts) == (Delivery.Status.PENDING, 1)
    assert "SMTPServerDisconnected" in row.last_error
    assert len(smtp_server.to(addresses[1])) == 0
    assert [len(smtp_server.to(a)) for a in (addresses[0], addresses[2])] == [1, 1]


def test_a_drop_after_the_mail_was_written_leaves_it_uncertain_and_sends_it_once(
    newsletter_issue, subscriber_factory, smtp_server, sessions, drop_after_data
):
    addresses = audience(subscriber_factory, 8)
    drop_after_data({3})
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=Clock(), batch_size=5).run()

    assert (report.sent, report.uncertain, report.stopped_because) == (7, 1, "done")
    row = Delivery.objects.get(send=send, email=addresses[2])
    assert (row.status, row.note, row.attempts) == (Delivery.Status.UNCERTAIN, DROPPED_SKIPPED, 1)
    assert [len(smtp_server.to(address)) for address in addresses] == [1] * 8
    assert len(sessions) == 2
    send.refresh_from_db()
    assert send.status == Send.Status.DONE and send.progress()["uncertain"] == 1


def test_with_the_resend_policy_a_drop_after_the_mail_was_written_sends_it_again(
    newsletter_issue, subscriber_factory, smtp_server, sessions, drop_after_data, settings
):
    settings.NEWSLETTER_UNCERTAIN_POLICY = "resend"
    addresses = audience(subscriber_factory, 4)
    drop_after_data({2})
    send = started_send(newsletter_issue)

    report = DeliveryWorker(send.pk, now=Clock()).run()

    assert report.stopped_because == "done"
    row = Delivery.objects.get(send=send, email=addresses[1])
    assert (row.status, row.note, row.attempts) == (Delivery.Status.SENT, DROPPED_RESENT, 2)
    assert len(smtp_server.to(addresses[1])) == 2  # the recipient may have two, and the row says so
    assert all(len(smtp_server.to(a)) == 1 for a in addresses if a != addresses[1])


def test_the_session_tells_a_drop_before_the_content_from_one_after(smtp_server, drop_after_data):
    session = SmtpSession()
    data = b"Subject: hei\r\n\r\n.en linje som starter med punktum\r\n"
    session.send("avsender@allmenn.test", "a@example.no", data)
    drop_after_data({2})
    with pytest.raises(MaybeDelivered):
        session.send("avsender@allmenn.test", "b@example.no", data)
    session.send("avsender@allmenn.test", "c@example.no", data)
    session.close()
    assert session.opened == 2
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["a@example.no"], ["b@example.no"], ["c@example.no"]]
    # Dot-stuffed on the way, and unstuffed by the server: the content arrives as it was.
    assert all(e.original_content == data for e in smtp_server.envelopes)


def test_a_refused_recipient_raises_as_smtplib_does(smtp_server):
    smtp_server.reply("borte@example.no", "550 5.1.1 No such user here")
    session = SmtpSession()
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        session.send("avsender@allmenn.test", "borte@example.no", b"Subject: x\r\n\r\nx\r\n")
    assert refused.value.recipients["borte@example.no"][0] == 550
    session.send("avsender@allmenn.test", "her@example.no", b"Subject: x\r\n\r\nx\r\n")
    assert session.opened == 1
    session.close()


# --- The ledger: one write per mail, state exact at every moment ------------------------------


def test_while_a_mail_is_handed_over_the_ones_before_are_sent_and_the_rest_claimed(
    newsletter_issue, subscriber_factory, smtp_server
):
    audience(subscriber_factory, 6)
    send = started_send(newsletter_issue)
    worker = DeliveryWorker(send.pk, now=Clock(), batch_size=6)
    seen = []
    hand_over = worker.smtp.send

    def looking(*args, **kwargs):
        statuses = list(Delivery.objects.filter(send=send).order_by("pk").values_list("status", flat=True))
        seen.append(statuses)
        return hand_over(*args, **kwargs)

    worker.smtp.send = looking
    worker.run()

    for number, statuses in enumerate(seen):
        assert statuses == ["sent"] * number + ["sending"] + ["claimed"] * (5 - number)
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {"sent"}


# --- The prepared bytes are Django's mail ------------------------------------------------------

COMPARED_HEADERS = [
    "Subject",
    "From",
    "To",
    "Reply-To",
    "Message-ID",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "MIME-Version",
]


def both_forms(rendered: RenderedIssue, *, to: str, list_name: str, mailto: str = "") -> tuple:
    personal = {
        "greeting": "Hei, Kari & «Ola» Nordmann!",
        "preferences_url": "https://allmenn.test/nyhetsbrev/innstillinger/abc-DEF_123/",
        "unsubscribe_url": "https://allmenn.test/nyhetsbrev/avmeld/abc-DEF_123/",
    }
    _envelope_to, header_to = recipient_address(to)
    raw = IssueMail(rendered, list_name=list_name, list_slug="flo").render(
        to=header_to, message_id="<nl1.2@allmenn.test>", unsubscribe_mailto=mailto, **personal
    )
    html, text = rendered.personalise(**personal)
    django = build_message(
        to=to,
        subject=rendered.subject,
        html=html,
        text=text,
        message_id="<nl1.2@allmenn.test>",
        list_name=list_name,
        list_slug="flo",
        unsubscribe_url=personal["unsubscribe_url"],
        unsubscribe_mailto=mailto,
    )
    parse = email.message_from_bytes
    return (
        raw,
        parse(raw, policy=email.policy.default),
        parse(django.message().as_bytes(linesep="\r\n"), policy=email.policy.default),
    )


def assert_same_mail(ours, djangos) -> None:
    for name in COMPARED_HEADERS:
        # Django's generator may fold an encoded header before its first word: the same value.
        assert str(ours[name]) == str(djangos[name]).lstrip(), name
    assert abs(parsedate_to_datetime(ours["Date"]) - parsedate_to_datetime(djangos["Date"])) < timedelta(seconds=5)
    assert ours.get_content_type() == djangos.get_content_type() == "multipart/alternative"
    for kind in ("plain", "html"):
        assert ours.get_body((kind,)).get_content() == djangos.get_body((kind,)).get_content(), kind
        assert ours.get_body((kind,)).get_content_charset() == "utf-8"


def synthetic_issue(html_body: str, *, subject: str = "Fastlegenytt: ærlig talt, én gang i måneden") -> RenderedIssue:
    nonce = "c0ffee"
    open_parts = " ".join(placeholder(nonce, name) for name in PERSONAL_FIELDS)
    return RenderedIssue(
        language="nb",
        subject=subject,
        html=f'<html lang="nb"><body><p>{open_parts}</p>\n{html_body}\n<a href="{placeholder(nonce, "unsubscribe_url")}">x</a></body></html>',
        text=f"{placeholder(nonce, 'greeting')}\n\nTekst med æøå.\r\n.Punktum først\n{placeholder(nonce, 'preferences_url')}\n",
        nonce=nonce,
    )


def test_the_prepared_mail_is_the_mail_django_would_send(newsletter_issue, settings):
    settings.NEWSLETTER_REPLY_TO = "Redaksjonen på Allmenn <redaksjon@allmenn.test>"
    settings.NEWSLETTER_FROM_EMAIL = "Allmennlegeprogrammet – nyhetsbrev <nyhetsbrev@allmenn.test>"
    rendered = render_issue(newsletter_issue, "nn")

    raw, ours, djangos = both_forms(
        rendered, to="kari.lege@example.no", list_name="Fastlegenytt på nynorsk", mailto="mailto:avmeld@allmenn.test"
    )

    assert_same_mail(ours, djangos)
    assert (
        ours["List-Unsubscribe"]
        == "<https://allmenn.test/nyhetsbrev/avmeld/abc-DEF_123/>, <mailto:avmeld@allmenn.test>"
    )
    assert "Kari &amp; «Ola» Nordmann" in ours.get_body(("html",)).get_content()
    assert raw.isascii() or b"Content-Transfer-Encoding: 8bit" in raw
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF everywhere, no bare line feed


def test_a_part_with_a_line_over_998_bytes_goes_quoted_printable_as_with_django():
    rendered = synthetic_issue("<td>" + "ø" * 700 + "</td>")  # 1,400 bytes on one line
    raw, ours, djangos = both_forms(rendered, to="kari@example.no", list_name="Fastlegenytt")

    assert_same_mail(ours, djangos)
    html_part = ours.get_body(("html",))
    assert html_part["Content-Transfer-Encoding"] == "quoted-printable"
    assert ours.get_body(("plain",))["Content-Transfer-Encoding"] == "8bit"
    html_raw = raw.split(b'Content-Type: text/html; charset="utf-8"')[1].split(b"\r\n--=")[0]
    assert all(len(line) <= 76 for line in html_raw.split(b"\r\n"))


def test_a_long_personal_value_switches_only_that_mail_to_quoted_printable():
    rendered = synthetic_issue("<p>kort</p>")
    mail = IssueMail(rendered, list_name="Fastlegenytt", list_slug="flo")
    short = mail.render(
        to="a@example.no", message_id="<1@x>", greeting="Hei!", preferences_url="p", unsubscribe_url="u"
    )
    long = mail.render(
        to="a@example.no",
        message_id="<2@x>",
        greeting="Hei, " + "&" * 200 + "!",
        preferences_url="p",
        unsubscribe_url="u",
    )
    assert b"quoted-printable" not in short
    parsed = email.message_from_bytes(long, policy=email.policy.default)
    assert parsed.get_body(("html",))["Content-Transfer-Encoding"] == "quoted-printable"  # 1,000 bytes escaped
    assert ("&amp;" * 200) in parsed.get_body(("html",)).get_content()
    assert parsed.get_body(("plain",))["Content-Transfer-Encoding"] == "8bit"  # æøå in the text


def test_an_address_django_refuses_is_refused(settings):
    with pytest.raises(ValueError, match="Invalid address"):
        recipient_address("mallory@example.no\r\nBcc: spam@evil.example")
    assert recipient_address("kari@example.no") == ("kari@example.no", "kari@example.no")
    idn = "kari@" + "blåbær.no".encode("idna").decode()
    assert recipient_address("kari@blåbær.no") == (idn, idn)


def test_a_subject_with_a_line_break_fails_the_mail_not_the_worker(newsletter_issue, subscriber_factory, smtp_server):
    audience(subscriber_factory, 2)
    send = started_send(newsletter_issue)
    Send.objects.filter(pk=send.pk).update(
        rendered={lang: {**data, "subject": "Hei\r\nBcc: spam@evil.example"} for lang, data in send.rendered.items()}
    )

    report = DeliveryWorker(send.pk, now=Clock()).run()

    assert (report.failed, report.stopped_because) == (2, "done")
    assert smtp_server.messages == []
    errors = Delivery.objects.filter(send=send).values_list("last_error", flat=True)
    assert all(
        error.startswith("Ugyldig adresse eller overskrift: Header values can't contain newlines") for error in errors
    )


# --- Other backends: Django's email API ---------------------------------------------------------


def test_an_esp_backend_gets_django_messages_over_one_connection(newsletter_issue, subscriber_factory, settings):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    addresses = audience(subscriber_factory, 7)
    send = started_send(newsletter_issue)
    django_mail.outbox = []

    report = DeliveryWorker(send.pk, now=Clock(), batch_size=3).run()

    assert (report.sent, report.stopped_because) == (7, "done")
    assert sorted(m.to[0] for m in django_mail.outbox) == addresses
    rows = {row.email: row for row in Delivery.objects.filter(send=send)}
    assert {row.status for row in rows.values()} == {Delivery.Status.SENT}
    # The ESP echoes the metadata in its tracking events: a bounce finds its delivery by it.
    assert all(m.metadata == {"message_id": rows[m.to[0]].message_id} for m in django_mail.outbox)
    assert all(m.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in django_mail.outbox)
