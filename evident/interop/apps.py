from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "evident.interop"
    label = "interop"
    verbose_name = "Interchange: the organisation bundle"
