"""Bounces, complaints and unsubscribe mails from a mailbox: parsing, applying, and process_bounces.

The reports are built with the email package the way Postfix, Exchange and the big
mailbox providers write them: multipart/report with a human part, the machine-readable
part and the returned message or its headers.
"""

from __future__ import annotations

import base64
import mailbox
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage, Message
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from newsletter import feedback as feedback_module
from newsletter.bounces import MAX_MESSAGE_BYTES, parse_file, parse_message
from newsletter.feedback import apply_feedback
from newsletter.models import AccessToken, Delivery, Send, Status, Subscriber, Suppression
from newsletter.tokens import issue_token

OUR_ID = "<20261123.flo.42@allmenn.test>"

# Mail builders


def original_mail(to: str = "kari.lege@example.no", message_id: str = OUR_ID) -> EmailMessage:
    """The newsletter as it left us, as a DSN or a complaint returns it."""
    mail = EmailMessage()
    mail["From"] = "Allmennlegeprogrammet <post@allmenn.test>"
    mail["To"] = to
    mail["Subject"] = "Fastlegenytt november 2026"
    mail["Message-ID"] = message_id
    mail["List-Unsubscribe"] = "<https://allmenn.test/nyhetsbrev/avmeld/abc/>"
    mail.set_content("Ferske tall fra fastlegeordningen.")
    return mail


def fields(**values: str) -> Message:
    """One header block of a message/delivery-status or message/feedback-report part."""
    block = Message()
    for name, value in values.items():
        block[name.replace("_", "-")] = value
    return block


def recipient_block(
    address: str, action: str = "failed", status: str = "5.1.1", diagnostic: str = "", original: str = ""
):
    values = {"Final_Recipient": f"rfc822; {address}", "Action": action, "Status": status}
    if original:
        values["Original_Recipient"] = f"rfc822;{original}"
    if diagnostic:
        values["Diagnostic_Code"] = diagnostic
    return fields(**values)


def report(report_type: str, human, machine: Message, returned: Message | None, *, date=None, subject: str = ""):
    mail = MIMEMultipart("report", report_type=report_type)
    mail["From"] = "Mail Delivery System <MAILER-DAEMON@mx.example.no>"
    mail["To"] = "bounces@allmenn.test"
    mail["Subject"] = subject or "Undelivered Mail Returned to Sender"
    mail["Date"] = format_datetime(date or timezone.now())
    mail["Auto-Submitted"] = "auto-replied"
    mail.attach(human)
    mail.attach(machine)
    if returned is not None:
        mail.attach(returned)
    return mail.as_bytes()


def status_part(*recipients: Message) -> Message:
    part = Message()
    part["Content-Type"] = "message/delivery-status"
    part.set_payload([fields(Reporting_MTA="dns; mx.example.no", Arrival_Date="Mon, 23 Nov 2026 10:00:00 +0100")])
    part.get_payload().extend(recipients)
    return part


def postfix_dsn(*recipients: Message, message_id: str = OUR_ID, date=None) -> bytes:
    """Postfix: text/plain, message/delivery-status, and the whole message as message/rfc822."""
    human = MIMEText("This is the mail system at host mx.example.no.\n\nI'm sorry to have to inform you ...")
    return report(
        "delivery-status", human, status_part(*recipients), MIMEMessage(original_mail(message_id=message_id)), date=date
    )


def exchange_ndr(address: str, *, message_id: str = OUR_ID) -> bytes:
    """Exchange: a multipart/alternative human part, rfc822; without a space, and only the headers returned."""
    human = MIMEMultipart("alternative")
    human.attach(MIMEText("Leveringen til disse mottakerne mislyktes:", "plain", "utf-8"))
    human.attach(MIMEText("<p>Leveringen til disse mottakerne mislyktes:</p>", "html", "utf-8"))
    block = fields(
        Original_Recipient=f"rfc822;{address}",
        Final_Recipient=f"rfc822;{address}",
        Action="failed",
        Status="5.1.10",
        Diagnostic_Code="smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
        X_Display_Name="Kari Lege",
    )
    headers = original_mail(to=address, message_id=message_id)
    header_text = "".join(f"{name}: {value}\n" for name, value in headers.items())
    returned = MIMEText(header_text, "rfc822-headers")
    mail = report("delivery-status", human, status_part(block), returned, subject="Ikke levert: Fastlegenytt")
    return mail


