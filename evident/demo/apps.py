from django.apps import AppConfig


class DemoConfig(AppConfig):
    # An app only so that Django finds the ``demo`` command; it has no models.
    name = "evident.demo"
    label = "demo"
    verbose_name = "Demo: the generated demo organisation"
