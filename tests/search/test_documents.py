"""Each searchable page type flattened to an IndexDocument: the right text in the right field,
and nothing that is markup, an id, a URL or an editor's marker."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from conference.factories import ConferenceIndexPageFactory, ConferencePageFactory
from conference.models import Session, Speaker
from core.models import Footnote
from demo.documents import make_pdf
from newsletter.factories import NewsletterArchivePageFactory, NewsletterIssuePageFactory
from pages.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    ChapterPageFactory,
    GuidancePageFactory,
    ReportPageFactory,
    heading,
    paragraph,
)
from podcast.factories import PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.models import EpisodeChapter, EpisodePerson, PodcastShowPage
from search import searchable
from search.stream_text import attached_document_ids, fetch_documents, stream_text

PUBLISHED = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
SUBSTANTIVE = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
UPDATED = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)


# --- Content the pages share ---------------------------------------------------------------


def png_image(title: str = "Fastlegekontor"):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="kontor.png"))


def pdf_document(title: str, paragraphs: list[str], filename: str = "vedlegg.pdf"):
    document = get_document_model()(title=title)
    document.file = ContentFile(make_pdf(title, paragraphs), name=filename)
    document.save()
    return document


@pytest.fixture
def image(db):
    return png_image()


@pytest.fixture
def action_plan_pdf(db):
    return pdf_document(
        "Handlingsplan – sammendrag",
        ["Tiltakene skal gjøre det mer attraktivt å være fastlege i distriktene.", "Blåbærskog og ørretfiske."],
        "handlingsplan.pdf",
    )


@pytest.fixture
def grants_csv(db):
    document = get_document_model()(title="Tilskudd (CSV)")
    document.file = ContentFile("Ordning;Beløp\nALIS;12\n".encode(), name="tilskudd.csv")
    document.save()
    return document


def rich_guidance_body(image, pdf, csv) -> list[dict]:
    """Every kind of content block, as editors fill them in."""
    return [
        heading("Bakgrunn"),
        paragraph(
            "<p>Programmet styrker <b>fastlegeordningen</b>[^kilde] i hele landet. Les "
            '<a href="https://www.regjeringen.no/handlingsplan">handlingsplanen</a> &amp; rapporten.</p>'
            "<ul><li>Rekruttering</li><li>Stabilitet</li></ul>"
        ),
        {
            "type": "figure",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "Alternativtekst om kontoret"},
                "caption": "Et legekontor i Vardø.",
                "source": "Foto: Programmet",
            },
        },
        heading("Slik søker kommunen", "h3"),
        {
            "type": "table",
            "value": {
                "caption": "Fastleger per helseregion",
                "table": {
                    "caption": "",
                    "columns": [{"type": "text", "heading": "Helseregion"}, {"type": "number", "heading": "Leger"}],
                    "rows": [{"values": ["Helse Nord", 560]}, {"values": ["Helse Vest", 1080]}],
                },
                "first_column_is_header": True,
                "source": "FLO",
            },
        },
        {
            "type": "fact_cards",
            "value": {
                "heading": "Ordningen i tall",
                "cards": [{"figure": "5 000", "label": "fastleger i Norge", "source": "SSB"}],
            },
        },
        {"type": "quote", "value": {"quote": "Fastlegen er grunnmuren.", "attribution": "Programleder"}},
        {
            "type": "accordion",
            "value": {
                "heading": "Ofte stilte spørsmål",
                "items": [{"question": "Hva er et listetak?", "answer": "<p>Det høyeste antallet på en liste.</p>"}],
            },
        },
        {
            "type": "video",
            "value": {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "Hva gjør en fastlege?",
                "description": "Tekstversjon av videoen.",
            },
        },
        {
            "type": "documents",
            "value": {
                "heading": "Dokumenter",
                "documents": [{"document": pdf.pk, "title": "Sammendraget"}, {"document": csv.pk, "title": ""}],
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Søk tilskudd",
                "text": "Fristen er 1. mars.",
                "link": {"page": None, "url": "https://www.helsedirektoratet.no/tilskudd", "text": "Til søknaden"},
            },
        },
        {
            "type": "key_figures",
            "value": {
                "heading": "Nøkkeltall",
                "indicators": ["gp_agreements"],
                "level": "municipality",
                "county": "",
                "municipality": "1804",
                "month": None,
            },
        },
    ]


@pytest.fixture
def guidance(home_page, image, action_plan_pdf, grants_csv):
    page = GuidancePageFactory(
        parent=home_page,
        title="ALIS-tilskudd",
        slug="alis-tilskudd",
        language="nb",
        summary="Tilskudd til  kommuner\nsom ansetter leger i spesialisering.",
        body=rich_guidance_body(image, action_plan_pdf, grants_csv),
        attachments=[{"type": "document", "value": {"document": action_plan_pdf.pk, "title": ""}}],
        first_published_at=PUBLISHED,
        last_published_at=UPDATED,
        last_substantive_change_at=SUBSTANTIVE,
    )
    Footnote.objects.create(page=page, key="kilde", text='<p>Kilde: <a href="https://ssb.no">SSB</a> 2024.</p>')
    page.tags.add("Rekruttering", "ALIS")
    page.save()
    return page


# --- Guidance: every field ---------------------------------------------------------------------


def test_guidance_page_fields(guidance):
    document = searchable.prepare(guidance)

    assert document.key == f"page:{guidance.pk}"
    assert document.page_id == guidance.pk
    assert document.content_type == "guidance"
    assert document.title == "ALIS-tilskudd"
    assert document.summary == "Tilskudd til kommuner\nsom ansetter leger i spesialisering."
    assert document.language == "nb"
    assert document.url == "/alis-tilskudd/"
    assert document.headings == ("Bakgrunn", "Slik søker kommunen")
    assert document.footnotes == "Kilde: SSB 2024."
    assert document.topics == ("ALIS", "Rekruttering")
    assert document.breadcrumbs == ()
    assert document.first_published == PUBLISHED
    assert document.last_updated == UPDATED
    assert document.last_substantive_change == SUBSTANTIVE
    assert document.year == 2025


def test_guidance_body_is_the_words_readers_see(guidance):
    body = searchable.prepare(guidance).body
    lines = body.splitlines()

    assert "Programmet styrker fastlegeordningen i hele landet. Les handlingsplanen & rapporten." in lines
    assert {"Rekruttering", "Stabilitet"} <= set(lines)  # list items are separate words, not "RekrutteringStabilitet"
    assert "Et legekontor i Vardø." in lines and "Foto: Programmet" in lines
    assert "Fastleger per helseregion" in lines and "Helse Nord 560" in lines and "Helse Vest 1080" in lines
    assert "Helseregion Leger" in lines
    assert {"Ordningen i tall", "5 000", "fastleger i Norge", "SSB"} <= set(lines)
    assert {"Fastlegen er grunnmuren.", "Programleder"} <= set(lines)
    assert {"Hva er et listetak?", "Det høyeste antallet på en liste."} <= set(lines)
    assert {"Hva gjør en fastlege?", "Tekstversjon av videoen."} <= set(lines)
    assert {"Dokumenter", "Sammendraget", "Søk tilskudd", "Fristen er 1. mars.", "Til søknaden"} <= set(lines)
    assert "Nøkkeltall" in lines


@pytest.mark.parametrize(
    "absent",
    [
        "<",  # no markup
        "&amp;",  # entities decoded
        "[^",  # footnote markers
        "kilde",  # ... including their keys
        "http",  # no URLs from link, video or call-to-action blocks
        "youtube",
        "h2",  # no choice values
        "h3",
        "Nivå",  # ... nor their labels
        "municipality",
        "1804",  # nor codes from regex blocks
        "gp_agreements",
        "Alternativtekst",  # alt text is not page text
        "Bakgrunn",  # headings have their own field
        "True",
    ],
)
def test_guidance_body_leaves_out(guidance, absent):
    assert absent not in searchable.prepare(guidance).body


def test_guidance_body_has_no_ids(home_page, image, action_plan_pdf, grants_csv):
    """Chooser blocks store ids; none may reach the text. The ids are moved to numbers no
    text on the page holds (small ids such as 5 also occur as words in the content)."""
    ids = {}
    for stored, distinct in ((image, 987_601), (action_plan_pdf, 987_602), (grants_csv, 987_603)):
        type(stored).objects.filter(pk=stored.pk).update(id=distinct)
        stored.pk = stored.id = distinct
        ids[str(distinct)] = stored
    page = GuidancePageFactory(
        parent=home_page, title="Med valgte filer", body=rich_guidance_body(image, action_plan_pdf, grants_csv)
    )
    words = set(searchable.prepare(page).body.split())
    assert not set(ids) & words


def test_attachments_are_the_text_of_attached_pdfs_only(guidance):
    attachments = searchable.prepare(guidance).attachments
    assert "Tiltakene skal gjøre det mer attraktivt å være fastlege i distriktene." in attachments
    assert "Blåbærskog og ørretfiske." in attachments
    assert attachments.count("Blåbærskog") == 1  # in the body and the attachments field, read once
    assert "ALIS;12" not in attachments  # the CSV is not read


# --- Stream helpers ----------------------------------------------------------------------------


def test_wagtail_searchable_content_would_index_choices_markers_and_alt_text(guidance):
    """Why stream_text walks the stream itself: Wagtail's own extraction gets these wrong."""
    wagtail_text = " ".join(guidance.body.stream_block.get_searchable_content(guidance.body))
    assert {"[^kilde]", "Nivå 2", "En kommune", "Alternativtekst"} <= {
        word for word in ("[^kilde]", "Nivå 2", "En kommune", "Alternativtekst") if word in wagtail_text
    }
    ours = stream_text(guidance.body)
    assert not any(word in ours for word in ("[^kilde]", "Nivå 2", "En kommune", "Alternativtekst"))
    assert "Bakgrunn" in ours  # without exclude, headings are text too