def arf_complaint(
    *,
    rcpt_to: str | None = "kari.lege@example.no",
    feedback_type: str = "abuse",
    to: str = "",
    message_id: str = OUR_ID,
) -> bytes:
    human = MIMEText("This is an email abuse report for an email message received from IP 192.0.2.1")
    values = {"Feedback_Type": feedback_type, "User_Agent": "Yahoo!-Mail-Feedback/2.0", "Version": "1"}
    if rcpt_to:
        values["Original_Rcpt_To"] = rcpt_to
    machine = Message()
    machine["Content-Type"] = "message/feedback-report"
    machine.set_payload([fields(**values)])
    returned = MIMEMessage(original_mail(to=to or "redacted@example.no", message_id=message_id))
    return report("feedback-report", human, machine, returned, subject="Abuse report")


def unsubscribe_mail(token: str, *, date=None) -> bytes:
    mail = EmailMessage()
    mail["From"] = "kari.lege@example.no"
    mail["To"] = "avmelding@allmenn.test"
    mail["Subject"] = f"unsubscribe {token}"
    mail["Date"] = format_datetime(date or timezone.now())
    mail.set_content("This message was automatically generated by Gmail.")
    return mail.as_bytes()


def auto_reply() -> bytes:
    mail = EmailMessage()
    mail["From"] = "kari.lege@example.no"
    mail["To"] = "bounces@allmenn.test"
    mail["Subject"] = "Automatisk svar: Fastlegenytt november 2026"
    mail["Auto-Submitted"] = "auto-replied"
    mail.set_content("Jeg er på ferie til 1. desember.")
    return mail.as_bytes()


# Fixtures


@pytest.fixture
def flo_send(flo_topic):
    return Send.objects.create(issue=None, issue_title="Test", topic=flo_topic, status="done")


@pytest.fixture
def sent_delivery(flo_send, confirmed_subscriber):
    return Delivery.objects.create(
        send=flo_send,
        subscriber=confirmed_subscriber,
        email=confirmed_subscriber.email,
        status="sent",
        sent_at=timezone.now(),
        message_id=OUR_ID,
    )


def changed_nothing(outcome: feedback_module.Outcome) -> bool:
    """Applying the feedback touched no subscriber, delivery or suppression."""
    return outcome.subscribers_changed == outcome.deliveries_failed == outcome.addresses_suppressed == 0


def refreshed(obj):
    obj.refresh_from_db()
    return obj


# Parsing


def test_postfix_dsn_is_a_permanent_bounce_with_our_message_id():
    raw = postfix_dsn(
        recipient_block("kari.lege@example.no", diagnostic="smtp; 550 5.1.1 <kari.lege@example.no>: User unknown")
    )

    result = parse_message(raw)

    assert result.kind == "bounce"
    assert result.message_ids == (OUR_ID,)
    [recipient] = result.recipients
    assert recipient.address == "kari.lege@example.no"
    assert (recipient.action, recipient.status) == ("failed", "5.1.1")
    assert "User unknown" in recipient.diagnostic
    assert recipient.is_permanent_failure
    assert result.date is not None


def test_exchange_ndr_without_space_and_with_headers_only():
    result = parse_message(exchange_ndr("Kari.Lege@Example.no"))

    assert result.kind == "bounce"
    [recipient] = result.recipients
    assert recipient.address == recipient.original_address == "Kari.Lege@Example.no"
    assert recipient.status == "5.1.10"
    assert result.message_ids == (OUR_ID,)


