"""Point the default Wagtail site at WAGTAILADMIN_BASE_URL, so that page links and mails agree."""

from django.core.management.base import BaseCommand, CommandError

from core.site_address import base_url, default_site_url, disagreement, point_default_site_at_base_url


class Command(BaseCommand):
    help = "Give the default Wagtail site the host and port of WAGTAILADMIN_BASE_URL."

    def handle(self, *args, **options) -> None:
        if default_site_url() is None:
            raise CommandError("There is no default site: create one in the admin under Innstillinger → Nettsteder.")
        changed = point_default_site_at_base_url()
        problem = disagreement()
        if problem:
            raise CommandError(problem)
        if changed:
            self.stdout.write(self.style.SUCCESS(f"The default site now answers at {base_url()}."))
        else:
            self.stdout.write(f"The default site already answers at {base_url()}.")
