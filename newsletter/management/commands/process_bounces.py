"""Read DSN bounces, spam complaints and unsubscribe mails from a Maildir, an mbox or a directory of .eml files.

For plain SMTP: the envelope sender (MAIL_BOUNCE_ADDRESS) and the List-Unsubscribe
mailbox (NEWSLETTER_UNSUBSCRIBE_MAILTO) deliver into a mailbox this command reads, for
example from cron every few minutes.

Nothing is ever deleted. In a Maildir, handled messages move to the `.processed` folder
and unreadable ones to `.failed`; in a directory, to `processed/` and `failed/`. An mbox
is only read: running again reads everything again, and the database makes that a no-op.
"""

from __future__ import annotations

import logging
import mailbox
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletter.bounces import Feedback, parse_file, parse_message
from newsletter.feedback import apply_feedback

logger = logging.getLogger(__name__)

PROCESSED = "processed"
FAILED = "failed"


@dataclass
class Item:
    """One message in a source: how to read it, and where it goes once handled."""

    name: str
    read: Callable[[], Feedback]
    settle: Callable[[str], None]  # called with PROCESSED or FAILED; a no-op for an mbox


class Command(BaseCommand):
    help = "Behandler bounce-meldinger (DSN), spamklager (ARF) og avmeldinger fra en Maildir, en mbox eller en mappe."

    def add_arguments(self, parser):
        parser.add_argument("--maildir", action="append", default=[], metavar="STI", help="En Maildir å lese fra.")
        parser.add_argument("--mbox", action="append", default=[], metavar="STI", help="En mbox-fil (leses bare).")
        parser.add_argument("--dir", action="append", default=[], metavar="STI", help="En mappe med .eml-filer.")
        parser.add_argument("--dry-run", action="store_true", help="Vis hva som ville skjedd; endre ingenting.")

    def handle(self, *args, **options):
        if not (options["maildir"] or options["mbox"] or options["dir"]):
            raise CommandError("Oppgi minst én kilde: --maildir, --mbox eller --dir.")
        self.dry_run = options["dry_run"]
        self.verbosity = options["verbosity"]
        tally: Counter[str] = Counter()
        sources = [
            *(maildir_items(Path(p)) for p in options["maildir"]),
            *(mbox_items(Path(p)) for p in options["mbox"]),
            *(directory_items(Path(p)) for p in options["dir"]),
        ]
        for items in sources:
            for item in items:
                tally[self.process(item)] += 1
        self.stdout.write(self.summary(tally))

    def process(self, item: Item) -> str:
        """Read, apply and file away one message; return the summary bucket it belongs in."""
        notes: list[str] = []
        try:
            feedback = item.read()
            if feedback.kind != "unreadable" and not self.dry_run:
                notes = apply_feedback(feedback).notes
        except FileNotFoundError:
            return "gone"  # a run alongside this one took it first
        except Exception as exc:
            logger.exception("process_bounces: %s failed", item.name)
            return self.fail(item, str(exc))
        if feedback.kind == "unreadable":
            logger.warning("process_bounces: %s unreadable: %s", item.name, feedback.reason)
            return self.fail(item, feedback.reason)
        if self.verbosity >= 2:
            self.stdout.write("; ".join([f"{item.name}: {feedback.describe()}", *notes]))
        self.settle(item, PROCESSED)
        return feedback.kind

    def fail(self, item: Item, reason: str) -> str:
        self.stderr.write(f"{item.name}: feilet og er beholdt ({reason})")
        self.settle(item, FAILED)
        return "failed"

    def settle(self, item: Item, outcome: str) -> None:
        if self.dry_run:
            return
        try:
            item.settle(outcome)
        except OSError as exc:
            # Another run may have moved it first; the message is still somewhere, never lost.
            self.stderr.write(f"{item.name}: kunne ikke flyttes ({exc})")

    def summary(self, tally: Counter[str]) -> str:
        prefix = "Prøvekjøring, ingenting endret. " if self.dry_run else ""
        return (
            f"{prefix}Bounce: {tally['bounce']}, klager: {tally['complaint']}, "
            f"avmeldinger: {tally['unsubscribe']}, ignorert: {tally['ignored']}, feilet: {tally['failed']}"
        )


def maildir_items(path: Path) -> Iterator[Item]:
    """Messages in new/ and cur/; handled ones are renamed into the `.processed` or `.failed` folder.

    A rename within one filesystem is atomic, so a crash leaves each message in exactly one place.
    """
    try:
        maildir = mailbox.Maildir(path, factory=None, create=False)
        maildir.keys()  # raises for something that is not a Maildir
    except (OSError, mailbox.Error) as exc:
        raise CommandError(f"{path} er ikke en Maildir ({exc}).") from exc
    return _maildir_items(path, maildir)


def _maildir_items(path: Path, maildir: mailbox.Maildir) -> Iterator[Item]:
    folders: dict[str, Path] = {}

    def folder(name: str) -> Path:
        if name not in folders:
            if name not in maildir.list_folders():
                maildir.add_folder(name)
            folders[name] = path / f".{name}"
        return folders[name]

    for subdir in ("new", "cur"):
        for entry in sorted(os.scandir(path / subdir), key=lambda e: e.name):
            if not entry.is_file() or entry.name.startswith("."):
                continue
            source = Path(entry.path)

            def settle(outcome: str, source: Path = source) -> None:
                os.rename(source, folder(outcome) / "cur" / _seen_name(source.name))

            yield Item(name=f"{path.name}/{subdir}/{entry.name}", read=lambda s=source: parse_file(s), settle=settle)


def _seen_name(name: str) -> str:
    """The Maildir file name with the Seen flag set, keeping any other flags."""
    unique, _sep, info = name.partition(":")
    flags = set(info[2:]) if info.startswith("2,") else set()
    return f"{unique}:2,{''.join(sorted(flags | {'S'}))}"


def mbox_items(path: Path) -> Iterator[Item]:
    if not path.is_file():
        raise CommandError(f"Finner ikke mbox-filen {path}.")
    return _mbox_items(path, mailbox.mbox(path, factory=None, create=False))


def _mbox_items(path: Path, box: mailbox.mbox) -> Iterator[Item]:
    try:
        for number, key in enumerate(box.keys(), start=1):
            yield Item(
                name=f"{path.name}#{number}", read=lambda k=key: parse_message(box.get_bytes(k)), settle=lambda _o: None
            )
    finally:
        box.close()


def directory_items(path: Path) -> Iterator[Item]:
    if not path.is_dir():
        raise CommandError(f"Finner ikke mappen {path}.")
    return _directory_items(path)


def _directory_items(path: Path) -> Iterator[Item]:
    for source in sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".eml"):

        def settle(outcome: str, source: Path = source) -> None:
            target_dir = path / outcome
            target_dir.mkdir(exist_ok=True)
            os.rename(source, _free_name(target_dir, source.name))

        yield Item(name=source.name, read=lambda s=source: parse_file(s), settle=settle)


def _free_name(directory: Path, name: str) -> Path:
    """`name` in `directory`, with a counter added if a file of that name is already there."""
    target = directory / name
    stem, suffix = Path(name).stem, Path(name).suffix
    counter = 1
    while target.exists():
        target = directory / f"{stem}-{counter}{suffix}"
        counter += 1
    return target