def test_stream_text_reads_values_set_in_python(home_page):
    """A stream whose blocks were assigned as Python values (not loaded from the database)."""
    page = GuidancePageFactory(parent=home_page, body=[])
    page.body = [("heading", {"text": "Mål", "level": "h2"}), ("paragraph", "<p>Flere&nbsp;fastleger.</p>")]
    assert stream_text(page.body) == "Mål\nFlere fastleger."


def test_stream_text_reads_list_items_in_the_old_format(home_page):
    page = GuidancePageFactory(
        parent=home_page,
        body=[{"type": "fact_cards", "value": {"heading": "", "cards": [{"figure": "93 %", "label": "dekning"}]}}],
    )
    assert stream_text(page.body) == "93 %\ndekning"


def test_stream_text_of_nothing():
    assert stream_text(None) == ""


def test_attached_documents_are_found_anywhere_in_order_once(home_page, action_plan_pdf, grants_csv):
    other = pdf_document("Mandat", ["Referansegruppa gjev råd."], "mandat.pdf")
    page = GuidancePageFactory(
        parent=home_page,
        body=[
            paragraph(f'<p>Se <a linktype="document" id="{other.pk}">mandatet</a>.</p>'),  # inline: not attached
            {
                "type": "documents",
                "value": {
                    "heading": "",
                    "documents": [
                        {"type": "item", "id": "a", "value": {"document": grants_csv.pk, "title": ""}},
                        {"type": "item", "id": "b", "value": {"document": action_plan_pdf.pk, "title": ""}},
                        {"type": "item", "id": "c", "value": {"document": grants_csv.pk, "title": "Igjen"}},
                        {"type": "item", "id": "d", "value": {"document": 999_999, "title": "Slettet"}},
                    ],
                },
            },
        ],
    )
    assert attached_document_ids(page.body) == [grants_csv.pk, action_plan_pdf.pk, 999_999]
    assert fetch_documents(attached_document_ids(page.body)) == [grants_csv, action_plan_pdf]


