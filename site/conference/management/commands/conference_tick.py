"""The conference's periodic jobs, run every minute by run_scheduler (or cron)."""

from django.core.management.base import BaseCommand

from conference import ledger, reminders, retention
from conference.tasks import mail_offers


class Command(BaseCommand):
    help = "Expire lapsed offers (offering the seats to the next in line), send reminders, purge old personal data."

    def handle(self, *args, **options) -> None:
        changes = ledger.expire_offers()
        mail_offers(changes)
        reminded = reminders.send_due_reminders()
        report = retention.purge()
        if options["verbosity"] > 1:
            self.stdout.write(f"offered: {changes.offered}, reminded: {len(reminded)}, purged: {report}")