def test_only_permanent_failures_count_among_several_recipients():
    raw = postfix_dsn(
        recipient_block("a@example.no", "failed", "5.2.1"),
        recipient_block("b@example.no", "delayed", "4.4.1"),
        recipient_block("c@example.no", "delivered", "2.0.0"),
        recipient_block("d@example.no", "failed", "4.4.7"),
    )

    result = parse_message(raw)

    assert result.kind == "bounce"
    assert [r.address for r in result.recipients] == ["a@example.no", "b@example.no", "c@example.no", "d@example.no"]
    assert [r.address for r in result.permanent_failures] == ["a@example.no"]


@pytest.mark.parametrize(
    ("action", "status"),
    [("delayed", "4.4.1"), ("failed", "4.4.7"), ("delivered", "2.0.0"), ("relayed", "2.0.0")],
)
def test_transient_or_successful_reports_are_ignored(action, status):
    result = parse_message(postfix_dsn(recipient_block("kari.lege@example.no", action, status)))

    assert result.kind == "ignored"
    assert result.recipients[0].status == status
    assert "ingen permanent feil" in result.reason


def test_status_comes_from_the_diagnostic_code_when_the_status_field_is_missing():
    block = fields(Final_Recipient="rfc822; kari@example.no", Action="failed", Diagnostic_Code="smtp; 550 No such user")

    result = parse_message(postfix_dsn(block))

    assert result.kind == "bounce"
    assert result.recipients[0].status == "5"


def test_base64_encoded_delivery_status_part_is_decoded():
    status_text = "Reporting-MTA: dns; notes.example.no\n\nFinal-Recipient: rfc822; kari@example.no\nAction: failed\nStatus: 5.1.1\n"
    encoded = base64.encodebytes(status_text.encode()).decode()
    raw = (
        "From: postmaster@example.no\nTo: bounces@allmenn.test\nSubject: Delivery failure\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
        "--b1\nContent-Type: text/plain\n\nFailed.\n"
        f"--b1\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n{encoded}"
        f"--b1\nContent-Type: text/rfc822-headers\n\nMessage-ID: {OUR_ID}\nSubject: x\n\n--b1--\n"
    ).encode()

    result = parse_message(raw)

    assert result.kind == "bounce"
    assert result.recipients[0].address == "kari@example.no"
    assert result.message_ids == (OUR_ID,)


def test_a_report_wrapped_by_a_footer_adding_relay_is_found():
    inner = MIMEMultipart("report", report_type="delivery-status")
    inner.attach(MIMEText("Delivery failed"))
    inner.attach(status_part(recipient_block("kari@example.no")))
    outer = MIMEMultipart("mixed")
    outer["Subject"] = "Undelivered"
    outer.attach(inner)
    outer.attach(MIMEText("-- Skannet for virus av Eksempel IT"))

    assert parse_message(outer.as_bytes()).kind == "bounce"


def test_arf_abuse_report_is_a_complaint():
    result = parse_message(arf_complaint())

    assert result.kind == "complaint"
    assert [r.address for r in result.recipients] == ["kari.lege@example.no"]
    assert result.message_ids == (OUR_ID,)


def test_arf_without_original_rcpt_to_takes_the_returned_messages_to():
    result = parse_message(arf_complaint(rcpt_to=None, to="Kari Lege <kari.lege@example.no>"))

    assert result.kind == "complaint"
    assert [r.address for r in result.recipients] == ["kari.lege@example.no"]


@pytest.mark.parametrize("feedback_type", ["not-spam", "auth-failure", "virus"])
def test_arf_reports_other_than_abuse_are_ignored(feedback_type):
    result = parse_message(arf_complaint(feedback_type=feedback_type))

    assert result.kind == "ignored"
    assert feedback_type in result.reason


def test_unsubscribe_mail_yields_the_token_but_never_shows_it():
    token = "x" * 43

    result = parse_message(unsubscribe_mail(token))

    assert result.kind == "unsubscribe"
    assert result.token == token
    assert token not in result.describe()