# --- Reports and chapters --------------------------------------------------------------------


@pytest.fixture
def annual_report(home_page):
    pdf = pdf_document("Årsrapport 2024", ["Antallet fastleger økte med 120 i løpet av året."], "arsrapport.pdf")
    report = ReportPageFactory(
        parent=home_page,
        title="Årsrapport 2024",
        year=2024,
        summary="Programmets første hele driftsår.",
        body=[paragraph("<p>Forord fra programlederen.</p>")],
        attachments=[{"type": "document", "value": {"document": pdf.pk, "title": "Hele rapporten"}}],
        first_published_at=PUBLISHED,  # published in 2025, about 2024
    )
    report.tags.add("Årsrapport", "Økonomi")
    report.save()
    results = ChapterPageFactory(parent=report, title="Resultater")
    recruitment = ChapterPageFactory(
        parent=results,
        title="Rekruttering",
        body=[heading("Nye fastleger"), paragraph("<p>Flere unge leger valgte allmennmedisin.</p>")],
        first_published_at=PUBLISHED,
    )
    return report, results, recruitment


def test_report_document(annual_report):
    report, _, _ = annual_report
    document = searchable.prepare(report)
    assert document.content_type == "report"
    assert document.year == 2024  # the report's year, not the publication date's
    assert document.topics == ("Årsrapport", "Økonomi")
    assert document.body == "Forord fra programlederen."
    assert "Antallet fastleger økte med 120 i løpet av året." in document.attachments
    assert document.breadcrumbs == ()


