"""Core's periodic job, run every minute by run_scheduler (or cron): send the outbox's due
notices and settle those of workers that died; delete ended abuse-limit windows (Redis
counters expire by themselves) and notices finished long ago."""

from django.core.management.base import BaseCommand

from core.mail import outbox
from core.ratelimit import purge_expired


class Command(BaseCommand):
    help = "Send due notices from the outbox, and delete ended abuse-limit counters and old notices."

    def handle(self, *args, **options) -> None:
        mails = outbox.deliver_due()
        purged = purge_expired()
        forgotten = outbox.purge_finished()
        if options["verbosity"] > 1:
            self.stdout.write(f"Outbox: {mails}. Purged {purged} abuse-limit counters and {forgotten} old notices.")