def _huge_attachment() -> bytes:
    mail = EmailMessage()
    mail["Subject"] = "Referat med vedlegg"
    mail.set_content("Se vedlegg.")
    mail.add_attachment(b"\0" * (8 * 1024 * 1024), maintype="application", subtype="octet-stream", filename="x.bin")
    return mail.as_bytes()


def _read_receipt() -> bytes:
    receipt = MIMEMultipart("report", report_type="disposition-notification")
    receipt.attach(MIMEText("Lest"))
    return receipt.as_bytes()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(auto_reply, "automatisk svar", id="out-of-office"),
        pytest.param(lambda: b"hei\nhvordan melder jeg meg av?\n", "", id="non-mime"),
        pytest.param(lambda: b"", "ingen e-posthoder", id="empty"),
        pytest.param(lambda: bytes(range(256)) * 40, "", id="binary-garbage"),
        pytest.param(
            lambda: (
                b"Subject: =?utf-8?b?!!!?=\nContent-Type: text/plain; charset=x-unknown\n"
                b"Content-Transfer-Encoding: base64\n\n%%%not base64\xff\xfe\n"
            ),
            "ikke en leveringsrapport",
            id="broken-encodings",
        ),
        pytest.param(_huge_attachment, "for stor", id="attachment-over-10mb"),
        pytest.param(_read_receipt, "disposition-notification", id="read-receipt"),
        pytest.param(
            lambda: b"Subject: unsubscribe\n\nplease", "uten gyldig lenkekode", id="unsubscribe-without-token"
        ),
    ],
)
def test_anything_else_is_ignored_with_a_reason(raw, reason):
    result = parse_message(raw())

    assert result.kind == "ignored"
    assert reason in result.reason
    assert result.reason


def test_a_report_without_its_machine_readable_part_is_unreadable():
    mail = MIMEMultipart("report", report_type="delivery-status")
    mail.attach(MIMEText("Your message could not be delivered"))

    assert parse_message(mail.as_bytes()).kind == "unreadable"


def test_an_oversized_file_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "big.eml"
    path.write_bytes(b"x" * (MAX_MESSAGE_BYTES + 1))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read an oversized file"))

    assert parse_file(path).kind == "ignored"


# Applying


def test_permanent_bounce_marks_subscriber_suppresses_and_fails_the_accepted_delivery(sent_delivery):
    subscriber = sent_delivery.subscriber
    raw = postfix_dsn(recipient_block("KARI.LEGE@example.no", diagnostic="smtp; 550 5.1.1 User unknown"))

    outcome = apply_feedback(parse_message(raw))

    assert refreshed(subscriber).status == Status.BOUNCED
    assert Suppression.objects.get(email_hash=subscriber.email_hash).reason == Suppression.Reason.BOUNCED
    assert not subscriber.consents.filter(withdrawn_at__isnull=True).exists()
    delivery = refreshed(sent_delivery)
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.sent_at is not None  # the record that our relay accepted it stays
    assert "5.1.1" in delivery.last_error
    assert (outcome.subscribers_changed, outcome.deliveries_failed) == (1, 1)


def test_applying_the_same_bounce_twice_changes_nothing_the_second_time(sent_delivery):
    feedback = parse_message(postfix_dsn(recipient_block("kari.lege@example.no")))
    apply_feedback(feedback)
    before = refreshed(sent_delivery.subscriber).status_changed_at
    error = refreshed(sent_delivery).last_error

    outcome = apply_feedback(feedback)

    assert changed_nothing(outcome)
    assert refreshed(sent_delivery.subscriber).status_changed_at == before
    assert refreshed(sent_delivery).last_error == error
    assert Suppression.objects.count() == 1


