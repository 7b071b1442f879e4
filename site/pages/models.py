"""The public page types: home, campaigns, guidance, reports and their chapters."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.blocks import DocumentLinkBlock, quick_link_blocks
from core.models import BasePage, documentation_panels
from core.moderation import ModeratedPageMixin
from core.page_privacy import public

from .chapters import ReportOutline
from .listings import LISTING_TIMEOUT, listing_key
from .streams import campaign_blocks, content_blocks

LISTING_RENDITION = "fill-640x360"


def with_listing_images(queryset):
    """Fetch listing images and their renditions in two queries, however many pages."""
    images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
    return queryset.prefetch_related(Prefetch("social_image", queryset=images))


class HomePage(BasePage):
    hero_heading = models.CharField(_("overskrift i toppen"), max_length=160)
    hero_text = models.TextField(_("tekst i toppen"), blank=True, max_length=500)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("toppbilde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vises som pynt; beskriv ikke innholdet her."),
    )
    featured_campaign = models.ForeignKey(
        "pages.CampaignPage",
        verbose_name=_("fremhevet kampanje"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quick_links = StreamField(quick_link_blocks(), blank=True, verbose_name=_("snarveier"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("language"),
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")], heading=_("Toppen")
        ),
        FieldPanel("featured_campaign"),
        FieldPanel("quick_links"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.CampaignIndexPage",
        "pages.GuidancePage",
        "pages.ReportPage",
        "podcast.PodcastShowPage",
        "flo.StatisticsPage",
        "newsletter.NewsletterArchivePage",
        "conference.ConferenceIndexPage",
        "search.SearchPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("forside")

    def latest_sections(self) -> list[dict]:
        """The newest items of each section; sections without items are left out."""
        sections = [
            {
                "title": _("Campaigns"),
                "items": list(
                    with_listing_images(public(CampaignPage.objects.live().descendant_of(self))).order_by(
                        "-first_published_at"
                    )[:3]
                ),
            },
            {
                "title": _("Guidance and documentation"),
                "items": list(
                    public(GuidancePage.objects.live().descendant_of(self)).order_by("-last_published_at")[:4]
                ),
            },
            {
                "title": _("Reports"),
                "items": list(public(ReportPage.objects.live().descendant_of(self)).order_by("-year", "-pk")[:3]),
            },
        ]
        return [section for section in sections if section["items"]]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Looked up only when the rendered listing is not cached (templates/pages/home_page.html).
        context["sections"] = SimpleLazyObject(self.latest_sections)
        context["featured_campaign"] = SimpleLazyObject(self.live_featured_campaign)
        context.update(listing_key=listing_key(request), listing_timeout=LISTING_TIMEOUT)
        return context

    def live_featured_campaign(self) -> CampaignPage | None:
        featured = self.featured_campaign
        return featured if featured and featured.live else None


class CampaignIndexPage(BasePage):
    content_panels = [*BasePage.content_panels, FieldPanel("language"), FieldPanel("summary")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.CampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("kampanjeoversikt")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A queryset: evaluated only when the rendered listing is not cached.
        context["campaigns"] = with_listing_images(public(CampaignPage.objects.child_of(self).live())).order_by(
            "-first_published_at"
        )
        context.update(listing_key=listing_key(request), listing_timeout=LISTING_TIMEOUT)
        return context


class CampaignPageTag(TaggedItemBase):
    content_object = ParentalKey("pages.CampaignPage", on_delete=models.CASCADE, related_name="tagged_items")


class CampaignPage(BasePage):
    """A campaign to recruit GPs and profile the GP scheme."""

    body = StreamField(campaign_blocks(), verbose_name=_("innhold"), block_counts={"hero": {"max_num": 1}})
    tags = ClusterTaggableManager(through=CampaignPageTag, blank=True, verbose_name=_("emner"))

    content_panels = documentation_panels(after=(FieldPanel("tags"),))
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["pages.CampaignIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("kampanjeside")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A hero at the top carries the page's one h1 instead of a second, repeated title.
        blocks = list(self.body)
        has_hero = bool(blocks) and blocks[0].block_type == "hero"
        context["hero"] = blocks[0] if has_hero else None
        context["body_blocks"] = blocks[1:] if has_hero else blocks
        return context


class GuidancePageTag(TaggedItemBase):
    content_object = ParentalKey("pages.GuidancePage", on_delete=models.CASCADE, related_name="tagged_items")


class GuidancePage(ModeratedPageMixin, BasePage):
    """Programme documentation: the action plan, organisation, reference group, grants."""

    body = StreamField(content_blocks(), verbose_name=_("innhold"))
    attachments = StreamField(
        [("document", DocumentLinkBlock(label=_("Vedlegg")))], blank=True, verbose_name=_("vedlegg")
    )
    tags = ClusterTaggableManager(through=GuidancePageTag, blank=True, verbose_name=_("emner"))

    content_panels = documentation_panels(after=(FieldPanel("attachments"), FieldPanel("tags")))
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("language"),
    ]

    parent_page_types = ["pages.HomePage", "pages.GuidancePage"]
    subpage_types = ["pages.GuidancePage", "pages.ReportPage"]

    class Meta:
        verbose_name = _("veiledningsside")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Looked up only when the rendered list is not cached (templates/pages/guidance_page.html).
        context["child_pages"] = SimpleLazyObject(self.live_child_pages)
        context.update(listing_key=listing_key(request), listing_timeout=LISTING_TIMEOUT)
        context["tags"] = list(self.tags.all())
        return context

    def live_child_pages(self) -> list[BasePage]:
        fields = ("title", "summary", "language", "url_path", "path", "depth")
        return list(public(GuidancePage.objects.child_of(self).live()).only(*fields)) + list(
            public(ReportPage.objects.child_of(self).live()).only(*fields)
        )


class ReportPageTag(TaggedItemBase):
    content_object = ParentalKey("pages.ReportPage", on_delete=models.CASCADE, related_name="tagged_items")


class ReportPage(ModeratedPageMixin, BasePage):
    """A report such as an annual report: a tree of numbered chapters."""

    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    body = StreamField(content_blocks(), blank=True, verbose_name=_("forord og innledning"))
    attachments = StreamField(
        [("document", DocumentLinkBlock(label=_("Vedlegg")))],
        blank=True,
        verbose_name=_("rapporten som fil"),
    )
    tags = ClusterTaggableManager(
        through=ReportPageTag, blank=True, verbose_name=_("emner"), help_text=_("Kapitlene arver rapportens emner.")
    )

    content_panels = documentation_panels(
        before=(FieldPanel("year"),), after=(FieldPanel("attachments"), FieldPanel("tags"))
    )
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["pages.HomePage", "pages.GuidancePage"]
    subpage_types = ["pages.ChapterPage"]
    # Chapters carry the report's title as a breadcrumb and its topics in the search index.
    search_reindex_descendants = True

    class Meta:
        verbose_name = _("rapport")

    def live_chapters(self) -> PageQuerySet:
        """The live, public chapters at every level below the report, in the order of the tree."""
        return public(ChapterPage.objects.descendant_of(self).live()).order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["report_outline"] = ReportOutline.for_report(self, request, current=self)
        return context


class ChapterPage(ModeratedPageMixin, BasePage):
    """A chapter of a report, numbered by its place in the tree ("Kapittel 1.2")."""

    body = StreamField(content_blocks(), verbose_name=_("innhold"))

    content_panels = documentation_panels()
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["pages.ReportPage", "pages.ChapterPage"]
    subpage_types = ["pages.ChapterPage"]
    search_reindex_descendants = True  # subchapters show this chapter's title as a breadcrumb

    class Meta:
        verbose_name = _("kapittel")

    @property
    def report(self) -> ReportPage | None:
        return ReportPage.objects.ancestor_of(self).order_by("-depth").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        report = self.report
        outline = ReportOutline.for_report(report, request, current=self) if report else None
        context.update(report=report, report_outline=outline, chapter=outline.current if outline else None)
        return context