def test_chapter_has_report_breadcrumbs_topics_and_year(annual_report):
    report, results, recruitment = annual_report
    document = searchable.prepare(recruitment)
    assert document.content_type == "chapter"
    assert document.title == "Rekruttering"  # no "2.1": numbers move when siblings do
    assert document.breadcrumbs == ("Årsrapport 2024", "Resultater")
    assert searchable.prepare(results).breadcrumbs == ("Årsrapport 2024",)
    assert document.topics == ("Årsrapport", "Økonomi")
    assert document.year == 2024
    assert document.headings == ("Nye fastleger",)
    assert document.body == "Flere unge leger valgte allmennmedisin."
    assert document.url == f"/{report.slug}/{results.slug}/{recruitment.slug}/"


def test_chapter_breadcrumbs_start_at_the_nearest_report(home_page):
    outer = GuidancePageFactory(parent=home_page, title="Veiledning")
    report = ReportPageFactory(parent=outer, title="Evaluering", year=None)
    chapter = ChapterPageFactory(parent=report, title="Metode", first_published_at=PUBLISHED)
    document = searchable.prepare(chapter)
    assert document.breadcrumbs == ("Evaluering",)
    assert document.year == 2025  # no report year: the chapter's own date


# --- Campaigns -----------------------------------------------------------------------------------


def test_campaign_document(home_page, image):
    index = CampaignIndexPageFactory(parent=home_page)
    campaign = CampaignPageFactory(
        parent=index,
        title="Bli fastlege i nord",
        language="nn",
        body=[
            {
                "type": "hero",
                "value": {
                    "heading": "Bli fastlege",
                    "text": "Eit yrke med meining.",
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Ein lege ved sjøen"},
                },
            },
            {
                "type": "testimonial",
                "value": {
                    "quote": "Eg trivst.",
                    "name": "Ingrid Solberg",
                    "role": "Fastlege i Vardø",
                    "portrait": None,
                },
            },
            {
                "type": "faq",
                "value": {"heading": "", "items": [{"question": "Kva tener ein?", "answer": "<p>Mykje.</p>"}]},
            },
        ],
    )
    campaign.tags.add("Rekruttering")
    campaign.save()

    document = searchable.prepare(campaign)
    assert document.content_type == "campaign"
    assert document.language == "nn"
    assert document.topics == ("Rekruttering",)
    assert document.body.splitlines() == [
        "Bli fastlege",
        "Eit yrke med meining.",
        "Eg trivst.",
        "Ingrid Solberg",
        "Fastlege i Vardø",
        "Kva tener ein?",
        "Mykje.",
    ]
    assert document.url == "/kampanjer/" + campaign.slug + "/"
    assert searchable.prepare(index) is None  # a listing: its campaigns are found themselves


# --- Podcast -------------------------------------------------------------------------------------


