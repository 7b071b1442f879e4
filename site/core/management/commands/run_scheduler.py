"""Run periodic jobs on one machine: scheduled publishing, for now.

In production, a cron job or systemd timer that runs `manage.py publish_scheduled`
every minute does the same; this command is for the development server.
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish and unpublish scheduled pages every minute until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run the jobs once and exit.")

    def handle(self, *args, interval: int, once: bool, **options) -> None:
        while True:
            try:
                call_command("publish_scheduled", verbosity=0)
            except Exception:
                # Keep the loop alive: one failed run must not stop scheduled publishing.
                logger.exception("Scheduled publishing failed")
            if once:
                return
            time.sleep(max(interval, 1))
