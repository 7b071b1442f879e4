"""Who may do what in the admin, per group, through the admin's own views (core/admin/groups.py).

Editors write and submit; Moderators approve and publish; Kommunikasjonsansvarlig sends
newsletters, keeps the subscriber list and imports or rolls back FLO figures; the
conference's health data needs a permission that no group holds.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowPage

from conference.factories import (
    ConferenceIndexPageFactory,
    ConferencePageFactory,
    RegistrationFactory,
    TicketTypeFactory,
)
from conference.models import Answer, Question
from core.admin.groups import COMMUNICATIONS, EDITORS, MODERATORS
from core.moderation import MODERATION_WORKFLOW_NAME
from core.municipality_register import get_municipality_register
from flo.factories import csv_content, file_rows
from flo.imports import import_file
from flo.models import ImportBatch
from newsletter.factories import NewsletterArchivePageFactory, NewsletterIssuePageFactory, SubscriberFactory
from newsletter.models import Send
from pages.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db

ROLES = ("editor", "moderator", "communications_officer")


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("moderator", "moderator@example.test", "pw")
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def as_role(request):
    """`as_role("editor")`: a client logged in as a member of that group."""

    def login(role: str) -> Client:
        client = Client()
        client.force_login(request.getfixturevalue(role))
        return client

    return login


def refused(response) -> bool:
    """403 from our views; Wagtail's generic views redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def menu_labels(client) -> set[str]:
    """Every label in the admin's sidebar, as the dashboard renders it."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    return set(re.findall(r'"label": "([^"]+)"', json.dumps(json.loads(props.group(1)), ensure_ascii=False)))


@pytest.fixture
def live_issue(home_page):
    return NewsletterIssuePageFactory(parent=NewsletterArchivePageFactory(parent=home_page), title="Fastlegenytt")


@pytest.fixture
def flo_batch(db):
    register = get_municipality_register()
    month = timezone.localdate().replace(day=1) - timedelta(days=400)
    month = month.replace(day=1)
    return import_file(csv_content(file_rows(register.municipalities_on(month), month)), "mars.csv")


@pytest.fixture
def conference_with_health_data(home_page):
    conference = ConferencePageFactory(parent=ConferenceIndexPageFactory(parent=home_page))
    ticket = TicketTypeFactory(conference=conference, name="Fysisk oppmøte", capacity=10)
    diet = Question.objects.create(conference=conference, label="Kosthold", sensitive=True, sort_order=0)
    registration = RegistrationFactory(ticket_type=ticket, name="Kari Lege", email="kari@example.no")
    Answer.objects.create(
        registration=registration, question=diet, question_label="Kosthold", sensitive=True, value="Glutenfri"
    )
    return conference, registration


# --- Newsletter --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor", False), ("moderator", False), ("communications_officer", True)]
)
def test_only_the_communication_officer_sends_an_issue(as_role, live_issue, role, allowed):
    SubscriberFactory.create_batch(2)
    client = as_role(role)
    url = reverse("newsletter_admin:send_issue", args=[live_issue.pk])
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")

    page = client.get(url)
    response = client.post(url, {"when": "later", "at": later, "confirm": "on"})

    if allowed:
        assert page.status_code == 200 and response.status_code == 302
        assert Send.objects.get().status == Send.Status.SCHEDULED
    else:
        assert refused(page) and refused(response)
        assert not Send.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor", False), ("moderator", False), ("communications_officer", True)]
)
@pytest.mark.parametrize(
    "url_name",
    ["newsletter_subscriber_admin:import", "newsletter_subscribers:index", "newsletter_admin:sends"],
)
def test_only_the_communication_officer_sees_and_imports_subscribers(as_role, role, allowed, url_name):
    response = as_role(role).get(reverse(url_name))

    assert (response.status_code == 200) if allowed else refused(response)


def test_the_test_mail_is_the_communication_officers_too(as_role, live_issue):
    url = reverse("newsletter_admin:send_test", args=[live_issue.pk])
    assert refused(as_role("editor").post(url, {"addresses": "meg@example.no"}))
    assert as_role("communications_officer").get(url).status_code == 200


# --- FLO figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor", False), ("moderator", False), ("communications_officer", True)]
)
def test_only_the_communication_officer_imports_and_rolls_back_figures(as_role, flo_batch, role, allowed):
    client = as_role(role)

    import_page = client.get(reverse("flo_admin:import"))
    rollback = client.post(reverse("flo_admin:rollback", args=[flo_batch.pk]))
    log = client.get(reverse("flo_admin:batches"))

    flo_batch.refresh_from_db()
    assert log.status_code == 200  # everyone may read the import log
    if allowed:
        assert import_page.status_code == 200 and rollback.status_code == 302
        assert flo_batch.is_rolled_back
    else:
        assert refused(import_page) and refused(rollback)
        assert not flo_batch.is_rolled_back
        assert ImportBatch.objects.filter(pk=flo_batch.pk, rolled_back_at__isnull=True).exists()


# --- Health data -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_no_group_downloads_or_reads_health_data(as_role, conference_with_health_data, role):
    conference, registration = conference_with_health_data
    client = as_role(role)

    export = client.get(reverse("conference_admin:export_sensitive", args=[conference.pk, "csv"]))
    detail = client.get(reverse("conference_admin:registration", args=[registration.pk]))
    overview = client.get(reverse("conference_admin:overview", args=[conference.pk]))

    assert refused(export) and b"Glutenfri" not in export.content
    if detail.status_code == 200:
        assert "Glutenfri" not in detail.content.decode()
        assert "eksport-sensitivt" not in overview.content.decode()


def test_the_health_data_permission_opens_the_export_and_the_answers(as_role, editor, conference_with_health_data):
    conference, registration = conference_with_health_data
    editor.user_permissions.add(Permission.objects.get(codename="view_sensitive_answers"))
    client = as_role("editor")

    export = client.get(reverse("conference_admin:export_sensitive", args=[conference.pk, "csv"]))
    detail = client.get(reverse("conference_admin:registration", args=[registration.pk]))
    overview = client.get(reverse("conference_admin:overview", args=[conference.pk]))

    assert export.status_code == 200 and "Glutenfri" in export.content.decode("utf-8")
    assert "Glutenfri" in detail.content.decode()
    assert "eksport-sensitivt" in overview.content.decode()


def test_the_health_data_permission_belongs_to_no_group():
    permission = Permission.objects.get(content_type__app_label="conference", codename="view_sensitive_answers")
    assert not permission.group_set.exists()


# --- Pages: Editors write and submit, Moderators approve and publish -----------------------------------


def test_editors_write_and_submit_but_do_not_publish(editor, moderator, communications_officer, home_page):
    guidance = GuidancePageFactory(parent=home_page, live=False)
    # As the demo does (and an administrator under Innstillinger → Arbeidsflyter): the section is assigned.
    WorkflowPage.objects.create(page=guidance, workflow=Workflow.objects.get(name=MODERATION_WORKFLOW_NAME))
    for user in (editor, communications_officer):
        permissions = guidance.permissions_for_user(user)
        assert permissions.can_edit() and permissions.can_submit_for_moderation()
        assert not permissions.can_publish()
    assert guidance.permissions_for_user(moderator).can_publish()


def test_editors_can_submit_documentation_that_no_workflow_is_assigned_to(editor, home_page):
    guidance = GuidancePageFactory(parent=home_page, live=False)
    assert guidance.get_workflow().name == MODERATION_WORKFLOW_NAME
    assert guidance.permissions_for_user(editor).can_submit_for_moderation()


def test_moderators_approve_the_faglig_godkjenning(editor, moderator, communications_officer, home_page):
    guidance = GuidancePageFactory(parent=home_page)
    task = Workflow.objects.get(name=MODERATION_WORKFLOW_NAME).tasks.get().specific
    assert [action[0] for action in task.get_actions(guidance, moderator)][:2] == ["reject", "approve"]
    assert task.get_actions(guidance, editor) == [] and task.get_actions(guidance, communications_officer) == []


@pytest.mark.parametrize(
    ("role", "publishes"), [("editor", False), ("moderator", True), ("communications_officer", False)]
)
def test_bulk_publish_in_the_explorer_publishes_only_for_moderators(as_role, campaign_page, role, publishes):
    campaign_page.unpublish()
    campaign_page.save_revision()
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={campaign_page.pk}"

    as_role(role).post(url, {"include_descendants": ""})

    campaign_page.refresh_from_db()
    assert campaign_page.live is publishes


# --- The menu shows each group its own tools ------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("editor", {"Importlogg"}, {"Importer tall", "Utsendinger", "Importer abonnenter", "Abonnenter"}),
        ("moderator", {"Importlogg"}, {"Importer tall", "Utsendinger", "Importer abonnenter", "Abonnenter"}),
        ("communications_officer", {"Importer tall", "Importlogg", "Utsendinger", "Importer abonnenter"}, set()),
    ],
)
def test_the_menu_follows_the_permissions(as_role, role, shown, hidden):
    labels = menu_labels(as_role(role))

    assert shown <= labels, shown - labels
    assert not hidden & labels, hidden & labels


def test_the_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, MODERATORS, COMMUNICATIONS}