def test_message_id_finds_the_subscriber_when_the_address_was_rewritten(sent_delivery):
    raw = exchange_ndr("kari@ny-arbeidsgiver.example.no")

    apply_feedback(parse_message(raw))

    assert refreshed(sent_delivery.subscriber).status == Status.BOUNCED
    assert refreshed(sent_delivery).status == Delivery.Status.FAILED
    assert not Suppression.contains("kari@ny-arbeidsgiver.example.no")


def test_message_id_without_brackets_in_the_database_still_matches(sent_delivery):
    Delivery.objects.filter(pk=sent_delivery.pk).update(message_id=OUR_ID.strip("<>"))

    apply_feedback(parse_message(exchange_ndr("kari@rewritten.example.no")))

    assert refreshed(sent_delivery.subscriber).status == Status.BOUNCED


def test_address_without_a_subscriber_is_still_suppressed(db):
    apply_feedback(parse_message(postfix_dsn(recipient_block("slettet@example.no"), message_id="<other@x>")))

    assert Suppression.objects.get().reason == Suppression.Reason.BOUNCED
    assert Suppression.contains("Slettet@Example.no")


def test_bounce_for_an_erased_subscribers_delivery_suppresses_the_address(sent_delivery):
    subscriber = sent_delivery.subscriber
    Suppression.objects.all().delete()
    Delivery.anonymise_for(subscriber)
    subscriber.delete()

    apply_feedback(parse_message(postfix_dsn(recipient_block("kari.lege@example.no"))))

    assert Suppression.contains("kari.lege@example.no")


def test_transient_failure_changes_nothing(sent_delivery):
    feedback = parse_message(postfix_dsn(recipient_block("kari.lege@example.no", "delayed", "4.2.2")))

    outcome = apply_feedback(feedback)

    assert changed_nothing(outcome)
    assert refreshed(sent_delivery.subscriber).status == Status.CONFIRMED
    assert refreshed(sent_delivery).status == Delivery.Status.SENT
    assert not Suppression.objects.exists()


def test_bounce_does_not_touch_other_subscribers(sent_delivery, subscriber_factory):
    other = subscriber_factory(email="per@example.no")

    apply_feedback(parse_message(postfix_dsn(recipient_block("kari.lege@example.no"))))

    assert refreshed(other).status == Status.CONFIRMED
    assert not other.is_suppressed


def test_complaint_marks_subscriber_and_suppresses(confirmed_subscriber):
    apply_feedback(parse_message(arf_complaint()))

    assert refreshed(confirmed_subscriber).status == Status.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINED


def test_complaint_is_recorded_even_after_an_unsubscribe(sent_delivery):
    subscriber = sent_delivery.subscriber
    subscriber.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.UNSUBSCRIBED)

    apply_feedback(parse_message(arf_complaint()))

    assert refreshed(subscriber).status == Status.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.UNSUBSCRIBED  # the first reason stays


def test_unsubscribe_mail_unsubscribes_the_tokens_subscriber_once(confirmed_subscriber):
    token = issue_token(confirmed_subscriber, AccessToken.Purpose.MANAGE)
    feedback = parse_message(unsubscribe_mail(token))

    first = apply_feedback(feedback)
    changed_at = refreshed(confirmed_subscriber).status_changed_at
    second = apply_feedback(feedback)

    assert confirmed_subscriber.status == Status.UNSUBSCRIBED
    assert Suppression.objects.get().reason == Suppression.Reason.UNSUBSCRIBED
    assert first.subscribers_changed == 1
    assert changed_nothing(second)
    assert refreshed(confirmed_subscriber).status_changed_at == changed_at


def test_unsubscribe_mail_with_an_unknown_or_confirm_token_changes_nothing(confirmed_subscriber):
    confirm_token = issue_token(confirmed_subscriber, AccessToken.Purpose.CONFIRM)

    for token in ("y" * 43, confirm_token):
        assert changed_nothing(apply_feedback(parse_message(unsubscribe_mail(token))))

    assert refreshed(confirmed_subscriber).status == Status.CONFIRMED


