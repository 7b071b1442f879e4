from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Konferanse"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # notices registers its mails with core's outbox; signals connects the receivers.
        from . import notices, signals  # noqa: F401
