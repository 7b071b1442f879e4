"""The podcast's own entries in a page's history (registered in wagtail_hooks.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import SCHEDULE_REFUSED_LOG_ACTION


def register_podcast_log_actions(actions) -> None:
    actions.register_action(
        SCHEDULE_REFUSED_LOG_ACTION,
        _("Planlagt publisering stoppet"),
        _("Planlagt publisering stoppet: episoden mangler lyd eller tekstversjon"),
    )