def test_an_old_report_read_again_after_resubscribing_is_stale(confirmed_subscriber):
    two_days_ago = timezone.now() - timedelta(days=2)
    token = issue_token(confirmed_subscriber, AccessToken.Purpose.MANAGE)

    apply_feedback(parse_message(postfix_dsn(recipient_block("kari.lege@example.no"), date=two_days_ago)))
    apply_feedback(parse_message(unsubscribe_mail(token, date=two_days_ago)))

    assert refreshed(confirmed_subscriber).status == Status.CONFIRMED
    assert not Suppression.objects.exists()


def test_a_bounce_for_mail_sent_before_the_current_subscription_is_stale(sent_delivery):
    subscriber = sent_delivery.subscriber
    Delivery.objects.filter(pk=sent_delivery.pk).update(sent_at=subscriber.status_changed_at - timedelta(days=30))

    apply_feedback(parse_message(postfix_dsn(recipient_block("kari.lege@example.no"))))

    assert refreshed(subscriber).status == Status.CONFIRMED
    assert refreshed(sent_delivery).status == Delivery.Status.FAILED  # that old mail did bounce


# The command


@dataclass
class Inbox:
    messages: dict[str, bytes]  # file name stem -> raw message
    people: tuple[Subscriber, ...]  # the bounced, the complaining and the leaving subscriber


@pytest.fixture
def inbox(sent_delivery, subscriber_factory) -> Inbox:
    """One of each: a bounce, a complaint, an unsubscribe, an auto-reply and an unreadable report."""
    complainer = subscriber_factory(email="klager@example.no")
    leaver = subscriber_factory(email="per@example.no")
    token = issue_token(leaver, AccessToken.Purpose.MANAGE)
    unreadable = MIMEMultipart("report", report_type="delivery-status")
    unreadable.attach(MIMEText("no status part"))
    messages = {
        "1-bounce": postfix_dsn(recipient_block("kari.lege@example.no")),
        "2-complaint": arf_complaint(rcpt_to="klager@example.no", message_id="<20261123.flo.43@allmenn.test>"),
        "3-unsubscribe": unsubscribe_mail(token),
        "4-auto-reply": auto_reply(),
        "5-unreadable": unreadable.as_bytes(),
    }
    return Inbox(messages, (sent_delivery.subscriber, complainer, leaver))


