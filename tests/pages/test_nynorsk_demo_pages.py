"""The demo's nynorsk pages show no bokmål interface words (nor bokmål content that uses them)."""

import pytest
from wagtail.models import Page

from tests.pages.test_nynorsk_pages import WORD, visible_text

pytestmark = pytest.mark.django_db


def test_the_nynorsk_demo_pages_have_no_bokmal_words(demo_site, client):
    pages = [page for page in Page.objects.filter(depth__gt=1).live().specific() if page.language == "nn"]
    assert len(pages) >= 5
    found = {}
    for page in pages:
        html = client.get(page.url, HTTP_HOST="localhost").content.decode()
        words = sorted(set(WORD.findall(visible_text(html))))
        if words:
            found[page.url] = words
    assert found == {}
