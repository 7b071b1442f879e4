"""Importing subscribers: every validation rule, all or nothing, and who is skipped."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from newsletter import subscriber_import
from newsletter.models import Consent, ConsentText, Status, Subscriber, Suppression, email_hash
from newsletter.subscriber_import import MAX_PROBLEMS, ImportRefused, check_file, import_subscribers

pytestmark = pytest.mark.django_db

HEADER = "email;name;role;municipality;language;topics"


def csv_file(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([header, *rows]).encode(encoding)


def problems(content: bytes, name: str = "abonnenter.csv", **kwargs) -> list[str]:
    return [str(problem) for problem in check_file(content, name, **kwargs).problems]


# --- A valid file ------------------------------------------------------------------------------


def test_a_valid_file_becomes_pending_subscribers_with_topics_and_consent(editor, flo_topic, podcast_topic):
    content = csv_file(
        "kari@example.no;Kari Lege;fastlege;0301;nb;flo|podkast",
        "Ola@Example.no;Ola;LIS;4601;nynorsk;podkast",
        "per@example.no;;;;;flo",
    )
    validation = check_file(content, "liste.csv")
    assert validation.is_valid, validation.problems

    result = import_subscribers(validation, source=Consent.Source.IMPORT, user=editor, note="Konferansen 2026")

    assert result.created == [2, 3, 4] and result.is_pending
    kari = Subscriber.objects.get(email="kari@example.no")
    assert (kari.name, kari.role, kari.municipality.number, kari.language) == ("Kari Lege", "fastlege", "0301", "nb")
    assert set(kari.topics.values_list("slug", flat=True)) == {"flo", "podkast"}
    assert kari.status == Status.PENDING and kari.confirmed_at is None
    assert kari.email_hash == email_hash("KARI@example.no")
    ola = Subscriber.objects.get(email="Ola@Example.no")
    assert (ola.role, ola.language, ola.municipality.number) == ("lis", "nn", "4601")
    per = Subscriber.objects.get(email="per@example.no")
    assert (per.role, per.language, per.municipality) == ("annet", "nb", None)

    consent = kari.consents.get()
    assert consent.source == Consent.Source.IMPORT
    assert consent.consent_text == ConsentText.current()
    assert consent.topics == ["flo", "podkast"]
    assert consent.recorded_by == editor and consent.note == "Konferansen 2026"
    assert consent.confirmed_at is None
    assert Consent.objects.count() == 3


def test_double_opt_in_already_given_makes_them_confirmed(editor, flo_topic):
    validation = check_file(csv_file("kari@example.no;Kari;;;;flo"))
    result = import_subscribers(validation, source=Consent.Source.ADMIN, user=editor, double_opt_in=True)
    kari = Subscriber.objects.get()
    assert result.status == Status.CONFIRMED and not result.is_pending
    assert kari.status == Status.CONFIRMED and kari.confirmed_at is not None
    assert kari.consents.get().confirmed_at is not None
    assert kari.consents.get().source == Consent.Source.ADMIN


def test_suppressed_and_existing_addresses_are_skipped_not_refused(subscriber_factory, flo_topic, podcast_topic):
    existing = subscriber_factory(email="kari@example.no", name="Kari", topics=["flo"], status=Status.CONFIRMED)
    Suppression.add("gone@example.no", Suppression.Reason.UNSUBSCRIBED)
    content = csv_file(
        "KARI@example.no;Nytt navn;;;;podkast",
        "Gone@Example.no;Borte;;;;flo",
        "new@example.no;Ny;;;;flo",
    )
    validation = check_file(content)
    assert validation.is_valid

    result = import_subscribers(validation, source=Consent.Source.IMPORT, double_opt_in=True)

    assert (result.created, result.existing, result.suppressed) == ([4], [2], [3])
    existing.refresh_from_db()
    assert existing.name == "Kari" and list(existing.topics.values_list("slug", flat=True)) == ["flo"]
    assert existing.consents.count() == 1  # the factory's, nothing added
    assert not Subscriber.objects.filter(email_hash=email_hash("gone@example.no")).exists()
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"kari@example.no", "new@example.no"}


def test_windows_1252_file_from_norwegian_excel_keeps_the_letters(flo_topic):
    validation = check_file(csv_file("kari@example.no;Ærlige Øystein Åsen;;;;flo", encoding="cp1252"))
    assert validation.is_valid
    assert validation.rows[0].name == "Ærlige Øystein Åsen"


def test_comma_separated_file_with_quoted_topics_and_aliases(flo_topic):
    content = b'e-post,navn,temaer\r\nkari@example.no,Kari,"flo,podkast"\r\n'
    validation = check_file(content)
    assert validation.is_valid, validation.problems
    assert [topic.slug for topic in validation.rows[0].topics] == ["flo", "podkast"]


def test_a_file_with_only_addresses_uses_the_topics_chosen_in_the_form(flo_topic):
    content = b"email\r\nkari@example.no\r\nola@example.no\r\n"
    assert problems(content) == [
        "Rad 2, kolonne «topics»: Ingen temaer. Fyll ut kolonnen eller velg temaer i skjemaet.",
        "Rad 3, kolonne «topics»: Ingen temaer. Fyll ut kolonnen eller velg temaer i skjemaet.",
    ]
    validation = check_file(content, default_topics=[flo_topic])
    assert validation.is_valid
    assert [row.topics for row in validation.rows] == [[flo_topic], [flo_topic]]


def test_xlsx_import_restores_oslos_leading_zero(flo_topic):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["email", "name", "municipality", "topics"])
    sheet.append(["kari@example.no", "Kari", 301, "flo"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    validation = check_file(buffer.getvalue(), "liste.xlsx")
    assert validation.is_valid, validation.problems
    assert validation.rows[0].municipality.number == "0301"


# --- Every rule, by row and column -------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("ikke-en-adresse;Kari;;;;flo", "Rad 2, kolonne «email»: Skriv en gyldig e-postadresse"),
        (";Kari;;;;flo", "Rad 2, kolonne «email»: Skriv e-postadressen din."),
        ('"kari@example.no\rBcc: alle@example.no";Kari;;;;flo', "Rad 2, kolonne «email»: E-postadressen inneholder"),
        ('"kari@example.no\nBcc: x@example.no";Kari;;;;flo', "Rad 2, kolonne «email»: E-postadressen inneholder"),
        ('kari@example.no;"Kari\r\nBcc: x@example.no";;;;flo', "Rad 2, kolonne «name»: Teksten inneholder linjeskift"),
        (
            "kari@example.no;Kari\x1b[2J;;;;flo",
            "Rad 2, kolonne «name»: Teksten inneholder linjeskift eller kontrolltegn.",
        ),
        (
            "kari@example.no;Kari\u2028Bcc;;;;flo",
            "Rad 2, kolonne «name»: Teksten inneholder linjeskift eller kontrolltegn.",
        ),
        ("kari@example.no;" + "K" * 101 + ";;;;flo", "Rad 2, kolonne «name»: Navnet er lengre enn 100 tegn."),
        ("kari@example.no;Kari;lege;;;flo", "Rad 2, kolonne «role»: Ukjent rolle «lege»."),
        ("kari@example.no;Kari;;9999;;flo", "Rad 2, kolonne «municipality»: Ukjent kommunenummer 9999."),
        ("kari@example.no;Kari;;3001;;flo", "Rad 2, kolonne «municipality»: Ukjent kommunenummer 3001."),
        ("kari@example.no;Kari;;Oslo;;flo", "Rad 2, kolonne «municipality»: «Oslo» er ikke et kommunenummer"),
        ("kari@example.no;Kari;;;en;flo", "Rad 2, kolonne «language»: Ukjent språk «en». Bruk nb eller nn."),
        ("kari@example.no;Kari;;;;flo|sport", "Rad 2, kolonne «topics»: Ukjent tema «sport»."),
    ],
)
def test_each_rule_names_row_and_column_in_norwegian(flo_topic, row, expected):
    found = problems(csv_file(row))
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


def test_duplicate_address_in_the_file_is_found_case_insensitively(flo_topic):
    content = csv_file("kari@example.no;Kari;;;;flo", "ola@example.no;Ola;;;;flo", " KARI@Example.NO ;Kari 2;;;;flo")
    assert problems(content) == ["Rad 4, kolonne «email»: Adressen står også i rad 2."]


def test_the_row_numbers_are_the_lines_the_editor_sees(flo_topic):
    content = csv_file("", 'kari@example.no;"Kari\nLege";;;;flo', "", "feil;Ola;;;;flo")
    assert [problem[:30] for problem in problems(content)] == [
        "Rad 3, kolonne «name»: Teksten",
        "Rad 6, kolonne «email»: Skriv ",
    ]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "tom.csv", "Filen er tom."),
        (b"  \r\n\r\n", "tom.csv", "Filen er tom."),
        (b"email;name\r\n", "bare-overskrift.csv", "Filen har kolonnenavn, men ingen rader med abonnenter."),
        (b"name;topics\r\nKari;flo\r\n", "uten-epost.csv", "Rad 1, kolonne «email»: Filen mangler kolonnen «email»"),
        (b"\x00\x01\x02\xff\xfe binary \x00 garbage", "x.csv", "Filen ser ikke ut som en tekstfil"),
        (b"PK\x03\x04 not really a zip", "x.xlsx", "Filen er ikke en gyldig Excel-fil (.xlsx)."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "x.xls", "Filen er i det gamle Excel-formatet (.xls)."),
        (b"email\r\nkari@example.no\r\n", "x.xlsx", "Filen heter .xlsx, men er ikke en Excel-fil."),
    ],
)
def test_files_that_cannot_be_read_get_one_clear_message(flo_topic, content, name, expected):
    found = problems(content, name)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


def test_binary_garbage_without_nul_bytes_is_refused_too(flo_topic):
    garbage = bytes(range(0x80, 0x100)) * 20
    found = problems(garbage, "x.csv")
    assert found and any("email" in problem for problem in found)


def test_a_file_in_the_wrong_encoding_is_reported(flo_topic):
    # Bytes that are neither UTF-8 nor Windows-1252 (0x81 and 0x8d are unassigned there).
    content = b"email;name;topics\r\nkari@example.no;Kari" + b"\x81\x8d;flo\r\n"
    assert problems(content) == [
        "Rad 2, kolonne «name»: Teksten har tegn som ikke kunne leses. Lagre filen som UTF-8 og prøv igjen."
    ]


def test_unknown_and_repeated_columns_are_refused(flo_topic):
    content = b"email;emial;navn;name;topics\r\nkari@example.no;x;Kari;Kari;flo\r\n"
    assert problems(content) == [
        "Rad 1, kolonne «emial»: Ukjent kolonne. Kjente kolonner er email, name, role, municipality, language, topics.",
        "Rad 1, kolonne «name»: Kolonnen står to ganger.",
    ]


def test_too_many_rows(settings, flo_topic):
    settings.NEWSLETTER_IMPORT_MAX_ROWS = 3
    content = csv_file(*(f"lege{n}@example.no;;;;;flo" for n in range(4)))
    assert problems(content) == ["Filen har mer enn 3 rader. Del den opp og importer delene hver for seg."]
    assert check_file(csv_file(*(f"lege{n}@example.no;;;;;flo" for n in range(3)))).is_valid


def test_an_xlsx_file_is_held_to_the_newsletters_own_limits(settings, flo_topic):
    def workbook(rows: list[list[str]]) -> bytes:
        book = Workbook()
        for row in rows:
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    settings.NEWSLETTER_IMPORT_MAX_ROWS = 3
    addresses = [[f"lege{n}@example.no", "flo"] for n in range(4)]
    assert problems(workbook([["email", "topics"], *addresses]), "liste.xlsx") == [
        "Filen har mer enn 3 rader. Del den opp og importer delene hver for seg."
    ]
    wide = [f"kolonne{n}" for n in range(subscriber_import.MAX_COLUMNS + 1)]
    assert problems(workbook([wide]), "liste.xlsx") == ["Rad 1 har mer enn 30 kolonner."]


def test_too_big_a_file(settings, flo_topic):
    settings.NEWSLETTER_IMPORT_MAX_BYTES = 1024 * 1024
    content = csv_file(*(f"lege{n}@example.no;{'x' * 90};;;;flo" for n in range(12_000)))
    found = problems(content)
    assert len(found) == 1 and found[0].startswith("Filen er for stor (1,")
    assert found[0].endswith("Grensen er 1 MB.")


def test_the_default_limits_are_five_megabytes_and_fifty_thousand_rows():
    assert subscriber_import.max_bytes() == 5 * 1024 * 1024
    assert subscriber_import.max_rows() == 50_000


def test_problems_are_capped_at_two_hundred_and_the_rest_counted(flo_topic):
    validation = check_file(csv_file(*(f"feil{n};;;;;flo" for n in range(250))))
    assert len(validation.problems) == MAX_PROBLEMS == 200
    assert validation.truncated == 50 and validation.problem_count == 250


# --- All or nothing ----------------------------------------------------------------------------


def test_one_bad_row_means_nothing_is_written(communications_client, flo_topic):
    content = csv_file(*(f"lege{n}@example.no;Lege {n};;;;flo" for n in range(20)), "ikke-en-adresse;;;;;flo")
    response = upload(communications_client, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rad 22, kolonne «email»: Skriv en gyldig e-postadresse" in html
    assert "Ingenting er lagret" in html
    assert not Subscriber.objects.exists() and not Consent.objects.exists()


def test_an_invalid_validation_cannot_be_imported(flo_topic):
    with pytest.raises(ValueError):
        import_subscribers(check_file(csv_file("feil;;;;;flo")), source=Consent.Source.IMPORT)


def test_a_clash_while_writing_rolls_everything_back(subscriber_factory, flo_topic):
    """A sign-up that lands between the check and the insert: nothing of the file is kept."""
    validation = check_file(csv_file("a@example.no;;;;;flo", "kari@example.no;;;;;flo", "b@example.no;;;;;flo"))
    subscriber_factory(email="kari@example.no")
    with (
        mock.patch.object(subscriber_import, "_hashes_in", return_value=set()),
        pytest.raises(ImportRefused),
    ):
        import_subscribers(validation, source=Consent.Source.IMPORT)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["kari@example.no"]
    assert Consent.objects.count() == 1


def test_reimporting_the_same_file_changes_nothing(flo_topic):
    content = csv_file("kari@example.no;Kari;;;;flo", "ola@example.no;Ola;;;;flo")
    import_subscribers(check_file(content), source=Consent.Source.IMPORT)
    again = import_subscribers(check_file(content), source=Consent.Source.IMPORT)
    assert again.created == [] and again.existing == [2, 3]
    assert Subscriber.objects.count() == 2 and Consent.objects.count() == 2


def test_a_large_file_is_written_in_a_few_queries(django_assert_max_num_queries, flo_topic):
    validation = check_file(csv_file(*(f"lege{n}@example.no;Lege {n};;0301;;flo|podkast" for n in range(1500))))
    assert validation.is_valid
    # Batches, not rows: SQLite's parameter limit makes its batches smaller than PostgreSQL's.
    with django_assert_max_num_queries(60):
        result = import_subscribers(validation, source=Consent.Source.IMPORT)
    assert len(result.created) == Subscriber.objects.count() == 1500
    assert Subscriber.topics.through.objects.count() == 3000


# --- The admin view ----------------------------------------------------------------------------


def upload(client, content: bytes, name: str = "abonnenter.csv", **fields):
    data = {
        "file": SimpleUploadedFile(name, content),
        "source": "import",
        "consent_given": "on",
        "send_confirmation": "later",
        **fields,
    }
    return client.post(reverse("newsletter_subscriber_admin:import"), data)


def test_the_import_page_explains_columns_and_topics(communications_client, flo_topic):
    html = communications_client.get(reverse("newsletter_subscriber_admin:import")).content.decode()
    assert "Importer abonnenter" in html
    assert "<code>municipality</code>" in html and "<code>podkast</code>" in html


def test_editor_imports_and_is_told_they_wait_for_confirmation(
    communications_client, communications_officer, flo_topic
):
    Suppression.add("gone@example.no", Suppression.Reason.ERASED)
    content = csv_file("kari@example.no;Kari;;;;flo", "gone@example.no;;;;;flo")
    response = upload(communications_client, content, note="Påmeldte til konferansen")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 nye abonnenter, som venter på bekreftelse" in html
    assert "1 står på sperrelisten og er hoppet over (rad 3)" in html
    assert "Ingen e-post er sendt" in html
    assert mail.outbox == []
    consent = Consent.objects.get()
    assert consent.recorded_by == communications_officer and consent.note == "Påmeldte til konferansen"
    assert consent.source == Consent.Source.IMPORT


def test_editor_can_vouch_for_double_opt_in_and_admin_source(communications_client, flo_topic):
    response = upload(
        communications_client, csv_file("kari@example.no;Kari;;;;flo"), double_opt_in="on", source="admin"
    )
    assert "1 nye abonnenter, bekreftet" in response.content.decode()
    kari = Subscriber.objects.get()
    assert kari.status == Status.CONFIRMED and kari.consents.get().source == Consent.Source.ADMIN


def test_nothing_is_imported_without_the_consent_confirmation(communications_client, flo_topic):
    data = {"file": SimpleUploadedFile("a.csv", csv_file("kari@example.no;;;;;flo")), "source": "import"}
    response = communications_client.post(reverse("newsletter_subscriber_admin:import"), data)
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_the_consent_source_must_be_import_or_admin(communications_client, flo_topic):
    response = upload(communications_client, csv_file("kari@example.no;;;;;flo"), source="form")
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_a_note_with_line_breaks_is_refused(communications_client, flo_topic):
    upload(communications_client, csv_file("kari@example.no;;;;;flo"), note="Konferansen\r\nBcc: x@example.no")
    assert not Subscriber.objects.exists()


def test_default_topics_from_the_form_apply_to_rows_without_topics(communications_client, flo_topic, podcast_topic):
    upload(communications_client, b"email\r\nkari@example.no\r\n", default_topics=[podcast_topic.pk])
    assert list(Subscriber.objects.get().topics.values_list("slug", flat=True)) == ["podkast"]


def test_import_needs_the_add_permission(client, db, flo_topic):
    user = get_user_model().objects.create_user("leser", "leser@example.test", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_subscriber")
    )
    client.force_login(user)
    # Wagtail answers a missing permission with a redirect to the dashboard and a message.
    for response in (
        client.get(reverse("newsletter_subscriber_admin:import")),
        upload(client, csv_file("kari@example.no;;;;;flo")),
    ):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not Subscriber.objects.exists()
