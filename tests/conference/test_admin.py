"""The organisers' admin: the menu, counts per ticket type and state, the list with filters and
search, the detail page with sensitive answers marked, manual add, cancel, move, the attendance
toggle, and the message to registrants."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from conference import tasks
from conference.admin import views as admin_views
from conference.admin.views import conference_counts, seats_left
from conference.models import Answer, Question, Registration
from core.models import Municipality

Status = Registration.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def oslo(db):
    return Municipality.objects.get(number="0301", valid_to__isnull=True)


@pytest.fixture
def viewer_client(client, db):
    """May see registrations, but not change them nor see health data."""
    user = get_user_model().objects.create_user("leser", "leser@example.test", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_registration")
    )
    client.force_login(user)
    return client


@pytest.fixture
def registrants(registration_factory, in_person, digital, oslo):
    """Two in the hall, one on its waiting list, one cancelled, one digital who has come."""
    return {
        "kari": registration_factory(
            ticket_type=in_person, name="Kari Nordmann", email="kari@example.no", municipality=oslo
        ),
        "ola": registration_factory(
            ticket_type=in_person, name="Ola Lege", email="ola@legesenteret.no", organisation="Bergen legevakt"
        ),
        "per": registration_factory(
            ticket_type=in_person, name="Per Venter", email="per@example.no", status=Status.WAITING, confirmed_at=None
        ),
        "anne": registration_factory(
            ticket_type=in_person, name="Anne Avmeldt", email="anne@example.no", status=Status.CANCELLED
        ),
        "siri": registration_factory(
            ticket_type=digital, name="Siri Strøm", email="siri@example.no", attended_at="2026-01-01T10:00Z"
        ),
    }


def listed(client, conference, **params) -> set[str]:
    response = client.get(reverse("conference_admin:registrations", args=[conference.pk]), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {name for name in ("Kari", "Ola", "Per", "Anne", "Siri") if f"{name} " in html}


# --- Menu and permissions ----------------------------------------------------------------------


def test_the_konferanse_menu_shows_paameldinger_to_editors(editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Konferanse" in html and reverse("conference_admin:conferences") in html


def test_outsiders_see_no_menu_and_no_registrations(outsider_client, conference, registrants):
    html = outsider_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("conference_admin:conferences") not in html
    for url in (
        reverse("conference_admin:conferences"),
        reverse("conference_admin:overview", args=[conference.pk]),
        reverse("conference_admin:registrations", args=[conference.pk]),
        reverse("conference_admin:registration", args=[registrants["kari"].pk]),
        reverse("conference_admin:export", args=[conference.pk, "csv"]),
    ):
        response = outsider_client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Kari" not in response.content


def test_the_conference_list_links_to_each_overview(editor_client, conference, registrants):
    response = editor_client.get(reverse("conference_admin:conferences"))
    assert response.status_code == 200
    assert reverse("conference_admin:overview", args=[conference.pk]) in response.content.decode()


# --- Counts ------------------------------------------------------------------------------------


def test_counts_per_ticket_type_and_state_in_one_aggregate_query(
    conference, in_person, digital, registrants, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the ticket types, and one aggregate over the registrations
        rows, total = conference_counts(conference)
    hall, stream = rows
    assert hall.counts == {
        "confirmed": 2,
        "offered": 0,
        "waiting": 1,
        "cancelled": 1,
        "declined": 0,
        "expired": 0,
    }
    assert (hall.attended, stream.attended, total.attended) == (0, 1, 1)
    assert stream.counts["confirmed"] == 1
    assert total.counts["confirmed"] == 3 and total.total == 5
    assert seats_left(hall, total) == 0
    assert seats_left(stream, total) is None  # no limit on the stream, nor overall


def test_the_overall_capacity_limits_seats_left(conference, in_person, digital, registrants):
    conference.overall_capacity = 4
    conference.save()
    rows, total = conference_counts(conference)
    assert total.own_seats_left == 1
    assert seats_left(rows[1], total) == 1


def test_the_overview_page_shows_the_table(editor_client, conference, registrants):
    response = editor_client.get(reverse("conference_admin:overview", args=[conference.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Påmeldinger per billettype og status" in html
    assert "På venteliste" in html and "Møtt" in html and "Ledige plasser" in html


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_every_registration_of_the_conference(editor_client, conference, registrants):
    assert listed(editor_client, conference) == {"Kari", "Ola", "Per", "Anne", "Siri"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "waiting"}, {"Per"}),
        ({"attended": "ja"}, {"Siri"}),
        ({"attended": "nei"}, {"Kari", "Ola", "Per", "Anne"}),
        ({"q": "legevakt"}, {"Ola"}),  # organisation
        ({"q": "KARI@EXAMPLE"}, {"Kari"}),  # email, any case
        ({"q": "strøm"}, {"Siri"}),  # name
    ],
)
def test_filters_and_search(editor_client, conference, registrants, params, expected):
    assert listed(editor_client, conference, **params) == expected


def test_filter_by_ticket_type_and_municipality(editor_client, conference, registrants, digital, oslo):
    assert listed(editor_client, conference, ticket_type=digital.pk) == {"Siri"}
    assert listed(editor_client, conference, municipality=oslo.pk) == {"Kari"}


# --- Detail ------------------------------------------------------------------------------------


@pytest.fixture
def answered(conference, registrants):
    kari = registrants["kari"]
    diet = Question.objects.create(conference=conference, label="Kosthold", sensitive=True, sort_order=1)
    topic = Question.objects.create(conference=conference, label="Hva vil du høre om?", sort_order=0)
    Answer.objects.create(
        registration=kari, question=diet, question_label=diet.label, sensitive=True, value="Glutenfri"
    )
    Answer.objects.create(registration=kari, question=topic, question_label=topic.label, value="Legevakt")
    return kari


def test_the_detail_page_shows_answers_and_marks_the_sensitive_ones(editor_client, editor, answered):
    editor.user_permissions.add(Permission.objects.get(codename="view_sensitive_answers"))
    html = editor_client.get(reverse("conference_admin:registration", args=[answered.pk])).content.decode()
    assert "Legevakt" in html and "Glutenfri" in html
    assert "Kosthold <strong>(sensitivt: helseopplysning)</strong>" in html


def test_a_viewer_without_the_health_data_permission_does_not_see_it(viewer_client, answered):
    response = viewer_client.get(reverse("conference_admin:registration", args=[answered.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Legevakt" in html and "Glutenfri" not in html
    assert "Meld av" not in html


# --- Manual add, cancel, move, attendance ------------------------------------------------------


def add(client, conference, ticket_type, **fields):
    data = {"name": "Nina Ny", "email": "nina@example.no", "language": "nb", "ticket_type": ticket_type.pk}
    data.update(fields)
    return client.post(reverse("conference_admin:add", args=[conference.pk]), data)


def test_manual_add_takes_a_seat_through_the_ledger(editor_client, conference, in_person):
    response = add(editor_client, conference, in_person)
    nina = Registration.objects.get(email="nina@example.no")
    assert response.status_code == 302 and response.url == reverse("conference_admin:registration", args=[nina.pk])
    assert nina.status == Status.CONFIRMED and nina.consent_text is None


def test_manual_add_mails_the_confirmation_unless_told_not_to(
    editor_client, conference, in_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add(editor_client, conference, in_person, send_mail="on")
        add(editor_client, conference, in_person, email="stille@example.no")
    assert [message.to for message in mail.outbox] == [["nina@example.no"]]


def test_manual_add_to_a_full_ticket_type_joins_the_waiting_list(editor_client, conference, in_person, registrants):
    add(editor_client, conference, in_person)
    nina = Registration.objects.get(email="nina@example.no")
    assert nina.status == Status.WAITING and nina.waiting_since is not None


def test_manual_add_refuses_an_address_already_registered(editor_client, conference, in_person, registrants):
    response = add(editor_client, conference, in_person, email="KARI@example.no")
    assert response.status_code == 200
    assert "allerede påmeldt" in response.content.decode()
    assert Registration.objects.filter(conference=conference).count() == 5


def test_an_organiser_may_add_someone_outside_the_registration_window(editor_client, conference, in_person):
    from datetime import timedelta

    from django.utils import timezone

    conference.registration_closes_at = timezone.now() - timedelta(minutes=1)
    conference.registration_opens_at = timezone.now() - timedelta(days=2)
    conference.save()
    response = add(editor_client, conference, in_person)
    assert response.status_code == 302
    assert Registration.objects.get(email="nina@example.no").status == Registration.Status.CONFIRMED


def test_manual_add_refuses_a_line_break_in_the_name(editor_client, conference, in_person):
    response = add(editor_client, conference, in_person, name="Nina\r\nBcc: x@example.com")
    assert response.status_code == 200
    assert not Registration.objects.filter(email="nina@example.no").exists()


def test_cancel_offers_the_seat_to_the_first_in_line_and_mails_the_offer(editor_client, registrants, monkeypatch):
    mailed = []
    monkeypatch.setattr(admin_views, "mail_offers", lambda changes: mailed.append(changes.offered))
    kari, per = registrants["kari"], registrants["per"]
    response = editor_client.post(reverse("conference_admin:cancel", args=[kari.pk]))
    assert response.status_code == 302
    kari.refresh_from_db()
    per.refresh_from_db()
    assert kari.status == Status.CANCELLED and per.status == Status.OFFERED
    assert mailed == [[per.pk]]


def test_cancel_twice_is_refused_with_a_message(editor_client, registrants):
    anne = registrants["anne"]
    response = editor_client.post(reverse("conference_admin:cancel", args=[anne.pk]), follow=True)
    assert "allerede" in response.content.decode()


def test_a_viewer_cannot_cancel(viewer_client, registrants):
    kari = registrants["kari"]
    viewer_client.post(reverse("conference_admin:cancel", args=[kari.pk]))
    kari.refresh_from_db()
    assert kari.status == Status.CONFIRMED


def test_move_to_a_ticket_type_with_room(editor_client, registrants, digital, django_capture_on_commit_callbacks):
    kari, per = registrants["kari"], registrants["per"]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("conference_admin:move", args=[kari.pk]), {"ticket_type": digital.pk})
    assert response.status_code == 302
    kari.refresh_from_db()
    per.refresh_from_db()
    assert kari.ticket_type == digital and kari.calendar_sequence == 1
    assert per.status == Status.OFFERED  # the hall seat she left goes to the first in line
    # A new confirmation for Kari (new calendar location), and the offer to Per.
    assert sorted(message.to[0] for message in mail.outbox) == [kari.email, per.email]


def test_move_to_a_full_ticket_type_gives_a_clear_message(editor_client, registrants, in_person, digital):
    siri = registrants["siri"]
    response = editor_client.post(
        reverse("conference_admin:move", args=[siri.pk]), {"ticket_type": in_person.pk}, follow=True
    )
    assert "ingen ledig plass" in response.content.decode()
    siri.refresh_from_db()
    assert siri.ticket_type == digital


def test_the_attendance_toggle_marks_and_unmarks(editor_client, conference, registrants):
    kari = registrants["kari"]
    url = reverse("conference_admin:attendance", args=[kari.pk])
    back = reverse("conference_admin:registrations", args=[conference.pk])
    response = editor_client.post(url, {"attended": "ja", "next": back})
    assert response.url == back
    kari.refresh_from_db()
    assert kari.attended_at is not None
    editor_client.post(url, {"attended": "nei", "next": "https://evil.example/"})
    kari.refresh_from_db()
    assert kari.attended_at is None


def test_the_attendance_toggle_refuses_a_cancelled_registration(editor_client, registrants):
    anne = registrants["anne"]
    response = editor_client.post(
        reverse("conference_admin:attendance", args=[anne.pk]), {"attended": "ja"}, follow=True
    )
    assert "kan ikke sjekkes inn" in response.content.decode()
    anne.refresh_from_db()
    assert anne.attended_at is None


# --- Message to registrants --------------------------------------------------------------------


def post_message(client, conference, ticket_type, **fields):
    data = {
        "ticket_type": ticket_type.pk,
        "statuses": ["confirmed"],
        "subject": "Praktisk informasjon",
        "body": "Vi starter kl. 09.00. Velkommen!",
        "confirm": "on",
        **fields,
    }
    return client.post(reverse("conference_admin:message", args=[conference.pk]), data)


def test_a_message_goes_to_each_confirmed_registrant_of_the_ticket_type(
    editor_client, conference, in_person, registrants
):
    response = post_message(editor_client, conference, in_person)
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["kari@example.no", "ola@legesenteret.no"]
    kari_mail = next(message for message in mail.outbox if message.to == ["kari@example.no"])
    assert kari_mail.subject == "Praktisk informasjon"
    assert kari_mail.body.startswith("Hei Kari Nordmann,") and "Vi starter kl. 09.00." in kari_mail.body


def test_a_message_can_go_to_the_waiting_list_too(editor_client, conference, in_person, registrants):
    post_message(editor_client, conference, in_person, statuses=["confirmed", "waiting"])
    assert len(mail.outbox) == 3


def test_a_message_uses_one_smtp_connection(conference, in_person, registrants, monkeypatch):
    opened = []
    real = tasks.get_connection

    def counting_connection(*args, **kwargs):
        connection = real(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(tasks, "get_connection", counting_connection)
    sent = tasks.send_registrant_message_task.call(conference.pk, in_person.pk, ["confirmed"], "Emne", "Tekst")
    assert sent == 2 and len(opened) == 1


@pytest.mark.parametrize("subject", ["Hei\r\nBcc: alle@example.com", "Hei\nder"])
def test_a_subject_with_a_line_break_is_refused(editor_client, conference, in_person, registrants, subject):
    response = post_message(editor_client, conference, in_person, subject=subject)
    assert response.status_code == 200
    assert mail.outbox == []
    assert tasks.send_registrant_message_task.call(conference.pk, in_person.pk, ["confirmed"], subject, "x") == 0


def test_a_viewer_cannot_send_a_message(viewer_client, conference, in_person, registrants):
    post_message(viewer_client, conference, in_person)
    assert mail.outbox == []


def test_the_conference_page_editor_has_a_button_to_its_registrations(superuser_client, conference):
    response = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[conference.pk]))
    assert reverse("conference_admin:overview", args=[conference.pk]) in response.content.decode()
