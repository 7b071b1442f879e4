"""Load the demo site: pages in all three languages, reports, campaigns, settings and a login."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core import site_address
from demo.build import ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD, load_demo_site


def on_test_database() -> bool:
    """True while the test runner has swapped in its own database (pytest, the e2e suite)."""
    name = str(connection.settings_dict.get("NAME") or "")
    test_name = str((connection.settings_dict.get("TEST") or {}).get("NAME") or "")
    return bool(test_name and name == test_name) or Path(name).name.startswith("test_")


class Command(BaseCommand):
    help = (
        "Create the demo site (Allmennlegeprogrammet) with pages, images, documents, settings, "
        "workflows and an admin login. Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo pages, images and documents first, then rebuild."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even though DEBUG is off. Never use on a production database."
        )

    def handle(self, *args, reset: bool = False, force: bool = False, **options) -> None:
        if not (settings.DEBUG or force or on_test_database()):
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Use --force if this really is a demo database."
            )
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEFAULT_ADMIN_PASSWORD
        started = time.monotonic()
        wagtail_logger = logging.getLogger("wagtail")
        previous_level = wagtail_logger.level
        if options.get("verbosity", 1) < 2:
            # Wagtail logs every page created and published; at normal verbosity only the summary matters.
            wagtail_logger.setLevel(logging.WARNING)
        try:
            result = load_demo_site(password, reset=reset)
        finally:
            wagtail_logger.setLevel(previous_level)
        elapsed = time.monotonic() - started
        if result.pages_created:
            summary = f"{result.pages_created} of {result.pages_total} demo pages created"
        else:
            summary = f"all {result.pages_total} demo pages were already there; nothing changed"
        self.stdout.write(self.style.SUCCESS(f"Demo site ready in {elapsed:.1f} s: {summary}."))
        self.stdout.write(
            "\nThe admin login:\n"
            f"  URL:      {site_address.absolute('/admin/')}\n"
            f"  Username: {ADMIN_USERNAME}\n"
            f"  Password: {password}\n"
        )
