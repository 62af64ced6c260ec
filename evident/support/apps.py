from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "evident.support"
    label = "support"
    verbose_name = "Support: documented information, communication, awareness (7)"
