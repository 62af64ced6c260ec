from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "evident.core"
    label = "core"
    verbose_name = "Core: organisations, people and the evidence ledger"
