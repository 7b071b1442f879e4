from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Allmenn core"

    def ready(self) -> None:
        from . import furniture, signals  # noqa: F401