@pytest.fixture
def show(home_page):
    return PodcastShowPageFactory(
        parent=home_page,
        description="Samtaler om  fastlegeordningen.",
        summary="En podkast fra programmet.",
        first_published_at=PUBLISHED,
    )


@pytest.fixture
def episode(show):
    episode = PodcastEpisodePageFactory(
        parent=show,
        title="Listetak i praksis",
        summary="Hvordan setter du listetaket?",
        show_notes='<p>Vi snakker om <a href="https://example.no/listetak">listetak</a>.</p><ul><li>Tips</li></ul>',
        transcript_text="Velkommen til podden.\n\nI dag snakker vi om listetak.",
        first_published_at=PUBLISHED,
    )
    EpisodePerson.objects.create(page=episode, name="Kari Nordmann", description="fastlege i Bodø", role="guest")
    EpisodePerson.objects.create(page=episode, name="Ola Vert", role="host")
    EpisodeChapter.objects.create(page=episode, start_seconds=0, title="Innledning")
    EpisodeChapter.objects.create(page=episode, start_seconds=95, title="Hva er et listetak?")
    return episode


def test_podcast_episode_document(episode):
    document = searchable.prepare(episode)
    assert document.content_type == "episode"
    assert document.title == "Listetak i praksis"
    assert document.summary == "Hvordan setter du listetaket?"
    assert document.headings == ("Innledning", "Hva er et listetak?")
    assert document.breadcrumbs == ("Fastlegepodden",)
    assert document.body.splitlines() == [
        "Vi snakker om listetak.",
        "Tips",
        "Kari Nordmann, fastlege i Bodø",
        "Ola Vert",
        "Velkommen til podden.",
        "I dag snakker vi om listetak.",
    ]
    assert document.url == "/fastlegepodden/listetak-i-praksis/"


def test_podcast_show_document(show):
    document = searchable.prepare(show)
    assert (document.content_type, document.title) == ("podcast", "Fastlegepodden")
    assert document.summary == "En podkast fra programmet."
    assert document.body == "Samtaler om fastlegeordningen."


def test_episode_breadcrumbs_come_with_the_bulk_query(episode):
    from podcast.documents import PodcastEpisodeDocument

    (page,) = PodcastEpisodeDocument.queryset()
    assert page.parent_title == "Fastlegepodden"
    with CaptureQueriesContext(connection) as queries:
        assert PodcastEpisodeDocument(page).prepare_breadcrumbs() == ["Fastlegepodden"]
    assert len(queries) == 0


# --- Newsletter ----------------------------------------------------------------------------------


def test_newsletter_issue_document(home_page, image, guidance):
    archive = NewsletterArchivePageFactory(parent=home_page, intro="Alle utgavene av nyhetsbrevet.")
    issue = NewsletterIssuePageFactory(
        parent=archive,
        title="Fastlegenytt mars 2024",
        summary="",
        preheader="Ferske tall og nytt fra programmet",
        issue_month=datetime(2024, 3, 1).date(),
        first_published_at=PUBLISHED,
        body=[
            {"type": "heading", "value": {"text": "Nytt fra programmet"}},
            {"type": "rich_text", "value": "<p>Nå kan <i>kommunene</i> søke.</p>"},
            {"type": "image", "value": {"image": image.pk, "alt": "Et kontor sett utenfra", "caption": "Kontoret."}},
            {"type": "article", "value": {"page": guidance.pk, "title": "", "summary": "", "show_image": True}},
            {"type": "article", "value": {"page": guidance.pk, "title": "Egen tittel", "summary": "Egen ingress"}},
            {"type": "button", "value": {"text": "Les mer", "page": None, "url": "https://allmenn.example/"}},
            {"type": "divider", "value": None},
        ],
    )
    document = searchable.prepare(issue)
    assert document.content_type == "newsletter"
    assert document.summary == "Ferske tall og nytt fra programmet"
    assert document.headings == ("Nytt fra programmet",)
    assert document.body.splitlines() == [
        "Nå kan kommunene søke.",
        "Kontoret.",
        "ALIS-tilskudd",  # the teaser shows the page's title when the editor gave none
        "Egen tittel",
        "Egen ingress",
        "Les mer",
    ]
    assert document.year == 2024  # the issue's month

    archive_document = searchable.prepare(archive)
    assert archive_document.content_type == "newsletter"
    assert archive_document.body == "Alle utgavene av nyhetsbrevet."
    assert archive_document.year is None


