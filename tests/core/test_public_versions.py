"""Substantive changes become public versions that anyone can read, read-only."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.models import BasePageForm, PublicVersion
from pages.models import GuidancePage


def publish(page: GuidancePage, *, substantive: bool = False, note: str = "", **changes) -> GuidancePage:
    page = GuidancePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(page, field, value)
    page.substantive_change = substantive
    page.change_note = note
    page.save_revision().publish()
    return GuidancePage.objects.get(pk=page.pk)


@pytest.fixture
def action_plan(home_page):
    page = home_page.add_child(
        instance=GuidancePage(
            title="Handlingsplan for allmennlegetjenesten",
            summary="Planen for 2024–2028.",
            body=[{"type": "paragraph", "value": "<p>Første utgave av planen.</p>"}],
            live=False,
        )
    )
    page.save_revision().publish()
    return GuidancePage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_only_substantive_publishes_become_versions(action_plan):
    publish(action_plan, summary="Skrivefeil rettet.")
    assert PublicVersion.objects.count() == 0

    publish(action_plan, substantive=True, note="Nytt tiltak om rekruttering", summary="Planen med nytt tiltak.")
    version = PublicVersion.objects.get()
    assert version.note == "Nytt tiltak om rekruttering"
    page = GuidancePage.objects.get(pk=action_plan.pk)
    assert page.last_substantive_change_at == version.published_at


@pytest.mark.django_db
def test_last_substantive_change_survives_later_typo_fixes(action_plan):
    publish(action_plan, substantive=True, note="Ny målsetting")
    changed_at = GuidancePage.objects.get(pk=action_plan.pk).last_substantive_change_at
    page = publish(action_plan, summary="Rettet en skrivefeil.")
    assert page.last_substantive_change_at == changed_at
    assert page.last_published_at > changed_at


@pytest.mark.django_db
def test_republishing_the_same_revision_does_not_duplicate(action_plan):
    publish(action_plan, substantive=True, note="Ny målsetting")
    revision = GuidancePage.objects.get(pk=action_plan.pk).live_revision
    revision.publish()
    assert PublicVersion.objects.count() == 1


@pytest.mark.django_db
def test_versions_list_and_old_version_render(site_client, action_plan):
    publish(
        action_plan,
        substantive=True,
        note="Første faglige revisjon",
        body=[{"type": "paragraph", "value": "<p>Andre utgave av planen.</p>"}],
    )
    publish(
        action_plan,
        substantive=True,
        note="Andre faglige revisjon",
        body=[{"type": "paragraph", "value": "<p>Tredje utgave av planen.</p>"}],
    )
    page = GuidancePage.objects.get(pk=action_plan.pk)

    current = site_client.get(page.url).content.decode()
    assert "Se tidligere versjoner" in current

    listing = site_client.get(page.url + "versjoner/")
    assert listing.status_code == 200
    assert listing["X-Robots-Tag"] == "noindex"
    html = listing.content.decode()
    assert html.index("Andre faglige revisjon") < html.index("Første faglige revisjon")

    oldest = page.public_versions.order_by("published_at").first()
    response = site_client.get(f"{page.url}versjoner/{oldest.pk}/")
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    old_html = response.content.decode()
    assert "Dette er ikke gjeldende versjon" in old_html
    assert '<meta name="robots" content="noindex, nofollow">' in old_html
    assert "Andre utgave av planen." in old_html
    assert "Tredje utgave av planen." not in old_html
    assert 'rel="canonical"' not in old_html


@pytest.mark.django_db
def test_old_version_of_another_page_is_not_found(site_client, action_plan, home_page):
    publish(action_plan, substantive=True, note="Endret")
    other = home_page.add_child(instance=GuidancePage(title="Annen side", body=[]))
    version = PublicVersion.objects.get()
    assert site_client.get(f"{other.url}versjoner/{version.pk}/").status_code == 404
    assert site_client.get(f"{action_plan.url}versjoner/999999/").status_code == 404


@pytest.mark.django_db
def test_old_version_survives_purged_revisions(site_client, action_plan):
    publish(action_plan, substantive=True, note="Endret", summary="Gammel ingress")
    publish(action_plan, summary="Ny ingress")
    version = PublicVersion.objects.get()
    assert version.revision_id != GuidancePage.objects.get(pk=action_plan.pk).live_revision_id
    version.revision.delete()  # as purge_revisions would
    version.refresh_from_db()
    assert version.revision is None
    html = site_client.get(f"{action_plan.url}versjoner/{version.pk}/").content.decode()
    assert "Gammel ingress" in html


@pytest.mark.django_db
def test_substantive_change_requires_a_note(action_plan):
    form_class = GuidancePage.get_edit_handler().get_form_class()
    page = GuidancePage.objects.get(pk=action_plan.pk)
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "language": "nb",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>Tekst</p>"))]),
            "footnotes": inline_formset([]),
            "attachments": streamfield([]),
            "tags": "",
            "substantive_change": "on",
            "change_note": "  ",
        }
    )
    form = form_class(data, instance=page, parent_page=page.get_parent(), for_user=None)
    assert not form.is_valid()
    assert "change_note" in form.errors
    data["change_note"] = "Nytt kapittel om finansiering"
    form = form_class(data, instance=page, parent_page=page.get_parent(), for_user=None)
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_edit_form_starts_without_the_previous_answer(action_plan):
    publish(action_plan, substantive=True, note="Endret")
    # The published revision keeps its mark (the page's row forgets it): the form for it starts unanswered.
    page = GuidancePage.objects.get(pk=action_plan.pk).live_revision.as_object()
    assert page.substantive_change is True
    form_class = GuidancePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, BasePageForm)
    form = form_class(instance=page, parent_page=page.get_parent(), for_user=None)
    assert form.initial["substantive_change"] is False
    assert form.initial["change_note"] == ""


@pytest.mark.django_db
def test_version_routes_exist_for_every_page_type(home_page):
    for model in {type(p.specific) for p in Page.objects.filter(depth__gt=1)}:
        assert hasattr(model, "reverse_subpage")


@pytest.mark.django_db
def test_version_url_is_the_page_url_plus_the_route(action_plan):
    publish(action_plan, substantive=True, note="Endret")
    version = PublicVersion.objects.get()
    assert version.get_url() == f"{action_plan.url}versjoner/{version.pk}/"


@pytest.mark.django_db
def test_the_link_to_earlier_versions_follows_the_versions_at_once(site_client, action_plan, settings):
    """The link is cached per page-tree version; a version recorded or removed renews it."""
    settings.PAGE_CACHE_ENABLED = False
    assert "Se tidligere versjoner" not in site_client.get(action_plan.url).content.decode()
    publish(action_plan, substantive=True, note="Faglig revisjon")
    assert "Se tidligere versjoner" in site_client.get(action_plan.url).content.decode()
    PublicVersion.objects.filter(page=action_plan).delete()
    assert "Se tidligere versjoner" not in site_client.get(action_plan.url).content.decode()
