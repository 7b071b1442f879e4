"""The subscriber admin: list filters and search, inspect with consents, add and edit,
erasure, topics, consent texts that are never edited, the hashed suppression list,
the overview of counts, the menu, and who may see what."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.models import Municipality
from newsletter.models import Consent, ConsentText, Status, Subscriber, Suppression, Topic, email_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def oslo(db):
    return Municipality.objects.get(number="0301", valid_to__isnull=True)


@pytest.fixture
def bergen(db):
    return Municipality.objects.get(number="4601", valid_to__isnull=True)


@pytest.fixture
def subscribers(subscriber_factory, oslo, bergen):
    return {
        "kari": subscriber_factory(email="kari@example.no", name="Kari Fastlege", municipality=oslo),
        "ola": subscriber_factory(
            email="ola@example.no",
            name="Ola Turnus",
            role="lis",
            language="nn",
            topics=["podkast"],
            municipality=bergen,
        ),
        "per": subscriber_factory(
            email="per@kommune.no", name="Per Kommune", role="kommune", status=Status.PENDING, confirmed_at=None
        ),
    }


def listed(client, **params) -> set[str]:
    response = client.get(reverse("newsletter_subscribers:index"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {email for email in ("kari@example.no", "ola@example.no", "per@kommune.no") if email in html}


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_every_subscriber(communications_client, subscribers):
    assert listed(communications_client) == {"kari@example.no", "ola@example.no", "per@kommune.no"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "pending"}, {"per@kommune.no"}),
        ({"status": "confirmed"}, {"kari@example.no", "ola@example.no"}),
        ({"role": "lis"}, {"ola@example.no"}),
        ({"language": "nn"}, {"ola@example.no"}),
        ({"q": "kommune.no"}, {"per@kommune.no"}),
        ({"q": "Turnus"}, {"ola@example.no"}),
        ({"q": "KARI"}, {"kari@example.no"}),
    ],
)
def test_filters_and_search(communications_client, subscribers, params, expected):
    assert listed(communications_client, **params) == expected


def test_filter_by_topic_and_municipality(communications_client, subscribers, podcast_topic, bergen):
    assert listed(communications_client, topics=podcast_topic.pk) == {"ola@example.no"}
    assert listed(communications_client, municipality=bergen.pk) == {"ola@example.no"}
    assert listed(communications_client, municipality=bergen.pk, role="fastlege") == set()


def test_the_municipality_filter_offers_only_municipalities_in_use(communications_client, subscribers, oslo):
    html = communications_client.get(reverse("newsletter_subscribers:index")).content.decode()
    assert str(oslo) in html
    assert "Halden" not in html


def test_the_list_takes_a_fixed_number_of_queries(
    communications_client, subscriber_factory, django_assert_max_num_queries
):
    for n in range(25):
        subscriber_factory(email=f"lege{n}@example.no")
    communications_client.get(reverse("newsletter_subscribers:index"))
    with django_assert_max_num_queries(30):
        response = communications_client.get(reverse("newsletter_subscribers:index"))
    assert response.content.decode().count("@example.no") >= 25


# --- One subscriber ----------------------------------------------------------------------------


def test_inspect_shows_the_subscriber_and_their_consents_read_only(
    communications_client, subscribers, communications_officer
):
    kari = subscribers["kari"]
    Consent.objects.create(
        subscriber=kari,
        consent_text=ConsentText.current(),
        source=Consent.Source.IMPORT,
        topics=["flo"],
        recorded_by=communications_officer,
        note="Konferansen 2026",
    )
    response = communications_client.get(reverse("newsletter_subscribers:inspect", args=[kari.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "kari@example.no" in html and "Kari Fastlege" in html
    assert "Samtykker" in html
    assert "Skjema på nettstedet" in html and "Import" in html
    assert "Konferansen 2026" in html and "Versjon 1" in html
    assert "<form" not in html.split('id="consents-heading"')[1]


def test_edit_changes_details_but_not_the_address_and_logs_no_address(
    communications_client, subscribers, podcast_topic, bergen
):
    kari = subscribers["kari"]
    url = reverse("newsletter_subscribers:edit", args=[kari.pk])
    form = communications_client.get(url).content.decode()
    assert 'name="email"' not in form and 'name="status"' not in form
    response = communications_client.post(
        url,
        {
            "name": "Kari Nordmann",
            "role": "kommune",
            "municipality": bergen.pk,
            "language": "nn",
            "topics": [podcast_topic.pk],
            "email": "hijack@example.no",
            "status": "confirmed",
        },
    )
    assert response.status_code == 302
    kari.refresh_from_db()
    assert (kari.name, kari.role, kari.municipality, kari.language) == ("Kari Nordmann", "kommune", bergen, "nn")
    assert list(kari.topics.all()) == [podcast_topic]
    assert kari.email == "kari@example.no"
    assert not ModelLogEntry.objects.filter(label__icontains="kari@example.no").exists()


def test_edit_refuses_a_name_with_line_breaks(communications_client, subscribers, flo_topic):
    kari = subscribers["kari"]
    communications_client.post(
        reverse("newsletter_subscribers:edit", args=[kari.pk]),
        {"name": "Kari\r\nBcc: x@example.no", "role": "fastlege", "language": "nb", "topics": [flo_topic.pk]},
    )
    kari.refresh_from_db()
    assert kari.name == "Kari Fastlege"


def test_add_by_hand_records_an_admin_consent(communications_client, communications_officer, flo_topic, oslo):
    response = communications_client.post(
        reverse("newsletter_subscribers:add"),
        {
            "email": "Ny.Lege@example.no",
            "name": "Ny Lege",
            "role": "fastlege",
            "municipality": oslo.pk,
            "language": "nb",
            "topics": [flo_topic.pk],
            "consent_given": "on",
            "note": "Ringte inn",
        },
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Status.PENDING and subscriber.email == "Ny.Lege@example.no"
    consent = subscriber.consents.get()
    assert (consent.source, consent.recorded_by, consent.note) == (
        Consent.Source.ADMIN,
        communications_officer,
        "Ringte inn",
    )
    assert consent.topics == ["flo"]


@pytest.mark.parametrize(
    ("email", "consent", "message"),
    [
        ("gone@example.no", "on", "Adressen er sperret"),
        ("kari@example.no", "on", "Adressen er allerede registrert."),
        ("ny@example.no", "", "Bekreft at personen har samtykket."),
        ("ikke-en-adresse", "on", "Skriv en gyldig e-postadresse"),
    ],
)
def test_add_by_hand_refuses_suppressed_existing_and_unconsented(
    communications_client, subscriber_factory, flo_topic, email, consent, message
):
    subscriber_factory(email="kari@example.no")
    Suppression.add("gone@example.no", Suppression.Reason.UNSUBSCRIBED)
    data = {"email": email, "role": "annet", "language": "nb", "topics": [flo_topic.pk]}
    if consent:
        data["consent_given"] = consent
    response = communications_client.post(reverse("newsletter_subscribers:add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Subscriber.objects.count() == 1


def test_deleting_a_subscriber_erases_them_and_keeps_only_the_hash(communications_client, subscribers):
    kari = subscribers["kari"]
    response = communications_client.post(reverse("newsletter_subscribers:delete", args=[kari.pk]))
    assert response.status_code == 302
    assert not Subscriber.objects.filter(pk=kari.pk).exists()
    assert Suppression.objects.get(email_hash=email_hash("kari@example.no")).reason == Suppression.Reason.ERASED
    assert not ModelLogEntry.objects.filter(label__icontains="kari@example.no").exists()


# --- Topics and consent texts ------------------------------------------------------------------


def test_topics_are_listed_and_can_be_added(communications_client, flo_topic):
    assert (
        "Månedlig nyhetsbrev med FLO-tall"
        in communications_client.get(reverse("newsletter_topics:index")).content.decode()
    )
    response = communications_client.post(
        reverse("newsletter_topics:add"),
        {"name": "Kurs", "name_nn": "Kurs", "slug": "kurs", "list_name": "Kurs", "sort_order": 4, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Topic.objects.filter(slug="kurs").exists()


def test_a_new_consent_text_is_a_new_version_starting_from_the_current_one(
    communications_client, communications_officer
):
    form = communications_client.get(reverse("newsletter_consent_texts:add")).content.decode()
    assert "Allmennlegeprogrammet lagrer e-postadressen min" in form  # the current text to start from
    assert 'name="version"' not in form
    response = communications_client.post(
        reverse("newsletter_consent_texts:add"), {"text": "Ny tekst.", "text_nn": "Ny tekst på nynorsk."}
    )
    assert response.status_code == 302
    assert ConsentText.current().version == 2 and ConsentText.current().text == "Ny tekst."
    assert ConsentText.objects.get(version=1).text.startswith("Jeg vil få e-post")


@pytest.mark.parametrize("client_fixture", ["communications_client", "superuser_client"])
def test_a_consent_text_is_never_edited_or_deleted_not_even_by_a_superuser(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    first = ConsentText.objects.get(version=1)
    listing = client.get(reverse("newsletter_consent_texts:index")).content.decode()
    assert reverse("newsletter_consent_texts:inspect", args=[first.pk]) in listing
    assert reverse("newsletter_consent_texts:edit", args=[first.pk]) not in listing
    assert reverse("newsletter_consent_texts:delete", args=[first.pk]) not in listing
    for url in (
        reverse("newsletter_consent_texts:edit", args=[first.pk]),
        reverse("newsletter_consent_texts:delete", args=[first.pk]),
    ):
        assert client.get(url).status_code == 302
        assert client.post(url, {"text": "Endret", "text_nn": "Endra"}).status_code == 302
    first.refresh_from_db()
    assert first.text.startswith("Jeg vil få e-post")
    inspect = client.get(reverse("newsletter_consent_texts:inspect", args=[first.pk]))
    assert inspect.status_code == 200 and "Jeg vil få e-post" in inspect.content.decode()


# --- Suppression list --------------------------------------------------------------------------


def test_suppressing_by_hand_stores_only_the_hash_and_unsubscribes(communications_client, subscribers):
    response = communications_client.post(reverse("newsletter_suppressions:add"), {"email": " Kari@Example.no "})
    assert response.status_code == 302
    suppression = Suppression.objects.get()
    assert suppression.email_hash == email_hash("kari@example.no")
    assert suppression.reason == Suppression.Reason.MANUAL
    stored = [str(value) for value in Suppression.objects.values_list(flat=True)]
    assert not any("kari" in value.lower() for value in stored)
    assert not ModelLogEntry.objects.filter(label__icontains="kari").exists()
    kari = subscribers["kari"]
    kari.refresh_from_db()
    assert kari.status == Status.UNSUBSCRIBED


def test_suppressing_an_address_twice_or_a_bad_one_is_refused(communications_client):
    Suppression.add("gone@example.no", Suppression.Reason.BOUNCED)
    for address, message in [("GONE@example.no", "Adressen er allerede sperret."), ("x\r\nBcc: y", "linjeskift")]:
        response = communications_client.post(reverse("newsletter_suppressions:add"), {"email": address})
        assert response.status_code == 200 and message in response.content.decode()
    assert Suppression.objects.count() == 1


def test_the_suppression_list_is_searched_by_typing_the_whole_address(communications_client):
    Suppression.add("gone@example.no", Suppression.Reason.BOUNCED)
    Suppression.add("other@example.no", Suppression.Reason.ERASED)
    gone, other = email_hash("gone@example.no")[:10], email_hash("other@example.no")[:10]
    url = reverse("newsletter_suppressions:index")
    everything = communications_client.get(url).content.decode()
    assert gone in everything and other in everything
    found = communications_client.get(url, {"q": " Gone@Example.no"}).content.decode()
    assert gone in found and other not in found
    partial = communications_client.get(url, {"q": "gone@example"}).content.decode()
    assert gone not in partial and other not in partial


def test_editors_cannot_delete_a_suppression(communications_client):
    Suppression.add("gone@example.no", Suppression.Reason.UNSUBSCRIBED)
    suppression = Suppression.objects.get()
    url = reverse("newsletter_suppressions:delete", args=[suppression.pk])
    assert url not in communications_client.get(reverse("newsletter_suppressions:index")).content.decode()
    assert communications_client.post(url).status_code == 302
    assert Suppression.objects.filter(pk=suppression.pk).exists()
    assert communications_client.get(reverse("newsletter_suppressions:edit", args=[suppression.pk])).status_code == 302


# --- Overview ----------------------------------------------------------------------------------


def test_the_overview_counts_per_topic_and_status_in_a_fixed_number_of_queries(
    communications_client, subscriber_factory, django_assert_max_num_queries
):
    for n in range(3):
        subscriber_factory(email=f"flo{n}@example.no", topics=["flo"])
    subscriber_factory(email="both@example.no", topics=["flo", "podkast"], status=Status.PENDING, confirmed_at=None)
    subscriber_factory(email="gone@example.no", topics=["podkast"], status=Status.UNSUBSCRIBED)
    url = reverse("newsletter_subscriber_admin:overview")
    communications_client.get(url)
    with django_assert_max_num_queries(20) as captured:
        response = communications_client.get(url)
    counting = [q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"]]
    assert len(counting) == 2  # topic × status, and the totals per status: not one per cell
    context = response.context
    rows = {row["topic"].slug: [count for count, _url in row["cells"]] for row in context["rows"]}
    statuses = [value for value, _label in context["statuses"]]
    assert rows["flo"][statuses.index("confirmed")] == 3
    assert rows["flo"][statuses.index("pending")] == 1
    assert rows["podkast"][statuses.index("pending")] == 1
    assert rows["podkast"][statuses.index("unsubscribed")] == 1
    assert rows["konferanse"] == [0] * len(statuses)
    assert context["grand_total"] == 5
    html = response.content.decode()
    assert "Abonnenter per tema og status" in html


# --- Menu and permissions ----------------------------------------------------------------------


def test_the_newsletter_menu_holds_the_subscriber_items(communications_client):
    html = communications_client.get(reverse("wagtailadmin_home")).content.decode()
    for label in ("Abonnenter", "Importer abonnenter", "Oversikt", "Temaer", "Samtykketekster", "Sperrede adresser"):
        assert label in html


@pytest.mark.parametrize(
    "url_name",
    [
        "newsletter_subscribers:index",
        "newsletter_subscribers:add",
        "newsletter_subscriber_admin:overview",
        "newsletter_subscriber_admin:import",
        "newsletter_suppressions:index",
        "newsletter_consent_texts:index",
    ],
)
def test_someone_without_permission_is_turned_away(outsider_client, subscribers, url_name):
    response = outsider_client.get(reverse(url_name))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_someone_without_permission_cannot_inspect_a_subscriber(outsider_client, subscribers):
    response = outsider_client.get(reverse("newsletter_subscribers:inspect", args=[subscribers["kari"].pk]))
    assert response.status_code == 302
    assert b"kari@example.no" not in response.content


def test_the_menu_items_are_hidden_from_someone_without_permission(outsider_client):
    html = outsider_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Importer abonnenter" not in html and "Sperrede adresser" not in html
