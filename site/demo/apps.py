from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content (manage.py load_demo_data): the top of the dependency graph, imported by nothing."""

    name = "demo"
    verbose_name = "Allmenn demo content"
