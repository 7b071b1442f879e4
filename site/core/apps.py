from contextlib import suppress

from django.apps import AppConfig
from django.db import DatabaseError
from django.db.models.signals import post_migrate


def point_placeholder_site_at_base_url(sender, **kwargs) -> None:
    """After migrate: Wagtail's placeholder site (localhost:80) takes the configured address."""
    from .site_address import point_default_site_at_base_url

    with suppress(DatabaseError):  # a partial migrate, before Wagtail's tables exist
        point_default_site_at_base_url(only_placeholder=True)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Allmenn core"

    def ready(self) -> None:
        from . import furniture, page_tree, signals  # noqa: F401

        post_migrate.connect(point_placeholder_site_at_base_url, sender=self)
