"""The demo data command builds a complete site that renders, and a second run changes nothing.

The command runs once for the module inside a transaction that is rolled back at the
end, so most tests only read; the tests that run it again do so in their own
(rolled back) test transaction.
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site, WorkflowPage

from core.footnotes import markers_in
from core.models import Footnote, NavigationSettings, OrganisationSettings, PublicVersion
from core.reports import page_types
from demo.documents import make_pdf
from pages.chapters import ReportOutline
from pages.models import CampaignIndexPage, CampaignPage, ChapterPage, GuidancePage, HomePage, ReportPage

pytestmark = pytest.mark.django_db


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for every test in this module, and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo("--force")
        transaction.set_rollback(True)
    # Wagtail caches the site root paths; they point at pages that no longer exist.
    cache.clear()


def snapshot() -> dict[str, int]:
    """Row counts that a second run must leave alone."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "public versions": PublicVersion.objects.count(),
        "footnotes": Footnote.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "sites": Site.objects.count(),
        "workflow pages": WorkflowPage.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_creates_every_page_type(demo_output):
    counts = {model: model.objects.live().count() for model in (HomePage, CampaignIndexPage, CampaignPage)}
    counts |= {model: model.objects.live().count() for model in (GuidancePage, ReportPage, ChapterPage)}
    assert counts[HomePage] == 1
    assert counts[CampaignIndexPage] == 1
    assert counts[CampaignPage] >= 2
    assert counts[GuidancePage] >= 10
    assert counts[ReportPage] >= 2
    assert counts[ChapterPage] >= 8
    assert not Page.objects.filter(depth__gt=1, live=False).exists()


def test_home_page_replaces_the_welcome_page(demo_output):
    home = HomePage.objects.get()
    assert list(Page.objects.filter(depth=2)) == [home.page_ptr]
    site = Site.objects.get(is_default_site=True)
    assert (site.root_page_id, site.hostname, site.port) == (home.pk, "localhost", 80)
    assert home.hero_image_id and home.quick_links and home.featured_campaign.live


def test_pages_in_bokmal_nynorsk_and_english(demo_output):
    languages: dict[str, int] = {}
    for model in page_types():
        for language in model.objects.live().values_list("language", flat=True):
            languages[language] = languages.get(language, 0) + 1
    assert languages["nb"] > languages["nn"] >= 3
    assert languages["en"] >= 2


def test_annual_report_has_chapters_two_levels_deep(demo_output):
    report = ReportPage.objects.get(year=2025)
    outline = ReportOutline.for_report(report, request=None)
    numbers = [entry.number for entry in outline.in_order]
    assert numbers == ["1", "2", "2.1", "2.2", "2.3", "3", "3.1", "4"]
    assert report.attachments and report.footnotes.exists()
    tables = [block for chapter in ChapterPage.objects.descendant_of(report) for block in chapter.body]
    assert any(block.block_type == "table" for block in tables)


def test_one_page_has_two_public_versions_with_their_own_dates(demo_output):
    page_id = PublicVersion.objects.values_list("page", flat=True).first()
    versions = list(PublicVersion.objects.filter(page=page_id).order_by("published_at"))
    assert len(versions) == 2
    assert all(version.note for version in versions)
    page = Page.objects.get(pk=page_id).specific
    assert page.first_published_at < versions[0].published_at < versions[1].published_at
    assert page.last_substantive_change_at == versions[1].published_at
    # Each version keeps the content it had: the older one lacks the later additions.
    assert versions[0].content["body"] != versions[1].content["body"]


def test_footnotes_match_their_markers(demo_output):
    """Every footnote is referenced in its page's text, and every marker has a footnote."""
    pages = [page for model in page_types() for page in model.objects.live() if hasattr(page, "body")]
    pages_with_notes = 0
    for page in pages:
        keys = {note.key for note in page.footnotes.all()}
        markers = set(markers_in(str(block.value.source) for block in page.body if block.block_type == "paragraph"))
        assert keys == markers, page.title
        # The published revision carries the footnotes too, so a publish from the admin keeps them.
        assert {note["key"] for note in page.live_revision.content.get("footnotes", [])} == keys, page.title
        pages_with_notes += bool(keys)
    assert pages_with_notes >= 8


def test_stream_content_is_valid_for_editors(demo_output):
    """The raw block data passes the same validation as the admin form, so editors can save it."""
    for model in page_types():
        for page in model.objects.live():
            for name in ("body", "attachments", "quick_links"):
                value = getattr(page, name, None)
                if value is not None:
                    value.stream_block.clean(value)
            page.full_clean()
    navigation = NavigationSettings.objects.get()
    for value in (navigation.header_links, navigation.footer_links):
        value.stream_block.clean(value)


def test_campaign_uses_the_campaign_blocks(demo_output):
    campaign = CampaignPage.objects.get(slug="bli-fastlege")
    used = {block.block_type for block in campaign.body}
    expected = {"hero", "heading", "paragraph", "testimonial", "quote", "fact_cards", "call_to_action"}
    assert expected | {"gallery", "faq", "video", "related_links"} <= used
    assert campaign.social_image_id and campaign.social_text


