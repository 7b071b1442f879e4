"""The newsletter's periodic jobs, run every minute by run_scheduler (or cron)."""

from django.core.management.base import BaseCommand

from newsletter.maintenance import tick


class Command(BaseCommand):
    help = "Start due sends, resume stalled ones, purge expired tokens and old personal data."

    def handle(self, *args, **options) -> None:
        result = tick()
        if options["verbosity"] > 1:
            self.stdout.write(str(result))
