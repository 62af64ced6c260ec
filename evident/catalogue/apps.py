from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "evident.catalogue"
    label = "catalogue"
    verbose_name = "Service catalogue (8.2)"
