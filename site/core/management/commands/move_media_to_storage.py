"""manage.py move_media_to_storage: copy local media (MEDIA_ROOT) into the configured storage.

Run it once after switching to MEDIA_STORAGE=s3, and again as often as needed: files already
in the bucket with the same size are skipped, so a stopped run resumes. See core/media_move.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from core.media_move import local_files, move_media
from core.media_storage import is_remote


class Command(BaseCommand):
    help = "Copy media files from MEDIA_ROOT (or --source) into the configured storage, keeping their names."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", help="The local media folder (default: MEDIA_ROOT).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be copied; change nothing.")
        parser.add_argument(
            "--delete-local",
            action="store_true",
            help="Delete each local file once its copy in storage has been checked (same name and size).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, source: str | None, dry_run: bool, delete_local: bool, no_progress: bool, **options):
        source_path = Path(source or settings.MEDIA_ROOT).resolve()
        if not source_path.is_dir():
            raise CommandError(f"The source folder {source_path} does not exist.")
        storage = storages["default"]
        if not is_remote(storage) and Path(storage.path("")).resolve() == source_path:
            raise CommandError(
                f"The configured storage is this same folder ({source_path}): set MEDIA_STORAGE=s3 and the "
                "bucket's variables (see core/media_storage.py) before moving media."
            )
        files, links = local_files(source_path)
        total = sum(file.size for file in files)
        show_bar = not no_progress and options["verbosity"] > 0
        # tqdm redraws with carriage returns; Django's OutputWrapper would add a newline each time.
        bar_stream = getattr(self.stderr, "_out", self.stderr)
        with tqdm(total=total, unit="B", unit_scale=True, desc="Media", disable=not show_bar, file=bar_stream) as bar:
            report = move_media(
                source_path, storage, dry_run=dry_run, delete_local=delete_local, progress=bar.update, files=files
            )
        report.skipped_links = links
        if options["verbosity"] > 1:
            for name in report.copied:
                self.stdout.write(f"{'would copy' if dry_run else 'copied'}: {name}")
        for name in report.conflicts:
            self.stderr.write(f"conflict (another file of that name is in storage, left alone): {name}")
        for name in links:
            self.stderr.write(f"symbolic link skipped: {name}")
        destination = getattr(storage, "bucket_name", None) or os.fspath(getattr(storage, "location", ""))
        summary = f"{source_path} → {type(storage).__name__} {destination}: {report.summary(dry_run=dry_run)}."
        if report.conflicts:
            raise CommandError(summary + " Resolve the conflicts (compare the files) and run the command again.")
        self.stdout.write(self.style.SUCCESS(("Dry run: " if dry_run else "") + summary))
