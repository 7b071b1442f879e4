"""Wagtail's preview panel frames the preview on the admin's own origin, also under production's
no-framing policy (X-Frame-Options: DENY, frame-ancestors 'none'), while public pages stay unframeable."""

from __future__ import annotations

import copy

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from lxml import html as lxml_html
from wagtail.fields import StreamField

pytestmark = pytest.mark.django_db


def production_framing():
    """The framing rules of config.settings.production, on top of the test settings."""
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["frame-ancestors"] = ["'none'"]
    return override_settings(X_FRAME_OPTIONS="DENY", CONTENT_SECURITY_POLICY=policy)


def frame_ancestors(response) -> str:
    for directive in response.get("Content-Security-Policy", "").split(";"):
        name, _, value = directive.strip().partition(" ")
        if name == "frame-ancestors":
            return value
    return ""


def edit_form_data(client, page) -> dict[str, str]:
    """What the page editor's form posts when nothing is changed, read from the editor itself."""
    document = lxml_html.fromstring(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content)
    form = document.get_element_by_id("page-edit-form")
    data = dict(form.form_values())
    # Stream fields are drawn by JavaScript from JSON; posted empty, as a new page's would be.
    for field in type(page.specific)._meta.get_fields():
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    return data


def test_the_preview_panel_may_frame_the_preview_under_productions_policy(superuser_client, guidance_page):
    with production_framing():
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[guidance_page.pk])
        posted = superuser_client.post(url, edit_form_data(superuser_client, guidance_page))
        assert posted.json().get("is_valid") is True
        preview = superuser_client.get(url)
        assert preview.status_code == 200
        assert preview["X-Frame-Options"] == "SAMEORIGIN"
        assert frame_ancestors(preview) == "'self'"


def test_public_pages_and_the_admin_itself_stay_unframeable(superuser_client, guidance_page):
    with production_framing():
        public = superuser_client.get(guidance_page.url)
        assert public["X-Frame-Options"] == "DENY" and frame_ancestors(public) == "'none'"
        editor = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[guidance_page.pk]))
        assert editor["X-Frame-Options"] == "DENY" and frame_ancestors(editor) in ("", "'none'")
