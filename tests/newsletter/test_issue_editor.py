"""The issue's editor behaves like any Wagtail page's: the subject fills the slug."""

from __future__ import annotations

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from newsletter.models import NewsletterIssuePage


def add_url(archive) -> str:
    return reverse("wagtailadmin_pages:add", args=["newsletter", "newsletterissuepage", archive.pk])


def new_issue_data(topic, *, title: str, slug: str = "") -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "preheader": "Nytt fra programmet",
            "topic": topic.pk,
            "issue_month": "2026-12-01",
            "language": "nb",
            "summary": "",
            "body": streamfield([("heading", {"text": "Hei"})]),
            "footnotes": inline_formset([]),
            "social_text": "",
            "seo_title": "",
            "search_description": "",
            "change_note": "",
        }
    )


def test_the_subject_field_fills_the_slug_as_one_types(communications_client, newsletter_archive, flo_topic):
    html = communications_client.get(add_url(newsletter_archive)).content.decode()
    title_input = html[html.index('name="title"') - 400 : html.index('name="title"') + 400]
    assert "w-sync" in title_input and 'data-w-sync-target-value="#id_slug"' in title_input


def test_a_new_issue_saved_without_a_slug_gets_one_from_its_subject(
    communications_client, newsletter_archive, flo_topic
):
    response = communications_client.post(
        add_url(newsletter_archive), new_issue_data(flo_topic, title="Fastlegenytt desember 2026")
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    issue = NewsletterIssuePage.objects.get(title="Fastlegenytt desember 2026")
    assert issue.slug == "fastlegenytt-desember-2026"

    # The same subject again: the next free slug, not an error.
    response = communications_client.post(
        add_url(newsletter_archive), new_issue_data(flo_topic, title="Fastlegenytt desember 2026")
    )
    assert response.status_code == 302
    assert sorted(NewsletterIssuePage.objects.values_list("slug", flat=True)) == [
        "fastlegenytt-desember-2026",
        "fastlegenytt-desember-2026-2",
    ]


def test_a_slug_typed_by_hand_is_kept(communications_client, newsletter_archive, flo_topic):
    data = new_issue_data(flo_topic, title="Fastlegenytt desember 2026", slug="desember")
    assert communications_client.post(add_url(newsletter_archive), data).status_code == 302
    assert NewsletterIssuePage.objects.get().slug == "desember"


def test_a_published_issue_keeps_its_slug_unless_one_is_typed(communications_client, newsletter_issue):
    url = reverse("wagtailadmin_pages:edit", args=[newsletter_issue.pk])
    data = new_issue_data(newsletter_issue.topic, title="Nytt emne")
    response = communications_client.post(url, data)
    assert response.status_code == 200 and "Skriv en permalenke." in response.content.decode()
    newsletter_issue.refresh_from_db()
    assert newsletter_issue.slug == "fastlegenytt-november-2026"
