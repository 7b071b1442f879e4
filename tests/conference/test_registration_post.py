"""The registration POST as issue 20 left it: few round trips, the mail promised in the same
transaction as the seat, and a form that needs no cookie or token (core/public_forms.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conference import registrations
from conference.models import Registration
from core.mail.models import OutgoingMail

RESEND = "/konferanse-pamelding/send-lenke/"
on_postgresql = connection.vendor == "postgresql"


def url(conference) -> str:
    return f"/konferanse-pamelding/{conference.pk}/"


@pytest.fixture
def browser():
    """A browser that never fetched the form page: no cookie, Django's token check enforced."""
    return Client(enforce_csrf_checks=True, HTTP_HOST="localhost")


def test_a_browser_registers_with_its_origin_alone(browser, conference, in_person, registration_data):
    response = browser.post(url(conference), registration_data(in_person), HTTP_ORIGIN="http://localhost")
    assert response.status_code == 302
    registration = Registration.objects.get(email="kari.lege@example.no")
    assert OutgoingMail.objects.filter(kind="conference.confirmed", object_id=registration.pk).count() == 1


@pytest.mark.parametrize(
    "headers", [{"HTTP_ORIGIN": "https://angriper.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}]
)
def test_a_registration_or_link_request_from_another_site_is_refused(
    browser, conference, in_person, registration_data, headers
):
    assert browser.post(url(conference), registration_data(in_person), **headers).status_code == 403
    assert browser.post(RESEND, registration_data(in_person), **headers).status_code == 403
    assert not Registration.objects.exists() and not OutgoingMail.objects.exists()


def test_without_origin_or_token_the_registrant_confirms_on_our_page(browser, conference, in_person, registration_data):
    first = browser.post(url(conference), registration_data(in_person))
    page = first.content.decode()
    assert first.status_code == 200 and not Registration.objects.exists()
    assert "trykk på knappen igjen" in page and 'value="kari.lege@example.no"' in page
    token = browser.cookies["csrftoken"].value
    second = browser.post(url(conference), {**registration_data(in_person), "csrfmiddlewaretoken": token})
    assert second.status_code == 302 and Registration.objects.filter(email="kari.lege@example.no").exists()


def test_the_mail_is_promised_in_the_registrations_own_transaction(
    conference, in_person, registration_data, monkeypatch
):
    """If the promise of the mail cannot be written, the seat is not taken either: a
    registration that commits always has its confirmation owed."""

    def outbox_down(*args, **kwargs):
        raise RuntimeError("the outbox is unavailable")

    monkeypatch.setattr(registrations, "queue_registration_mail", outbox_down)
    request = registrations.RegistrationRequest(
        conference=conference, ticket_type_id=in_person.pk, name="Kari", email="kari@example.no", consent_text=None
    )
    with pytest.raises(RuntimeError):
        registrations.register(request)
    assert not Registration.objects.exists()


def test_a_registration_post_costs_few_queries(site_client, conference, in_person, registration_data):
    """Conference and privacy (1), the two abuse counters (2), questions, ticket types and
    consent text (3), the ledger's lock, count and insert and the outbox row (4)."""
    site_client.post(url(conference), registration_data(in_person, email="forste@example.no"))
    with CaptureQueriesContext(connection) as captured:
        response = site_client.post(url(conference), registration_data(in_person, email="andre@example.no"))
    assert response.status_code == 302
    statements = [q["sql"] for q in captured.captured_queries]
    # Here the task backend runs the mail at once; only what the POST itself does counts.
    promised = next(i for i, sql in enumerate(statements) if 'INSERT INTO "core_outgoingmail"' in sql)
    statements = statements[: promised + 1]
    savepoints = [sql for sql in statements if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    work = [sql for sql in statements if sql not in savepoints]
    assert len(work) <= 10, "\n".join(work)
    # The test runs in a transaction, so the registration's own becomes one savepoint; the
    # ledger adds none of its own.
    assert len(savepoints) <= 2, savepoints


@pytest.mark.skipif(not on_postgresql, reason="the row lock (SELECT … FOR UPDATE) exists on PostgreSQL only")
def test_the_lock_is_held_for_three_statements_and_the_commit(conference, in_person, registration_data):
    request = registrations.RegistrationRequest(
        conference=conference, ticket_type_id=in_person.pk, name="Kari", email="kari@example.no", consent_text=None
    )
    with CaptureQueriesContext(connection) as captured:
        registrations.register(request)
    statements = [q["sql"] for q in captured.captured_queries]
    locked_at = next(i for i, sql in enumerate(statements) if "FOR UPDATE" in sql)
    # The test's own transaction turns the registration's into a savepoint: its release stands
    # where the commit would.
    held = [sql for sql in statements[locked_at + 1 :] if not sql.startswith("RELEASE SAVEPOINT")]
    assert len(held) == 3, "\n".join(held)  # the count, the registration, the outbox row
    assert "COUNT" in held[0] and "conference_registration" in held[1] and "core_outgoingmail" in held[2]