def write_files(directory: Path, inbox: Inbox) -> None:
    for name, raw in inbox.messages.items():
        (directory / f"{name}.eml").write_bytes(raw)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("process_bounces", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def statuses(people) -> list[str]:
    return [refreshed(p).status for p in people]


def state(people) -> list:
    return [(p.status, p.status_changed_at) for p in map(refreshed, people)] + [Suppression.objects.count()]


FIRST_RUN = "Bounce: 1, klager: 1, avmeldinger: 1, ignorert: 1, feilet: 1"
EXPECTED = [Status.BOUNCED, Status.COMPLAINED, Status.UNSUBSCRIBED]


def test_maildir_is_processed_once_and_nothing_is_lost(tmp_path, inbox):
    people = inbox.people
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    for raw in inbox.messages.values():
        box.add(raw)
    seen = mailbox.MaildirMessage(auto_reply())
    seen.set_subdir("cur")
    seen.set_flags("S")
    box.add(seen)

    out, err = run("--maildir", str(tmp_path / "bounces"))

    assert FIRST_RUN.replace("ignorert: 1", "ignorert: 2") in out
    assert "feilet og er beholdt" in err
    assert statuses(people) == EXPECTED
    assert len(box) == 0
    assert len(box.get_folder("processed")) == 5
    [kept] = box.get_folder("failed")
    assert kept.get_payload(0).get_payload() == "no status part"
    assert all("S" in m.get_flags() for m in box.get_folder("processed"))

    after_first = state(people)
    out, _err = run("--maildir", str(tmp_path / "bounces"))

    assert "Bounce: 0, klager: 0, avmeldinger: 0, ignorert: 0, feilet: 0" in out
    assert state(people) == after_first


def test_mbox_is_only_read_and_a_second_run_changes_nothing(tmp_path, inbox):
    people = inbox.people
    path = tmp_path / "bounces.mbox"
    box = mailbox.mbox(path)
    for raw in inbox.messages.values():
        box.add(raw)
    box.close()
    original_bytes = path.read_bytes()

    out, err = run("--mbox", str(path))
    after_first = state(people)
    _out, err_again = run("--mbox", str(path))

    assert FIRST_RUN in out
    assert statuses(people) == EXPECTED
    assert state(people) == after_first
    assert "bounces.mbox#5: feilet" in err and "bounces.mbox#5: feilet" in err_again
    assert path.read_bytes() == original_bytes


def test_directory_moves_processed_and_failed_files(tmp_path, inbox):
    people = inbox.people
    write_files(tmp_path, inbox)
    (tmp_path / "README.txt").write_text("not a message")

    out, _err = run("--dir", str(tmp_path))

    assert FIRST_RUN in out
    assert statuses(people) == EXPECTED
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == [
        "1-bounce.eml",
        "2-complaint.eml",
        "3-unsubscribe.eml",
        "4-auto-reply.eml",
    ]
    assert [p.name for p in (tmp_path / "failed").iterdir()] == ["5-unreadable.eml"]
    assert (tmp_path / "README.txt").exists()

    after_first = state(people)
    (tmp_path / "1-bounce.eml").write_bytes(inbox.messages["1-bounce"])  # the same bounce delivered again
    out, _err = run("--dir", str(tmp_path))

    assert "Bounce: 1, klager: 0" in out
    assert state(people) == after_first
    assert (tmp_path / "processed" / "1-bounce-1.eml").exists()


def test_a_message_that_fails_to_apply_is_kept_and_the_rest_go_on(tmp_path, inbox, monkeypatch):
    people = inbox.people
    write_files(tmp_path, inbox)
    real_apply = feedback_module.apply_feedback

    def flaky(feedback):
        if feedback.kind == "complaint":
            raise RuntimeError("database went away")
        return real_apply(feedback)

    monkeypatch.setattr("newsletter.management.commands.process_bounces.apply_feedback", flaky)

    out, err = run("--dir", str(tmp_path))

    assert "klager: 0" in out and "feilet: 2" in out
    assert "2-complaint.eml: feilet og er beholdt (database went away)" in err
    assert sorted(p.name for p in (tmp_path / "failed").iterdir()) == ["2-complaint.eml", "5-unreadable.eml"]
    assert statuses(people) == [Status.BOUNCED, Status.CONFIRMED, Status.UNSUBSCRIBED]


def test_dry_run_changes_and_moves_nothing(tmp_path, inbox):
    people = inbox.people
    write_files(tmp_path, inbox)

    out, _err = run("--dir", str(tmp_path), "--dry-run", "--verbosity", "2")

    assert "Prøvekjøring" in out and FIRST_RUN in out
    assert "1-bounce.eml: bounce; 1 mottaker(e); status 5.1.1" in out
    assert statuses(people) == [Status.CONFIRMED] * 3
    assert not Suppression.objects.exists()
    assert len(list(tmp_path.glob("*.eml"))) == 5
    assert not (tmp_path / "processed").exists()


def test_a_source_is_required_and_must_exist(tmp_path, db):
    with pytest.raises(CommandError, match="minst én kilde"):
        run()
    with pytest.raises(CommandError, match="ikke en Maildir"):
        run("--maildir", str(tmp_path / "missing"))
    with pytest.raises(CommandError, match="mbox"):
        run("--mbox", str(tmp_path / "missing.mbox"))


def test_subscriber_model_is_unchanged_by_ignored_mail(confirmed_subscriber, tmp_path):
    (tmp_path / "ooo.eml").write_bytes(auto_reply())

    run("--dir", str(tmp_path))

    assert Subscriber.objects.get().status == Status.CONFIRMED
