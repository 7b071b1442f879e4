from django.apps import AppConfig


class PodcastConfig(AppConfig):
    name = "podcast"
    verbose_name = "Podkast"

    def ready(self) -> None:
        from . import signals  # noqa: F401
