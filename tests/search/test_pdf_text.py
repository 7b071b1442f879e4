"""Text from attached PDFs: real files made here, the cache, and every way a file can be bad."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter
from wagtail.documents import get_document_model

from demo.documents import make_pdf
from pages.factories import GuidancePageFactory
from search import pdf_text, searchable
from search.models import DocumentText
from search.pdf_text import documents_text, extract_pdf_text, normalise, read_pdf

PLAN = [
    "Handlingsplanen skal gjøre det mer attraktivt å bli fastlege.",
    "Kommunane får tilskot til ALIS-avtalar i inntil fem år.",
    "Blåbær, ærfugl og østers: æøå ÆØÅ skal komme gjennom uskadd.",
]


def plan_pdf() -> bytes:
    return make_pdf("Handlingsplan for allmennlegetjenesten", PLAN)


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plan_pdf())))
    writer.encrypt(user_password="hemmelig", owner_password="enda-hemmeligere", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_document(content: bytes, filename: str = "plan.pdf", title: str = "Handlingsplan"):
    document = get_document_model()(title=title)
    document.file = ContentFile(content, name=filename)
    document.save()
    return document


@pytest.fixture
def parse_count(monkeypatch):
    """How many times a PDF was handed to the parser (in its child process)."""
    calls = []
    real = pdf_text.read_pdf

    def counting(data, document_id=None):
        calls.append(document_id)
        return real(data, document_id)

    monkeypatch.setattr(pdf_text, "read_pdf", counting)
    return calls


# --- Extraction ------------------------------------------------------------------------------


def test_text_is_extracted_with_norwegian_letters_intact():
    status, text = extract_pdf_text(plan_pdf())
    assert status == "ok"
    assert text.splitlines() == ["Handlingsplan for allmennlegetjenesten", *PLAN]


def test_the_child_process_gives_the_same_text():
    assert read_pdf(plan_pdf()) == extract_pdf_text(plan_pdf())


def test_a_file_object_is_read_like_bytes():
    assert extract_pdf_text(io.BytesIO(plan_pdf())) == extract_pdf_text(plan_pdf())


def test_whitespace_is_normalised_and_nul_and_controls_removed():
    assert normalise("  Fast\x00lege \t ordningen \n\n\n  listetak\x07  \ud800") == "Fastlege ordningen\nlistetak"
    status, text = extract_pdf_text(make_pdf("Null\x00tegn", ["a\x00b    c"]))
    assert status == "ok" and "\x00" not in text and "ab c" in text


def test_only_the_first_pages_are_read(monkeypatch):
    many_pages = make_pdf("Lang rapport", [f"Avsnitt {n} om fastleger i kommunene." for n in range(120)])
    assert len(PdfReader(io.BytesIO(many_pages)).pages) >= 3
    monkeypatch.setattr(pdf_text, "MAX_PAGES", 1)
    status, text = extract_pdf_text(many_pages)
    assert status == "ok"
    assert "Avsnitt 0 " in text and "Avsnitt 119 " not in text


def test_text_is_capped(monkeypatch):
    monkeypatch.setattr(pdf_text, "MAX_CHARS", 60)
    status, text = extract_pdf_text(plan_pdf())
    assert status == "ok" and 0 < len(text) <= 60


def test_an_encrypted_pdf_is_skipped():
    assert extract_pdf_text(encrypted_pdf()) == ("encrypted", "")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(plan_pdf()[: len(plan_pdf()) // 2], id="truncated"),
        pytest.param(plan_pdf()[:-40], id="without-trailer"),
        pytest.param(b"%PDF-1.7\n" + bytes(range(256)) * 64, id="garbage-after-header"),
        pytest.param(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n%%EOF\n", id="self-referencing"),
    ],
)
def test_a_broken_pdf_is_skipped(content):
    assert extract_pdf_text(content) == ("broken", "")
    assert read_pdf(content) == ("broken", "")


def test_something_else_named_pdf_is_not_parsed():
    assert extract_pdf_text(b"Helseregion;Fastleger\nNord;560\n") == ("not_pdf", "")


def test_a_file_over_the_size_limit_is_not_parsed(monkeypatch):
    monkeypatch.setattr(pdf_text, "MAX_FILE_BYTES", 100)
    assert extract_pdf_text(plan_pdf()) == ("too_large", "")


def test_a_parse_that_takes_too_long_is_stopped_and_logged(monkeypatch, caplog):
    monkeypatch.setattr(pdf_text, "EXTRACTION_TIMEOUT", 0.01)
    with caplog.at_level(logging.WARNING, logger="search.pdf_text"):
        assert read_pdf(plan_pdf(), document_id=41) == ("broken", "")
    assert "Document 41" in caplog.text and "stopped" in caplog.text


def test_a_parse_that_runs_out_of_memory_is_stopped_and_logged(monkeypatch, caplog):
    monkeypatch.setattr(pdf_text, "CHILD_MEMORY_LIMIT", 16 * 1024 * 1024)  # too little even to start pypdf
    with caplog.at_level(logging.WARNING, logger="search.pdf_text"):
        assert read_pdf(plan_pdf(), document_id=42) == ("broken", "")
    assert "Document 42" in caplog.text


def test_statuses_match_the_cache_model():
    ours = {pdf_text.OK, pdf_text.ENCRYPTED, pdf_text.BROKEN, pdf_text.NOT_PDF, pdf_text.TOO_LARGE}
    assert ours == set(DocumentText.Status.values)


# --- Documents and the cache -------------------------------------------------------------------


@pytest.mark.django_db
def test_documents_text_reads_each_pdf_once_and_caches_it(parse_count):
    document = make_document(plan_pdf())
    assert "æøå ÆØÅ" in documents_text([document, document])
    assert parse_count == [document.pk]

    cached = DocumentText.objects.get(document=document)
    assert cached.status == "ok" and "ALIS-avtalar" in cached.text and len(cached.file_hash) == 64

    fresh = get_document_model().objects.get(pk=document.pk)  # as a later indexing run would load it
    assert "ALIS-avtalar" in documents_text([fresh])
    assert parse_count == [document.pk]  # not parsed again
    assert DocumentText.objects.get(document=document).extracted_at == cached.extracted_at


@pytest.mark.django_db
def test_a_replaced_file_is_read_again(parse_count):
    document = make_document(plan_pdf())
    documents_text([document])
    document.file = ContentFile(make_pdf("Ny versjon", ["Nå med listetak for alle."]), name="plan-v2.pdf")
    document.save()

    text = documents_text([get_document_model().objects.get(pk=document.pk)])
    assert "listetak for alle" in text and "ALIS-avtalar" not in text
    assert parse_count == [document.pk, document.pk]


@pytest.mark.django_db
def test_an_encrypted_document_is_logged_recorded_and_not_retried(parse_count, caplog):
    document = make_document(encrypted_pdf(), "hemmelig.pdf")
    with caplog.at_level(logging.WARNING, logger="search.pdf_text"):
        assert documents_text([document]) == ""
    assert f"Document {document.pk}" in caplog.text and "encrypted" in caplog.text
    assert DocumentText.objects.get(document=document).status == "encrypted"

    caplog.clear()
    assert documents_text([get_document_model().objects.get(pk=document.pk)]) == ""
    assert parse_count == [document.pk]  # the verdict is cached with the file's hash
    assert caplog.text == ""  # and not logged at every reindex


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "status"),
    [
        (plan_pdf()[: len(plan_pdf()) // 2], "broken"),
        (b"%PDF-1.5\n" + b"\x00\xff" * 4000, "broken"),
        (b"<html>Not a PDF at all</html>", "not_pdf"),
    ],
    ids=["truncated", "garbage", "html-named-pdf"],
)
def test_a_bad_document_is_logged_and_skipped(content, status, caplog):
    good = make_document(plan_pdf(), "god.pdf")
    bad = make_document(content, "skadet.pdf")
    with caplog.at_level(logging.WARNING, logger="search.pdf_text"):
        text = documents_text([bad, good])
    assert "Handlingsplanen skal" in text  # the good one still counts
    assert f"Document {bad.pk}" in caplog.text and status in caplog.text
    assert DocumentText.objects.get(document=bad).status == status


@pytest.mark.django_db
def test_other_documents_are_never_opened(parse_count, monkeypatch):
    csv = make_document(b"Helseregion;Fastleger\n", "fastleger.csv")
    docx = make_document(b"PK\x03\x04", "notat.docx")
    opened = []
    monkeypatch.setattr(type(csv.file), "open", lambda self, mode="rb": opened.append(self.name))
    assert documents_text([csv, docx]) == ""
    assert opened == [] and parse_count == []
    assert not DocumentText.objects.exists()


@pytest.mark.django_db
def test_a_too_large_document_is_recorded_without_reading(monkeypatch, parse_count, caplog):
    document = make_document(plan_pdf())
    monkeypatch.setattr(pdf_text, "MAX_FILE_BYTES", 1000)
    with caplog.at_level(logging.WARNING, logger="search.pdf_text"):
        assert documents_text([document]) == ""
    assert parse_count == []
    assert DocumentText.objects.get(document=document).status == "too_large"
    assert "too_large" in caplog.text


@pytest.mark.django_db
def test_a_missing_file_is_logged_not_raised(caplog):
    document = make_document(plan_pdf())
    document.file.storage.delete(document.file.name)
    with caplog.at_level(logging.WARNING, logger="search.pdf_text"):
        assert documents_text([document]) == ""
    assert f"Document {document.pk}" in caplog.text


@pytest.mark.django_db
def test_a_document_in_a_private_collection_is_not_read(parse_count):
    from wagtail.models import Collection, CollectionViewRestriction

    internal = Collection.get_first_root_node().add_child(name="Internt")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
    document = make_document(plan_pdf())
    document.collection = internal
    document.save()
    assert documents_text([document]) == ""
    assert parse_count == []


@pytest.mark.django_db
def test_all_attachments_of_a_page_are_capped_together(monkeypatch):
    first = make_document(make_pdf("En", ["Første dokument om fastleger. " * 20]), "en.pdf")
    second = make_document(make_pdf("To", ["Andre dokument om legevakt. " * 20]), "to.pdf")
    monkeypatch.setattr(pdf_text, "MAX_CHARS", 300)
    text = documents_text([first, second])
    assert len(text) <= 300 and "Første dokument" in text


# --- A page with a broken attachment ----------------------------------------------------------


@pytest.mark.django_db
def test_a_page_with_a_broken_pdf_is_prepared_without_its_text(home_page, caplog):
    broken = make_document(plan_pdf()[: len(plan_pdf()) // 2], "skadet.pdf")
    page = GuidancePageFactory(
        parent=home_page,
        title="Tilskudd",
        attachments=[{"type": "document", "value": {"document": broken.pk, "title": ""}}],
    )
    with caplog.at_level(logging.WARNING, logger="search.pdf_text"):
        document = searchable.prepare(page)
    assert document.title == "Tilskudd" and document.attachments == ""
    assert f"Document {broken.pk}" in caplog.text


# Migrations' data (the default Locale) is restored after the flush, for the tests that follow.
@pytest.mark.django_db(transaction=True)
def test_a_page_with_a_broken_pdf_still_publishes_and_is_found(home_page, search_backend):
    from search.contract import SearchQuery

    broken = make_document(b"%PDF-1.4\n" + b"\x13\x37" * 5000, "skadet.pdf")
    good = make_document(plan_pdf(), "plan.pdf")
    page = GuidancePageFactory(
        parent=home_page,
        title="Tilskudd til ALIS",
        live=False,
        attachments=[
            {"type": "document", "value": {"document": broken.pk, "title": ""}},
            {"type": "document", "value": {"document": good.pk, "title": ""}},
        ],
    )
    page.save_revision().publish()  # outside any test transaction: the commit runs the index task

    page.refresh_from_db()
    assert page.live
    found = search_backend.search(SearchQuery(text="ærfugl"))
    assert [hit.page_id for hit in found.hits] == [page.pk]  # found by the good PDF's text
    assert DocumentText.objects.get(document=broken).status == "broken"


@pytest.fixture
def search_backend(settings, tmp_path):
    """The embedded index in a file of its own for this test."""
    pytest.importorskip("search.backends.embedded", reason="the embedded backend is not written yet")
    from search.backends import get_backend, reset_backend

    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_PATH = tmp_path / "index.sqlite3"
    reset_backend()
    backend = get_backend()
    backend.clear()
    yield backend
    reset_backend()