# --- Conference ----------------------------------------------------------------------------------


def test_conference_document(home_page):
    index = ConferenceIndexPageFactory(parent=home_page)
    starts = datetime(2026, 4, 20, 8, 0, tzinfo=UTC)
    conference = ConferencePageFactory(
        parent=index,
        title="Fastlegekonferansen 2026",
        summary="To dager om fastlegeordningen.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=30),
        registration_opens_at=starts - timedelta(days=90),
        registration_closes_at=starts - timedelta(days=2),
        stream_info="Konferansen strømmes.",
        practical_information="<p>Lunsj er <b>inkludert</b>.</p>",
        body=[heading("Program"), paragraph("<p>Velkommen til Oslo.</p>")],
    )
    Session.objects.create(
        conference=conference,
        starts_at=starts + timedelta(hours=2),
        title="Listetak og arbeidstid",
        speakers="Kari Lege",
    )
    Session.objects.create(
        conference=conference, starts_at=starts, title="Åpning", speakers="Helseministeren", room="Sal 1"
    )
    Speaker.objects.create(
        conference=conference, name="Kari Lege", role="Fastlege i Bodø", bio="Har skrevet om listetak."
    )

    document = searchable.prepare(conference)
    assert document.content_type == "conference"
    assert document.headings == ("Program", "Åpning", "Listetak og arbeidstid")  # sessions in time order
    lines = document.body.splitlines()
    assert {"Oslo Kongressenter", "Youngs gate 21, 0181 Oslo", "Konferansen strømmes.", "Lunsj er inkludert."} <= set(
        lines
    )
    assert {"Velkommen til Oslo.", "Helseministeren", "Sal 1", "Kari Lege, Fastlege i Bodø"} <= set(lines)
    assert "Har skrevet om listetak." in lines
    assert "strom.allmenn.example" not in document.body  # the stream link is for registrants only
    assert document.year == 2026
    assert searchable.prepare(index) is None


# --- Statistics ----------------------------------------------------------------------------------


def test_statistics_page_is_found_by_its_introduction(home_page):
    from flo.models import StatisticsPage

    page = StatisticsPage(
        title="Fastlegestatistikk",
        slug="statistikk",
        body=[paragraph("<p>Tallene kommer fra fastlegeregisteret.</p>")],
        first_published_at=PUBLISHED,
    )
    home_page.add_child(instance=page)
    document = searchable.prepare(page)
    assert (document.content_type, document.body, document.year) == (
        "statistics",
        "Tallene kommer fra fastlegeregisteret.",
        None,
    )


# --- What is not indexed -------------------------------------------------------------------------


def test_unpublished_page_is_not_indexed(home_page):
    draft = GuidancePageFactory(parent=home_page, live=False, first_published_at=None, last_published_at=None)
    assert searchable.prepare(draft) is None


def test_private_page_and_everything_below_it_are_not_indexed(home_page):
    parent = GuidancePageFactory(parent=home_page, title="Internt")
    child = GuidancePageFactory(parent=parent, title="Internt notat")
    assert searchable.prepare(child) is not None
    PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)
    assert searchable.prepare(parent) is None
    assert searchable.prepare(child) is None


def test_pages_of_unregistered_types_are_not_indexed(home_page):
    from search.models import SearchPage

    search_page = SearchPage(title="Søk", slug="sok")
    home_page.add_child(instance=search_page)
    assert searchable.prepare(home_page) is None
    assert searchable.prepare(search_page) is None


def test_every_type_has_a_slug_and_a_label():
    types = searchable.content_types()
    assert set(types) == {
        "guidance",
        "report",
        "chapter",
        "campaign",
        "statistics",
        "podcast",
        "episode",
        "newsletter",
        "conference",
    }
    assert all(label for label in types.values())


