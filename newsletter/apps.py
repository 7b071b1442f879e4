from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Nyhetsbrev"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # notices registers its mails with core's outbox; signals connects the receivers.
        from . import notices, signals  # noqa: F401
