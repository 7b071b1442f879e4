"""Run periodic jobs on one machine: scheduled publishing, core's (old abuse-limit
counters) and the newsletter's, the conference's and search's jobs.

In production, a cron job or systemd timer that runs `manage.py publish_scheduled`,
`manage.py core_tick`, `manage.py newsletter_tick`, `manage.py conference_tick` and
`manage.py search_tick` every minute does the same; this command is for the development server.
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Publish and unpublish scheduled pages, and run core's, the newsletter's, the conference's and search's jobs, "
        "every minute until stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run the jobs once and exit.")

    def handle(self, *args, interval: int, once: bool, **options) -> None:
        while True:
            for job in ("publish_scheduled", "core_tick", "newsletter_tick", "conference_tick", "search_tick"):
                try:
                    call_command(job, verbosity=0)
                except Exception:
                    # Keep the loop alive: one failed job must not stop the others.
                    logger.exception("Periodic job %s failed", job)
            if once:
                return
            time.sleep(max(interval, 1))
