"""Registering through the public form: seats, the waiting list, questions, consent and neutral answers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conference.models import Answer, Question, Registration, RegistrationConsentText
from core.mail.headers import from_header
from tests.mail_checks import external_hosts

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
MANAGE_LINK = re.compile(r"https?://[^/\s]+(/konferanse-pamelding/p/([A-Za-z0-9_-]+)/)")


def url(conference) -> str:
    return f"/konferanse-pamelding/{conference.pk}/"


@pytest.fixture
def questions(conference):
    diet = Question.objects.create(
        conference=conference,
        label="Kosthold",
        kind=Question.Kind.SHORT,
        sensitive=True,
        help_text="Allergier og matbehov",
        sort_order=0,
    )
    workshop = Question.objects.create(
        conference=conference,
        label="Parallellsesjon",
        kind=Question.Kind.SINGLE,
        choices="Rekruttering\nLegevakt",
        required=True,
        sort_order=1,
    )
    topics = Question.objects.create(
        conference=conference, label="Tema", kind=Question.Kind.MULTIPLE, choices="A\nB\nC", sort_order=2
    )
    dinner = Question.objects.create(
        conference=conference, label="Middag", kind=Question.Kind.YES_NO, required=True, sort_order=3
    )
    note = Question.objects.create(conference=conference, label="Annet", kind=Question.Kind.LONG, sort_order=4)
    return {"diet": diet, "workshop": workshop, "topics": topics, "dinner": dinner, "note": note}


def answers_data(questions) -> dict:
    q = questions
    return {
        f"sporsmal_{q['diet'].pk}": "Glutenfri",
        f"sporsmal_{q['workshop'].pk}": "Legevakt",
        f"sporsmal_{q['topics'].pk}": ["A", "C"],
        f"sporsmal_{q['dinner'].pk}": "ja",
        f"sporsmal_{q['note'].pk}": "Kommer med tog.\nGår tidlig.",
    }


def test_the_form_shows_seats_questions_and_consent(visitor, conference, in_person, digital, questions):
    response = visitor.get(url(conference))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kosthold" in content and "Parallellsesjon" in content
    assert content.count('type="radio" name="ticket_type"') == 2
    assert "2" in content  # two seats left in the hall
    assert RegistrationConsentText.current().text[:40] in content
    assert 'name="nettside"' in content and 'name="skjema_vist"' in content
    assert "<legend" in content and 'autocomplete="email"' in content
    # The sensitive question is marked as health data, next to the field.
    diet_at = content.index("Kosthold")
    assert "slettes etter konferansen" in content[diet_at : diet_at + 800].lower() or (
        "deleted after the conference" in content[diet_at : diet_at + 800]
    )


def test_register_gets_a_seat_and_a_confirmation(visitor, conference, in_person, questions, registration_data, mailbox):
    data = registration_data(in_person) | answers_data(questions)
    response = visitor.post(url(conference), data)
    assert response.status_code == 302 and response["Location"] == f"{url(conference)}takk/"
    assert visitor.get(response["Location"]).status_code == 200

    registration = Registration.objects.get(email="kari.lege@example.no")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.consent_text.version == 1
    assert (registration.organisation, registration.role, registration.language) == (
        "Legesenteret i Bodø",
        "fastlege",
        "nb",
    )
    answers = {a.question_label: a for a in registration.answers.all()}
    assert answers["Kosthold"].value == "Glutenfri" and answers["Kosthold"].sensitive
    assert answers["Parallellsesjon"].value == "Legevakt"
    assert answers["Tema"].value == ["A", "C"]
    assert answers["Middag"].value is True
    assert answers["Annet"].value == "Kommer med tog.\nGår tidlig."

    (mail,) = mailbox.to("kari.lege@example.no")
    assert mail["From"] == from_header()
    assert conference.title in mail["Subject"]
    assert mailbox.manage_path("kari.lege@example.no") in mailbox.html(mail)
    assert '<html lang="nb"' in mailbox.html(mail)
    assert external_hosts(mailbox.html(mail)) <= {"localhost", "testserver"}
    assert "Oslo Kongressenter" in mailbox.text(mail)
    assert conference.stream_url not in mailbox.text(mail)  # the hall's ticket never carries the stream
    assert mailbox.attachment(mail, "text/calendar") is not None
    qr = mailbox.attachment(mail, "image/png")
    assert qr is not None and qr["Content-ID"] == "<innsjekking@allmenn>"
    assert 'src="cid:innsjekking@allmenn"' in mailbox.html(mail)
    assert registration.check_in.token_hash  # only the hash of the QR code's token is stored


def test_the_qr_code_carries_the_check_in_link(visitor, conference, in_person, registration_data, mailbox, monkeypatch):
    from conference import notices
    from conference.tokens import find_check_in, hash_token

    encoded = []
    real = notices.qr_code_png
    monkeypatch.setattr(notices, "qr_code_png", lambda url: encoded.append(url) or real(url))
    visitor.post(url(conference), registration_data(in_person))
    (check_in_url,) = encoded
    match = re.fullmatch(r"https?://[^/]+/konferanse-innsjekk/([A-Za-z0-9_-]{43})/", check_in_url)
    assert match, check_in_url
    registration = Registration.objects.get()
    assert registration.check_in.token_hash == hash_token(match.group(1))
    assert find_check_in(match.group(1)) == registration
    png = mailbox.attachment(mailbox.last("kari.lege@example.no"), "image/png").get_content()
    assert png.startswith(b"\x89PNG")


def test_a_digital_ticket_gets_the_stream_link_and_no_qr_code(visitor, conference, digital, registration_data, mailbox):
    visitor.post(url(conference), registration_data(digital))
    mail = mailbox.last("kari.lege@example.no")
    assert conference.stream_url in mailbox.text(mail)
    assert mailbox.attachment(mail, "image/png") is None


def test_full_ticket_type_puts_the_registrant_on_the_waiting_list(
    visitor, conference, in_person, registration_factory, registration_data, mailbox
):
    registration_factory.create_batch(2, ticket_type=in_person)
    page = visitor.get(url(conference)).content.decode()
    assert "waiting list" in page.lower() or "venteliste" in page.lower()
    response = visitor.post(url(conference), registration_data(in_person))
    assert response.status_code == 302
    registration = Registration.objects.get(email="kari.lege@example.no")
    assert registration.status == Registration.Status.WAITING
    mail = mailbox.last("kari.lege@example.no")
    assert mailbox.attachment(mail, "text/calendar") is None
    assert mailbox.manage_path("kari.lege@example.no")


def test_required_questions_and_errors_are_summarised(visitor, conference, in_person, questions, registration_data):
    response = visitor.post(url(conference), registration_data(in_person, name="", email="ikke-en-adresse"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="ds-error-summary' in content
    assert f'href="#id_sporsmal_{questions["workshop"].pk}_0"' in content
    assert 'href="#id_email"' in content and 'aria-invalid="true"' in content
    assert not Registration.objects.exists()


@pytest.mark.parametrize("field", ["name", "email", "organisation"])
def test_line_breaks_are_refused_in_fields_that_reach_a_mail(visitor, conference, in_person, registration_data, field):
    value = {"name": "Kari\r\nBcc: x@example.com", "email": "kari@example.no\nBcc: x@example.com"}.get(
        field, "Senteret\r\nX-Header: 1"
    )
    response = visitor.post(url(conference), registration_data(in_person, **{field: value}))
    assert response.status_code == 200
    assert f'href="#id_{field}"' in response.content.decode()
    assert not Registration.objects.exists()


def test_short_answers_refuse_line_breaks(visitor, conference, in_person, questions, registration_data):
    data = registration_data(in_person) | answers_data(questions)
    data[f"sporsmal_{questions['diet'].pk}"] = "Glutenfri\r\nBcc: x@example.com"
    assert visitor.post(url(conference), data).status_code == 200
    assert not Registration.objects.exists()


def test_the_consent_shown_is_the_one_stored(visitor, conference, in_person, registration_data):
    RegistrationConsentText.objects.create(version=2, text="Ny tekst", text_nn="Ny tekst nn")
    assert "Ny tekst" in visitor.get(url(conference)).content.decode()
    visitor.post(url(conference), registration_data(in_person, consent_version="1"))
    assert Registration.objects.get().consent_text.version == 1  # the page the person saw said version 1
    visitor.post(url(conference), registration_data(in_person, email="b@example.no", consent_version="999"))
    assert Registration.objects.get(email="b@example.no").consent_text.version == 2


def test_nynorsk_form_gives_a_nynorsk_registration(visitor, conference, in_person, registration_data, mailbox):
    response = visitor.post(url(conference), registration_data(in_person, lang="nn"))
    assert response["Location"].endswith("?lang=nn")
    assert Registration.objects.get().language == "nn"
    assert '<html lang="nn"' in mailbox.html(mailbox.last("kari.lege@example.no"))


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [(1, 5, "har ikke åpnet"), (-5, -1, "er stengt"), (-5, 5, None)],
)
def test_closed_or_not_yet_open_shows_a_page_without_a_form(
    visitor, conference, in_person, registration_data, opens, closes, expected
):
    now = timezone.now()
    conference.registration_opens_at = now + timedelta(days=opens)
    conference.registration_closes_at = now + timedelta(days=closes)
    conference.save()
    response = visitor.get(url(conference))
    if expected is None:
        assert b'name="ticket_type"' in response.content
        return
    assert response.status_code == 200
    assert b"<form" not in response.content.split(b"<main", 1)[1]
    assert expected in response.content.decode()
    posted = visitor.post(url(conference), registration_data(in_person))
    assert posted.status_code == 200 and not Registration.objects.exists()


def test_unpublished_or_unknown_conference_is_404(visitor, conference, in_person):
    assert visitor.get("/konferanse-pamelding/999999/").status_code == 404
    conference.unpublish()
    assert visitor.get(url(conference)).status_code == 404


@pytest.mark.parametrize("path", ["/konferanse-pamelding/{}/", "/konferanse-pamelding/{}/takk/"])
def test_an_id_no_database_can_hold_is_404(visitor, conference, in_person, registration_data, path):
    huge = path.format(10**20)
    assert visitor.get(huge).status_code == 404
    if not huge.endswith("/takk/"):
        assert visitor.post(huge, registration_data(in_person)).status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.parametrize("restricted", ["the section", "the page"])
def test_a_conference_in_a_private_section_takes_no_registration(
    visitor, conference, conference_index, in_person, registration_data, restricted
):
    from wagtail.models import PageViewRestriction

    # The negative control: open, the same post registers.
    assert visitor.post(url(conference), registration_data(in_person, email="first@example.no")).status_code == 302
    page = conference_index if restricted == "the section" else conference
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig")

    assert visitor.get(url(conference)).status_code == 404
    assert visitor.post(url(conference), registration_data(in_person)).status_code == 404
    assert list(Registration.objects.values_list("email", flat=True)) == ["first@example.no"]


# --- Neutral answers ---------------------------------------------------------------------------


def test_a_second_registration_is_answered_exactly_like_the_first(
    visitor, conference, in_person, digital, registration_data, mailbox
):
    first = visitor.post(url(conference), registration_data(in_person))
    first_page = visitor.get(first["Location"])
    again = visitor.post(url(conference), registration_data(digital, name="Someone Else"))
    again_page = visitor.get(again["Location"])
    fresh = visitor.post(url(conference), registration_data(in_person, email="ny@example.no"))
    fresh_page = visitor.get(fresh["Location"])

    assert (first.status_code, first["Location"]) == (again.status_code, again["Location"])
    assert (first.status_code, first["Location"]) == (fresh.status_code, fresh["Location"])
    assert first.content == again.content == fresh.content
    assert CSRF.sub(b"", first_page.content) == CSRF.sub(b"", again_page.content) == CSRF.sub(b"", fresh_page.content)

    registration = Registration.objects.get(email="kari.lege@example.no")
    assert (registration.name, registration.ticket_type_id) == ("Kari Lege", in_person.pk)  # nothing changed
    assert Registration.objects.filter(email_hash=registration.email_hash).count() == 1
    confirmation, reminder = mailbox.to("kari.lege@example.no")
    assert (
        "Someone, probably you" in mailbox.text(reminder)
        or "truleg deg" in mailbox.text(reminder).lower()
        or ("sannsynligvis du" in mailbox.text(reminder).lower())
    )
    assert mailbox.attachment(reminder, "text/calendar") is None
    links = {MANAGE_LINK.search(mailbox.text(mail)).group(1) for mail in (confirmation, reminder)}
    assert len(links) == 2  # a fresh link in every mail


def test_duplicate_with_different_case_is_still_neutral(visitor, conference, in_person, registration_data, mailbox):
    visitor.post(url(conference), registration_data(in_person))
    visitor.post(url(conference), registration_data(in_person, email="Kari.Lege@Example.NO"))
    assert Registration.objects.count() == 1
    assert len(mailbox.to("kari.lege@example.no")) == 2


def test_registering_again_after_cancelling_is_allowed(visitor, conference, in_person, registration_data, mailbox):
    from conference import registrations

    visitor.post(url(conference), registration_data(in_person))
    registrations.cancel(Registration.objects.get())
    visitor.post(url(conference), registration_data(in_person))
    assert sorted(Registration.objects.values_list("status", flat=True)) == ["cancelled", "confirmed"]


def test_answers_are_stored_as_sensitive_only_for_sensitive_questions(
    visitor, conference, in_person, questions, registration_data
):
    visitor.post(url(conference), registration_data(in_person) | answers_data(questions))
    assert list(Answer.objects.filter(sensitive=True).values_list("question_label", flat=True)) == ["Kosthold"]


# --- Every public string has bokmål and nynorsk -------------------------------------------------


def test_every_public_string_has_bokmal_and_nynorsk():
    import ast
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    public = {"register", "closed", "thanks", "manage", "cancel", "offer", "resend_link", "resend_link_done"}
    public |= {"invalid_link", "rate_limited", "profile_fields", "ticket_options", "status", "base"}
    tag = re.compile(
        r'{%\s*(?:translate|trans)\s+"([^"]+)"|{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate', re.S
    )
    found = set()
    for path in (root / "templates" / "conference").rglob("*"):
        if path.stem in public and path.suffix in (".html", ".mjml", ".txt") and "admin" not in path.parts:
            for simple, block in tag.findall(path.read_text(encoding="utf-8")):
                found.add(simple or re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block))
    for name in ("forms.py", "views.py", "notices.py", "seats.py"):
        for node in ast.walk(ast.parse((root / "site" / "conference" / name).read_text(encoding="utf-8"))):
            is_gettext = isinstance(node, ast.Call) and getattr(node.func, "id", None) in {
                "_",
                "gettext",
                "gettext_lazy",
            }
            if is_gettext and node.args and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    spec = importlib.util.spec_from_file_location("site_translations", root / "site" / "locale" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert len(found) > 80
    missing = sorted(text for text in found if not all(module.STRINGS.get(text, ("", ""))))
    assert missing == []
