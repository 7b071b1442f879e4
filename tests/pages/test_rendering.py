"""Each page type renders for the public: status, one h1, language, dates, breadcrumbs."""

import re

import pytest
from django.utils import timezone

from core.models import Footnote
from pages.factories import ChapterPageFactory, GuidancePageFactory


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([a-z-]+)"', html).group(1)


@pytest.fixture
def every_page_type(home_page, campaign_page, guidance_page, report_with_chapters):
    report, chapters = report_with_chapters
    return {
        "home": home_page,
        "campaign_index": campaign_page.get_parent().specific,
        "campaign": campaign_page,
        "guidance": guidance_page,
        "report": report,
        "chapter": chapters["2.1"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["home", "campaign_index", "campaign", "guidance", "report", "chapter"])
def test_page_renders(site_client, every_page_type, kind):
    page = every_page_type[kind]
    response = site_client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert html_lang(html) == "nb"
    assert response["Content-Language"] == "nb"
    assert 'href="#main"' in html and 'id="main"' in html
    if kind != "home":
        assert 'aria-label="Du er her"' in html
        assert f'aria-current="page" href="{page.url}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["campaign", "guidance", "report", "chapter"])
def test_content_pages_show_three_dates(site_client, every_page_type, kind):
    html = site_client.get(every_page_type[kind].url).content.decode()
    for label in ("Publisert", "Sist oppdatert", "Siste faglige endring"):
        assert f"<dt>{label}</dt>" in html, label


@pytest.mark.django_db
def test_breadcrumbs_follow_the_tree(site_client, report_with_chapters):
    _report, chapters = report_with_chapters
    html = site_client.get(chapters["2.1"].url).content.decode()
    trail = re.search(r'<nav class="ds-breadcrumbs.*?</nav>', html, re.S).group(0)
    titles = re.findall(r">([^<>]+)</a>", trail)
    assert titles == ["Allmennlegeprogrammet", "Årsrapport 2025", "Resultater", "Rekruttering"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "skip_link", "dates_label"),
    [
        ("nb", "Hopp til hovedinnhold", "Sist oppdatert"),
        ("nn", "Hopp til hovudinnhaldet", "Sist oppdatert"),
        ("en", "Skip to main content", "Last updated"),
    ],
)
def test_language_drives_lang_and_interface(site_client, home_page, language, skip_link, dates_label):
    page = GuidancePageFactory(parent=home_page, title=f"Side {language}", language=language)
    response = site_client.get(page.url)
    html = response.content.decode()
    assert html_lang(html) == language
    assert response["Content-Language"] == language
    assert skip_link in html
    assert f"<dt>{dates_label}</dt>" in html


@pytest.mark.django_db
def test_nynorsk_page_uses_nynorsk_strings(site_client, home_page):
    page = GuidancePageFactory(parent=home_page, title="Referansegruppa", language="nn")
    child = GuidancePageFactory(parent=page, title="Mandat", language="nn")
    html = site_client.get(page.url).content.decode()
    assert "Siste faglege endring" in html
    assert "Innhald" in html or child.title in html


@pytest.mark.django_db
def test_footnotes_are_numbered_in_reading_order_and_linked_both_ways(site_client, home_page):
    page = GuidancePageFactory(
        parent=home_page,
        body=[
            {"type": "paragraph", "value": "<p>Først B[^b], så A[^a].</p>"},
            {"type": "heading", "value": {"text": "Mer", "level": "h2"}},
            {"type": "paragraph", "value": "<p>B igjen[^b] og ukjent[^finnes-ikke].</p>"},
        ],
    )
    Footnote.objects.create(page=page, key="a", text="<p>Kilde A</p>", sort_order=0)
    Footnote.objects.create(page=page, key="b", text="<p>Kilde B</p>", sort_order=1)
    Footnote.objects.create(page=page, key="c", text="<p>Ubrukt kilde</p>", sort_order=2)
    html = site_client.get(page.url).content.decode()

    refs = re.findall(r'<a class="ds-link" href="#fn-(\d)"( id="fnref-\d")?', html)
    assert refs == [("1", ' id="fnref-1"'), ("2", ' id="fnref-2"'), ("1", "")]
    notes = re.findall(r'<li id="fn-(\d)" value="\d">\s*<p>([^<]+)</p>', html)
    assert notes == [("1", "Kilde B"), ("2", "Kilde A"), ("3", "Ubrukt kilde")]
    assert 'href="#fnref-1"' in html and 'href="#fnref-2"' in html
    assert 'href="#fnref-3"' not in html  # an unreferenced note has nothing to go back to
    assert "[^finnes-ikke]" in html  # unknown keys stay visible so editors notice


@pytest.mark.django_db
def test_table_of_contents_links_to_unique_heading_anchors(site_client, home_page):
    page = GuidancePageFactory(
        parent=home_page,
        body=[
            {"type": "heading", "value": {"text": "Mål og tiltak", "level": "h2"}},
            {"type": "heading", "value": {"text": "Delmål", "level": "h3"}},
            {"type": "heading", "value": {"text": "Mål og tiltak", "level": "h2"}},
        ],
    )
    html = site_client.get(page.url).content.decode()
    toc = re.search(r'<nav class="page-toc".*?</nav>', html, re.S).group(0)
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert targets == ["mal-og-tiltak", "delmal", "mal-og-tiltak-2"]
    for anchor in targets:
        assert html.count(f'id="{anchor}"') == 1


