from django.apps import AppConfig


class FloConfig(AppConfig):
    name = "flo"
    verbose_name = "Fastlegestatistikk (FLO)"

    def ready(self) -> None:
        from . import signals  # noqa: F401
