from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Søk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, searchable, signals  # noqa: F401

        searchable.autodiscover()
