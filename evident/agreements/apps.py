from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "evident.agreements"
    label = "agreements"
    verbose_name = "Agreements: SLAs and suppliers (8.3)"
