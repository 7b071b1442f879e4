"""Factories for the page types, for tests and benchmarks."""

import factory
from wagtail.models import Page, Site

from core.factories import ContentPageFactory

from .models import CampaignIndexPage, CampaignPage, ChapterPage, GuidancePage, HomePage, ReportPage


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


class HomePageFactory(ContentPageFactory):
    title = "Allmennlegeprogrammet"
    hero_heading = "En fastlege for alle"
    slug = "home"

    class Meta:
        model = HomePage


class CampaignIndexPageFactory(ContentPageFactory):
    title = "Kampanjer"
    slug = "kampanjer"

    class Meta:
        model = CampaignIndexPage


class CampaignPageFactory(ContentPageFactory):
    title = factory.Sequence(lambda n: f"Bli fastlege {n}")
    summary = "Fastlegen er grunnmuren i helsetjenesten."
    body = factory.LazyFunction(lambda: [heading("Hvorfor bli fastlege"), paragraph("<p>Et yrke med mening.</p>")])

    class Meta:
        model = CampaignPage


class GuidancePageFactory(ContentPageFactory):
    title = factory.Sequence(lambda n: f"Veiledning {n}")
    summary = "Slik er programmet organisert."
    body = factory.LazyFunction(
        lambda: [heading("Bakgrunn"), paragraph("<p>Programmet styrker fastlegeordningen.</p>")]
    )

    class Meta:
        model = GuidancePage


class ReportPageFactory(ContentPageFactory):
    title = factory.Sequence(lambda n: f"Årsrapport {2020 + n}")
    year = 2025
    body = factory.LazyFunction(list)

    class Meta:
        model = ReportPage


class ChapterPageFactory(ContentPageFactory):
    title = factory.Sequence(lambda n: f"Kapittel {n}")
    body = factory.LazyFunction(lambda: [paragraph("<p>Innhold i kapitlet.</p>")])

    class Meta:
        model = ChapterPage


def make_site_root(**kwargs) -> HomePage:
    """A home page as the root of the default site, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    for page in Page.objects.filter(depth=2):
        page.delete()
    home = HomePageFactory(parent=root, **kwargs)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Allmenn"},
    )
    return home
