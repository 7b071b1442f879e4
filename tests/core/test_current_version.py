"""The newest public version that the live page still is, is not called "not the current version".

Its address shows the live page (without the old-version banner); an older version, or
one that a later publish changed, keeps the banner.
"""

import pytest

from core.models import PublicVersion
from pages.models import GuidancePage

from .test_public_versions import action_plan, publish  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

NOT_CURRENT = "Dette er ikke gjeldende versjon"


def version_html(site_client, page: GuidancePage, version: PublicVersion) -> str:
    response = site_client.get(f"{page.url}versjoner/{version.pk}/")
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    return response.content.decode()


def test_the_newest_version_of_the_live_page_is_current(site_client, action_plan):  # noqa: F811
    page = publish(action_plan, substantive=True, note="Nytt tiltak", summary="Planen med nytt tiltak.")
    version = PublicVersion.objects.get()
    assert version.shows_the_live_page(page)
    html = version_html(site_client, page, version)
    assert NOT_CURRENT not in html
    assert "Planen med nytt tiltak." in html


def test_a_republish_of_the_same_content_leaves_the_version_current(site_client, action_plan):  # noqa: F811
    publish(action_plan, substantive=True, note="Nytt tiltak", summary="Planen med nytt tiltak.")
    page = publish(action_plan)  # *Publiser* again, nothing changed: a new revision, the same page
    version = PublicVersion.objects.get()
    assert version.revision_id != page.live_revision_id
    assert NOT_CURRENT not in version_html(site_client, page, version)


def test_older_and_since_changed_versions_are_not_current(site_client, action_plan):  # noqa: F811
    publish(action_plan, substantive=True, note="Første", summary="Første utgave.")
    page = publish(action_plan, substantive=True, note="Andre", summary="Andre utgave.")
    first, second = PublicVersion.objects.order_by("published_at")
    assert NOT_CURRENT in version_html(site_client, page, first)
    assert NOT_CURRENT not in version_html(site_client, page, second)

    page = publish(action_plan, summary="Andre utgave, med rettet skrivefeil.")
    assert NOT_CURRENT in version_html(site_client, page, second)
