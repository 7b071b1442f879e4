"""Moderation for programme documentation.

Guidance and reports are the programme's official documentation, so they always go
through the "Faglig godkjenning" workflow, wherever an editor places them in the
tree. A workflow assigned to a section in the admin still takes precedence.
"""

from __future__ import annotations

from wagtail.models import Workflow

MODERATION_WORKFLOW_NAME = "Faglig godkjenning"


class ModeratedPageMixin:
    def get_workflow(self) -> Workflow | None:
        workflow = super().get_workflow()
        if workflow is None:
            workflow = Workflow.objects.filter(name=MODERATION_WORKFLOW_NAME, active=True).first()
        return workflow

    @property
    def has_workflow(self) -> bool:
        """Wagtail's submit button and page permissions read this, not get_workflow(): keep them one rule."""
        return self.get_workflow() is not None
