"""Every page type states where it may live and what it may hold."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from conference.models import ConferenceIndexPage, ConferencePage
from flo.models import StatisticsPage
from newsletter.models import NewsletterArchivePage, NewsletterIssuePage
from pages.factories import make_site_root
from pages.models import CampaignIndexPage, CampaignPage, ChapterPage, GuidancePage, HomePage, ReportPage
from podcast.models import PodcastEpisodePage, PodcastShowPage
from search.models import SearchPage


class PageTypeRulesTest(WagtailPageTestCase):
    def test_home_page(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                CampaignIndexPage,
                GuidancePage,
                ReportPage,
                PodcastShowPage,
                StatisticsPage,
                NewsletterArchivePage,
                ConferenceIndexPage,
                SearchPage,
            },
        )
        self.assertEqual(HomePage.max_count, 1)

    def test_campaigns(self):
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})
        self.assertAllowedParentPageTypes(CampaignPage, {CampaignIndexPage})
        self.assertAllowedSubpageTypes(CampaignPage, set())
        self.assertCanNotCreateAt(HomePage, CampaignPage)

    def test_guidance_is_nestable(self):
        self.assertAllowedParentPageTypes(GuidancePage, {HomePage, GuidancePage})
        self.assertAllowedSubpageTypes(GuidancePage, {GuidancePage, ReportPage})

    def test_podcast_shows_hold_episodes(self):
        self.assertAllowedParentPageTypes(PodcastShowPage, {HomePage})
        self.assertAllowedSubpageTypes(PodcastShowPage, {PodcastEpisodePage})
        self.assertAllowedParentPageTypes(PodcastEpisodePage, {PodcastShowPage})
        self.assertAllowedSubpageTypes(PodcastEpisodePage, set())
        self.assertCanNotCreateAt(HomePage, PodcastEpisodePage)

    def test_newsletter_archive_holds_issues(self):
        self.assertAllowedParentPageTypes(NewsletterArchivePage, {HomePage})
        self.assertAllowedSubpageTypes(NewsletterArchivePage, {NewsletterIssuePage})
        self.assertAllowedParentPageTypes(NewsletterIssuePage, {NewsletterArchivePage})
        self.assertAllowedSubpageTypes(NewsletterIssuePage, set())
        self.assertEqual(NewsletterArchivePage.max_count, 1)
        self.assertCanNotCreateAt(HomePage, NewsletterIssuePage)

    def test_conference_index_holds_conferences(self):
        self.assertAllowedParentPageTypes(ConferenceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ConferenceIndexPage, {ConferencePage})
        self.assertAllowedParentPageTypes(ConferencePage, {ConferenceIndexPage})
        self.assertAllowedSubpageTypes(ConferencePage, set())
        self.assertEqual(ConferenceIndexPage.max_count, 1)

    def test_one_search_page_under_home(self):
        self.assertAllowedParentPageTypes(SearchPage, {HomePage})
        self.assertAllowedSubpageTypes(SearchPage, set())
        self.assertEqual(SearchPage.max_count, 1)

    def test_one_statistics_page_under_home(self):
        self.assertAllowedParentPageTypes(StatisticsPage, {HomePage})
        self.assertAllowedSubpageTypes(StatisticsPage, set())
        self.assertEqual(StatisticsPage.max_count, 1)

    def test_reports_hold_nested_chapters(self):
        self.assertAllowedParentPageTypes(ReportPage, {HomePage, GuidancePage})
        self.assertAllowedSubpageTypes(ReportPage, {ChapterPage})
        self.assertAllowedParentPageTypes(ChapterPage, {ReportPage, ChapterPage})
        self.assertAllowedSubpageTypes(ChapterPage, {ChapterPage})
        self.assertCanNotCreateAt(HomePage, ChapterPage)


class CreateThroughAdminTest(WagtailPageTestCase):
    """Editors can create each content page type through the admin form."""

    def setUp(self):
        self.login()
        self.home = make_site_root()

    def page_data(self, title: str, **extra) -> dict:
        return nested_form_data(
            {
                "title": title,
                "slug": "",
                "language": "nb",
                "summary": "Kort ingress.",
                "body": streamfield([("paragraph", rich_text("<p>Fastlegen er viktig.</p>"))]),
                "footnotes": inline_formset([]),
                "change_note": "",
                **extra,
            }
        )

    def test_can_create_guidance_page(self):
        data = self.page_data("Referansegruppen", attachments=streamfield([]), tags="")
        data["slug"] = "referansegruppen"
        self.assertCanCreate(self.home, GuidancePage, data)

    def test_can_create_report_and_chapter(self):
        data = self.page_data("Årsrapport 2026", attachments=streamfield([]), year="2026")
        data["slug"] = "arsrapport-2026"
        self.assertCanCreate(self.home, ReportPage, data)
        report = ReportPage.objects.get(slug="arsrapport-2026")
        chapter = self.page_data("Innledning")
        chapter["slug"] = "innledning"
        self.assertCanCreate(report, ChapterPage, chapter)

    def test_can_create_campaign(self):
        index = self.home.add_child(instance=CampaignIndexPage(title="Kampanjer", slug="kampanjer"))
        data = self.page_data("Bli fastlege")
        data["slug"] = "bli-fastlege"
        self.assertCanCreate(index, CampaignPage, data)


class EditAndPreviewTest(WagtailPageTestCase):
    """Every page type renders and opens in the editor."""

    def setUp(self):
        self.login()
        self.home = make_site_root()

    def test_each_page_type(self):
        from pages.factories import (
            CampaignIndexPageFactory,
            CampaignPageFactory,
            ChapterPageFactory,
            GuidancePageFactory,
            ReportPageFactory,
        )

        index = CampaignIndexPageFactory(parent=self.home)
        report = ReportPageFactory(parent=self.home)
        pages = [
            self.home,
            index,
            CampaignPageFactory(parent=index),
            GuidancePageFactory(parent=self.home),
            report,
            ChapterPageFactory(parent=report),
        ]
        for page in pages:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                edit = self.client.get(f"/admin/pages/{page.pk}/edit/")
                self.assertEqual(edit.status_code, 200)
