"""The table of contents numbers only its sections: sub-headings never take a number."""

import re

import pytest

from core.outline import OutlineEntry, nest_outline
from pages.factories import GuidancePageFactory, heading, paragraph


def toc_html(html: str) -> str:
    return re.search(r'<nav class="page-toc".*?</nav>', html, re.S).group(0)


def test_sub_headings_go_under_the_section_before_them():
    entries = [
        OutlineEntry("Listetak", "listetak", 2),
        OutlineEntry("Kommunens rolle", "kommunens-rolle", 3),
        OutlineEntry("Endringer", "endringer", 2),
        OutlineEntry("Kilder", "kilder", 2),
    ]
    nested = nest_outline(entries)
    assert [entry.text for entry in nested] == ["Listetak", "Endringer", "Kilder"]
    assert [child.text for child in nested[0].children] == ["Kommunens rolle"]


def test_a_sub_heading_first_on_the_page_stays_at_the_top():
    entries = [OutlineEntry("Innledning", "innledning", 3), OutlineEntry("Listetak", "listetak", 2)]
    assert [entry.text for entry in nest_outline(entries)] == ["Innledning", "Listetak"]


@pytest.mark.django_db
def test_the_numbered_list_holds_only_the_sections(site_client, home_page):
    page = GuidancePageFactory(
        parent=home_page,
        title="Listetak",
        body=[
            heading("Hva er listetak"),
            heading("Kommunens rolle", level="h3"),
            paragraph("<p>Tekst.</p>"),
            heading("Endringer"),
            heading("Kilder"),
        ],
    )
    toc = toc_html(site_client.get(page.url).content.decode())
    # The direct children of the top <ol> are the three sections (numbered 1, 2, 3);
    # the sub-heading is in a nested list inside the first.
    top_level = re.sub(r"<ul>.*?</ul>", "", toc, flags=re.S)
    assert re.findall(r">([^<]+)</a>", top_level) == ["Hva er listetak", "Endringer", "Kilder"]
    assert re.search(r"<ul>\s*<li[^>]*><a[^>]*>Kommunens rolle</a></li>\s*</ul>", toc)
