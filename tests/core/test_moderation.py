"""Guidance and reports are moderated wherever they live; campaigns publish directly."""

import pytest
from wagtail.models import Workflow, WorkflowPage

from core.admin.groups import MODERATORS
from core.moderation import MODERATION_WORKFLOW_NAME
from pages.factories import ChapterPageFactory, GuidancePageFactory

pytestmark = pytest.mark.django_db


def test_the_workflow_exists_after_migrating():
    workflow = Workflow.objects.get(name=MODERATION_WORKFLOW_NAME)
    assert workflow.active
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == [MODERATORS]


def test_documentation_is_moderated_even_without_an_assignment(home_page, campaign_page, report_with_chapters):
    WorkflowPage.objects.all().delete()
    guidance = GuidancePageFactory(parent=home_page)
    report, chapters = report_with_chapters
    for page in (guidance, report, chapters["2.1"]):
        assert page.get_workflow().name == MODERATION_WORKFLOW_NAME
    assert campaign_page.get_workflow() is None


def test_an_assigned_workflow_takes_precedence(home_page, report):
    other = Workflow.objects.create(name="Juridisk gjennomgang", active=True)
    WorkflowPage.objects.create(page=report, workflow=other)
    chapter = ChapterPageFactory(parent=report)
    assert chapter.get_workflow() == other


def test_submitting_a_guidance_page_starts_moderation(home_page, admin_user):
    page = GuidancePageFactory(parent=home_page)
    page.save_revision(user=admin_user)
    workflow = page.get_workflow()
    state = workflow.start(page, admin_user)
    assert state.status == "in_progress"
    assert state.current_task_state.task.name == MODERATION_WORKFLOW_NAME


def test_campaigns_and_home_publish_directly_after_migrating(home_page, campaign_page):
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    assert home_page.get_workflow() is None
    assert campaign_page.get_workflow() is None
