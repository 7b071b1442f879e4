"""Uploaded media on one machine: HEAD, byte ranges, 304, and only public images.

The view resolves the path first (dot segments, encoded dots, double slashes, symlinks)
and only then decides. Documents go through Wagtail's document view (collection
privacy) and podcast files through their episode's address (tests/podcast/test_file_access.py).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

SECRET = b"%PDF-1.4 hemmelig styresak\n"


@pytest.fixture
def artwork_file():
    path = Path(settings.MEDIA_ROOT) / "images" / "omslag.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    yield path
    path.unlink(missing_ok=True)


@pytest.fixture
def private_document(db):
    """A PDF in a collection only logged-in users may see: /documents/<id>/<file> asks for a login."""
    collection = Collection.get_first_root_node().add_child(name="Styresaker")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = get_document_model().objects.create(
        title="Styresak", collection=collection, file=ContentFile(SECRET, name="styresak.pdf")
    )
    yield document
    document.file.storage.delete(document.file.name)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_head_and_ranges(client, artwork_file):
    head = client.head("/media/images/omslag.png")
    assert head.status_code == 200
    assert head["Content-Type"] == "image/png"
    assert head["Accept-Ranges"] == "bytes"
    assert int(head["Content-Length"]) == artwork_file.stat().st_size

    first = client.get("/media/images/omslag.png", HTTP_RANGE="bytes=0-0")
    assert first.status_code == 206
    assert b"".join(first.streaming_content) == b"\x89"
    assert first["Content-Range"] == f"bytes 0-0/{artwork_file.stat().st_size}"

    past = client.get("/media/images/omslag.png", HTTP_RANGE="bytes=99999-")
    assert past.status_code == 416


def test_not_modified(client, artwork_file):
    etag = client.get("/media/images/omslag.png")["ETag"]
    assert client.get("/media/images/omslag.png", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/../manage.py",
        "/media/%2e%2e/manage.py",
        "/media//etc/passwd",
        "/media/documents/secret.pdf",
        "/media/images/",
    ],
)
def test_nothing_outside_media_or_private(client, db, path):
    assert client.get(path).status_code == 404


def test_only_get_and_head(client, artwork_file):
    assert client.post("/media/images/omslag.png").status_code == 405


# --- Documents are only served by Wagtail's document view --------------------------------


def test_the_document_view_asks_for_a_login(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "template",
    [
        "/media/{name}",
        "/media/./{name}",
        "/media/%2e/{name}",
        "/media/%2E/{name}",
        "/media/images/../{name}",
        "/media/images/%2e%2e/{name}",
        "/media/images/%2E%2E/{name}",
        "/media/images/./../{name}",
        "/media/images//../{name}",
        "/media//{name}",
        "/media/.//{name}",
        "/media/images/..//{name}",
        "/media/images%2f..%2f{name}",
        "/media/images\\..\\{name}",
        "/media/images/..\\{name}",
        "/media/original_images/../images/../{name}",
        "/media/%252e/{name}",
        "/media/{name}/",
        "/media/{name}%00",
        "/media/{name}.",
    ],
)
def test_a_restricted_document_is_never_served_from_media(client, private_document, template):
    url = template.format(name=private_document.file.name)
    for method in (client.get, client.head):
        response = method(url)
        assert response.status_code == 404, url
        assert SECRET not in body(response)


def test_a_symlink_inside_media_to_a_private_folder_is_not_followed(client, private_document, artwork_file):
    link = Path(settings.MEDIA_ROOT) / "images" / "lenke"
    os.symlink(Path(settings.MEDIA_ROOT) / "documents", link)
    file_link = Path(settings.MEDIA_ROOT) / "images" / "styresak.png"
    os.symlink(Path(settings.MEDIA_ROOT) / private_document.file.name, file_link)
    outside = Path(settings.MEDIA_ROOT) / "images" / "hosts.png"
    os.symlink("/etc/hosts", outside)
    try:
        name = os.path.basename(private_document.file.name)
        assert client.get(f"/media/images/lenke/{name}").status_code == 404
        assert client.get("/media/images/styresak.png").status_code == 404
        assert client.get("/media/images/hosts.png").status_code == 404
    finally:
        for path in (link, file_link, outside):
            path.unlink()


def test_only_image_folders_are_served(client, db):
    stray = Path(settings.MEDIA_ROOT) / "eksport" / "abonnenter.csv"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("navn;e-post\n")
    try:
        assert client.get("/media/eksport/abonnenter.csv").status_code == 404
    finally:
        stray.unlink()


def test_deleting_a_document_deletes_its_file(admin_client, django_capture_on_commit_callbacks):
    """Wagtail's own post_delete handler removes the file (a task, run at once in tests)."""
    document = get_document_model().objects.create(
        title="Referat", file=ContentFile(b"%PDF-1.4 referat", name="referat.pdf")
    )
    stored = Path(document.file.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/documents/delete/{document.pk}/")
    assert response.status_code == 302
    assert not stored.exists()


def test_replacing_a_documents_file_deletes_the_old_one(admin_client):
    """Wagtail's document form deletes the replaced file when the edit is saved."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = get_document_model().objects.create(
        title="Referat", file=ContentFile(b"%PDF-1.4 gammel", name="referat.pdf")
    )
    old = Path(document.file.path)
    new_file = SimpleUploadedFile("referat-ny.pdf", b"%PDF-1.4 ny", content_type="application/pdf")
    response = admin_client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Referat", "file": new_file, "collection": document.collection_id, "tags": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert not old.exists()
    assert Path(document.file.path).read_bytes() == b"%PDF-1.4 ny"
    document.file.storage.delete(document.file.name)


# --- Hostile Range headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "bytes=" + "9" * 5000 + "-",
        "bytes=0-" + "9" * 5000,
        "bytes=-" + "9" * 5000,
        "bytes=" + "9" * 100 + "-",
        "bytes=0-" + "9" * 100,
        "bytes=-" + "9" * 100,
        "bytes=" + ",".join(f"{n}-{n}" for n in range(3000)),
        "bytes=²-",
        "bytes=0-²",
        "bytes=-²",
        "bytes=３-",
        "bytes=0-1\n",
    ],
)
def test_hostile_ranges_get_416_or_the_whole_file(client, artwork_file, header):
    size = artwork_file.stat().st_size
    response = client.get("/media/images/omslag.png", HTTP_RANGE=header)
    assert response.status_code in (200, 206, 416)
    if response.status_code == 416:
        assert response["Content-Range"] == f"bytes */{size}"
    elif response.status_code == 200:
        assert len(body(response)) == size
    else:  # a suffix or an end past the file is clamped to the file
        assert response["Content-Range"] == f"bytes 0-{size - 1}/{size}"
