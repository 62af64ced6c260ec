from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "evident.core"
    label = "core"
    verbose_name = "Core: organisations, people and the evidence ledger"

    def ready(self):
        # Each app declares its record types in ``records.py`` (``core.records``).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("records")
