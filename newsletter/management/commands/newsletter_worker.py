"""Deliver a send in the foreground: what a task worker does, for operators and tests.

`manage.py newsletter_worker --send 12` runs one worker until the send is done, paused
or waiting for retries. Kill it at any moment: the rows say where it stopped.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsletter.models import Send
from newsletter.sending import DeliveryWorker
from newsletter.tasks import queue_pause_notice


class Command(BaseCommand):
    help = "Deliver one send's mails in this process until it is done, paused or waiting."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--send", type=int, required=True, help="The send's id.")
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument("--worker-id", default=None)

    def handle(self, *args, send: int, batch_size: int | None, worker_id: str | None, **options) -> None:
        if not Send.objects.filter(pk=send).exists():
            raise CommandError(f"Fant ingen utsending med id {send}.")
        report = DeliveryWorker(send, batch_size=batch_size, worker_id=worker_id).run()
        if report.paused_itself:
            queue_pause_notice(send)
        self.stdout.write(
            f"sendt {report.sent}, nye forsøk {report.retried}, feilet {report.failed}, "
            f"usikre {report.uncertain}, hoppet over {report.skipped}; stoppet: {report.stopped_because}"
        )