# --- Bulk preparation -------------------------------------------------------------------------------


def make_guidance_pages(home, count: int, image) -> None:
    """Pages with a heading, a footnote marker, a figure (an image id), a footnote and tags."""
    for number in range(count):
        page = GuidancePageFactory(
            parent=home,
            body=[
                heading(f"Del {number}"),
                paragraph(f"<p>Tekst[^n{number}] nummer {number}.</p>"),
                {"type": "figure", "value": {"image": {"image": image.pk, "alt_text": "x"}, "caption": "Figur"}},
            ],
        )
        Footnote.objects.create(page=page, key=f"n{number}", text=f"<p>Fotnote {number}</p>")
        page.tags.add("Rekruttering", f"Emne {number}")


def make_episodes(home, count: int, image) -> None:
    """Episodes with people and chapters, under one show (their breadcrumb)."""
    show = PodcastShowPage.objects.first() or PodcastShowPageFactory(parent=home, title="Podden")
    for _ in range(count):
        episode = PodcastEpisodePageFactory(parent=show, show_notes="<p>Notater.</p>", transcript_text="Hei.")
        EpisodePerson.objects.create(page=episode, name="Kari")
        EpisodeChapter.objects.create(page=episode, start_seconds=0, title="Start")


def make_conferences(home, count: int, image) -> None:
    """Conferences with a session and a speaker each."""
    from conference.models import ConferenceIndexPage

    index = ConferenceIndexPage.objects.first() or ConferenceIndexPageFactory(parent=home)
    for _ in range(count):
        conference = ConferencePageFactory(parent=index, body=[paragraph("<p>Velkommen.</p>")])
        Session.objects.create(conference=conference, starts_at=conference.starts_at, title="Åpning")
        Speaker.objects.create(conference=conference, name="Kari Lege")


def queries_to_prepare_all(document_class) -> tuple[int, int]:
    from django.core.cache import cache

    cache.clear()  # the site's root paths are cached: each count starts cold
    with CaptureQueriesContext(connection) as queries:
        documents = [document_class(page).prepare() for page in document_class.queryset()]
    return len(queries), len(documents)


@pytest.mark.parametrize(
    ("document_path", "make_pages"),
    [
        ("pages.documents.GuidanceDocument", make_guidance_pages),
        ("podcast.documents.PodcastEpisodeDocument", make_episodes),
        ("conference.documents.ConferenceDocument", make_conferences),
    ],
    ids=["guidance", "episode", "conference"],
)
def test_bulk_preparation_takes_the_same_queries_for_5_and_20_pages(home_page, image, document_path, make_pages):
    from django.utils.module_loading import import_string

    document_class = import_string(document_path)
    make_pages(home_page, 5, image)
    few, count = queries_to_prepare_all(document_class)
    assert count == 5
    make_pages(home_page, 15, image)
    many, count = queries_to_prepare_all(document_class)
    assert count == 20
    assert many == few, f"{few} queries for 5 pages, {many} for 20"
    assert few <= 6  # restrictions, pages, footnotes, two prefetches, the site's root paths


def test_a_chapter_costs_a_few_queries_of_its_own(annual_report):
    """Breadcrumbs, topics and year come from the report above: three queries per chapter
    (ancestors, the report, its tags), however deep the chapter is."""
    from pages.documents import ChapterDocument

    few, count = queries_to_prepare_all(ChapterDocument)
    assert count == 2
    _, results, _ = annual_report
    for number in range(3):
        ChapterPageFactory(parent=results, title=f"Underkapittel {number}")
    many, count = queries_to_prepare_all(ChapterDocument)
    assert count == 5
    assert many - few == 3 * 3


def test_all_documents_yields_every_searchable_page(guidance, annual_report, episode):
    report, results, recruitment = annual_report
    draft = GuidancePageFactory(parent=guidance, live=False)
    ids = {document.page_id for document in searchable.all_documents(batch_size=2)}
    assert {guidance.pk, report.pk, results.pk, recruitment.pk, episode.pk, episode.get_parent().pk} <= ids
    assert draft.pk not in ids