def test_guidance_pages_nest_and_carry_documents_and_tags(demo_output):
    assert GuidancePage.objects.live().filter(depth__gte=5).exists()
    assert any(page.attachments for page in GuidancePage.objects.live())
    assert any(page.tags.exists() for page in GuidancePage.objects.live())
    assert get_document_model().objects.filter(file__endswith=".pdf").count() >= 3
    pdf = get_document_model().objects.filter(file__endswith=".pdf").first()
    with pdf.open_file() as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")


def test_site_settings_are_filled_in(demo_output):
    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    assert organisation.name == "Allmennlegeprogrammet"
    assert organisation.owner == "Helsedirektoratet"
    assert organisation.email and organisation.phone and organisation.organisation_number
    assert organisation.accessibility_statement.live and organisation.privacy_page.live
    navigation = NavigationSettings.for_site(site)
    assert len(navigation.header_links) >= 4 and navigation.footer_links


def test_guidance_and_reports_are_moderated_but_campaigns_are_not(demo_output):
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    guidance = GuidancePage.objects.get(slug="alis-avtalar")
    chapter = ChapterPage.objects.get(slug="rekruttering")
    assert guidance.get_workflow().name == "Faglig godkjenning"
    assert chapter.get_workflow().name == "Faglig godkjenning"
    assert CampaignPage.objects.first().get_workflow() is None
    assert HomePage.objects.get().get_workflow() is None


def test_prints_how_to_log_in(demo_output, settings):
    # The admin at the site's address (./dev start serves there; here the tests' own).
    assert f"URL:      {settings.WAGTAILADMIN_BASE_URL}/admin/" in demo_output
    assert "runserver" not in demo_output
    assert "admin" in demo_output and "allmenn-demo" in demo_output
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("allmenn-demo")


def test_every_live_page_renders(demo_output, client):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    for page in pages:
        response = client.get(page.url, HTTP_HOST="localhost")
        assert response.status_code == 200, page.url
    for version in PublicVersion.objects.select_related("page"):
        page = version.page.specific
        old_version_url = page.url + page.reverse_subpage("version", args=[version.pk])
        assert client.get(old_version_url, HTTP_HOST="localhost").status_code == 200
        assert client.get(page.url + page.reverse_subpage("versions"), HTTP_HOST="localhost").status_code == 200


def test_nynorsk_page_is_served_in_nynorsk(demo_output, client):
    page = GuidancePage.objects.get(slug="referansegruppa")
    response = client.get(page.url, HTTP_HOST="localhost")
    assert response["Content-Language"] == "nn"
    assert '<html lang="nn"' in response.content.decode()


def test_second_run_changes_nothing(demo_output):
    before = snapshot()
    output = load_demo("--force")
    assert snapshot() == before
    assert "nothing changed" in output


def test_reset_rebuilds_the_same_site(demo_output):
    before = snapshot()
    load_demo("--force", "--reset")
    after = snapshot()
    assert after == before
    assert HomePage.objects.get().live


def test_refuses_to_run_without_debug_or_force(demo_output, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setattr("demo.management.commands.load_demo_data.on_test_database", lambda: False)
    with pytest.raises(CommandError, match="--force"):
        load_demo()


def test_generated_pdf_is_well_formed():
    """The cross-reference table points at each object, so PDF readers open the file without repair."""
    pdf = make_pdf("Årsrapport – prøve", ["Første avsnitt med æ, ø og å. " * 20] * 40)
    assert pdf.startswith(b"%PDF-1.4\n")
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[xref_at:].startswith(b"xref\n")
    entries = pdf[xref_at:].split(b"\n")[3:]
    offsets = [int(entry[:10]) for entry in entries if entry.endswith(b" n ")]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    assert int(re.search(rb"/Count (\d+)", pdf).group(1)) > 1  # long text flows onto more pages
    for length, stream in re.findall(rb"/Length (\d+) >>\nstream\n(.*?)\nendstream", pdf, re.DOTALL):
        assert int(length) == len(stream)


def test_demo_newsletter_has_two_issues_and_subscribers(demo_site):
    from newsletter.models import NewsletterArchivePage, NewsletterIssuePage, Subscriber
    from newsletter.rendering import render_issue

    archive = NewsletterArchivePage.objects.get()
    issues = NewsletterIssuePage.objects.child_of(archive).live()
    assert issues.count() == 2
    assert Subscriber.objects.filter(status="confirmed").count() == 3
    assert Subscriber.objects.filter(status="pending").count() == 1
    text = render_issue(issues.first().specific, "nb").text
    assert "Kilde: FLO" in text or "Source: FLO" in text


def test_demo_has_an_upcoming_and_a_past_conference(demo_site):
    from conference.models import ConferencePage

    states = sorted(conference.state() for conference in ConferencePage.objects.live())
    assert states == ["open", "past"]
    upcoming = ConferencePage.objects.get(ends_at__gt=timezone.now())
    assert {t.kind for t in upcoming.ticket_types.all()} == {"in_person", "digital"}
    assert upcoming.questions.filter(sensitive=True).count() == 2