@pytest.mark.django_db
def test_chapter_numbering_follows_the_tree_and_reordering(site_client, report_with_chapters):
    _report, chapters = report_with_chapters
    html = site_client.get(chapters["2.2"].url).content.decode()
    assert "Kapittel 2.2" in html
    # Move "Stabilitet" before "Rekruttering": it becomes 2.1.
    chapters["2.2"].move(chapters["2.1"], pos="left")
    html = site_client.get(chapters["2.2"].url).content.decode()
    assert "Kapittel 2.1" in html
    assert re.search(r'rel="next"><span class="chapter-nav__label">Neste</span> 2.2 Rekruttering', html)
    # Move chapter 2 to the front: its sub-chapters follow.
    chapters["2"].move(chapters["1"], pos="left")
    html = site_client.get(chapters["2.1"].url).content.decode()
    assert "Kapittel 1.2" in html


@pytest.mark.django_db
def test_previous_and_next_chapter(site_client, report_with_chapters):
    report, chapters = report_with_chapters
    first = site_client.get(chapters["1"].url).content.decode()
    assert f'href="{report.url}" rel="prev"' in first
    assert f'href="{chapters["2"].url}" rel="next"' in first
    last = site_client.get(chapters["2.2"].url).content.decode()
    assert f'href="{chapters["2.1"].url}" rel="prev"' in last
    assert 'rel="next"' not in last


@pytest.mark.django_db
def test_report_lists_its_chapters_with_numbers(site_client, report_with_chapters):
    report, _chapters = report_with_chapters
    html = site_client.get(report.url).content.decode()
    numbers = re.findall(r'<span class="chapter-number">([\d.]+)</span>', html)
    assert numbers == ["1", "2", "2.1", "2.2"]


@pytest.mark.django_db
def test_unpublished_chapter_is_not_numbered(site_client, report_with_chapters):
    report, _chapters = report_with_chapters
    draft = ChapterPageFactory(parent=report, title="Utkast", live=False)
    ChapterPageFactory(parent=report, title="Vedlegg")
    html = site_client.get(report.url).content.decode()
    assert draft.title not in html
    assert '<span class="chapter-number">3</span> Vedlegg' in html


@pytest.mark.django_db
def test_dates_shown_are_the_page_dates(site_client, guidance_page):
    guidance_page.first_published_at = timezone.datetime(2024, 3, 5, 12, tzinfo=timezone.get_current_timezone())
    guidance_page.save()
    html = site_client.get(guidance_page.url).content.decode()
    assert "5. mars 2024" in html


@pytest.mark.django_db
def test_listings_mark_pages_in_another_language(site_client, home_page):
    GuidancePageFactory(parent=home_page, title="Tilskot til ALIS-avtalar", language="nn")
    GuidancePageFactory(parent=home_page, title="Handlingsplanen", language="nb")
    html = site_client.get(home_page.url).content.decode()
    assert re.search(
        r'<li class="ds-card listing-card" data-variant="tinted" lang="nn">\s*<h3[^>]*><a[^>]*>Tilskot', html
    )
    assert re.search(
        r'<li class="ds-card listing-card" data-variant="tinted">\s*<h3[^>]*><a[^>]*>Handlingsplanen', html
    )


@pytest.mark.django_db
def test_campaign_hero_carries_the_only_h1(site_client, campaign_index):
    import wagtail_factories

    from pages.factories import CampaignPageFactory

    image = wagtail_factories.ImageFactory()
    hero = {
        "heading": "Bli fastlege i Nord-Norge",
        "text": "Et yrke med mening.",
        "image": {"image": image.pk, "decorative": True, "alt_text": ""},
    }
    page = CampaignPageFactory(parent=campaign_index, title="Bli fastlege", body=[{"type": "hero", "value": hero}])
    html = site_client.get(page.url).content.decode()
    assert re.findall(r"<h1[^>]*>([^<]+)</h1>", html) == ["Bli fastlege i Nord-Norge"]
    assert 'alt=""' in html  # decorative


@pytest.mark.django_db
def test_home_hides_empty_sections_and_shows_filled_ones(site_client, home_page, campaign_index):
    html = site_client.get(home_page.url).content.decode()
    for heading in ("Kampanjer", "Veiledning og dokumentasjon", "Rapporter"):
        assert f">{heading}</h2>" not in html
    GuidancePageFactory(parent=home_page, title="Referansegruppen")
    html = site_client.get(home_page.url).content.decode()
    assert ">Veiledning og dokumentasjon</h2>" in html
    assert ">Kampanjer</h2>" not in html  # an index without campaigns is still empty


@pytest.mark.django_db
def test_home_shows_featured_campaign_only_while_live(site_client, home_page, campaign_page):
    home_page.featured_campaign = campaign_page
    home_page.save()
    assert 'id="featured-heading"' in site_client.get(home_page.url).content.decode()
    campaign_page.unpublish()
    assert 'id="featured-heading"' not in site_client.get(home_page.url).content.decode()
