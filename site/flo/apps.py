from django.apps import AppConfig


class FloConfig(AppConfig):
    name = "flo"
    verbose_name = "Fastlegestatistikk (FLO)"
