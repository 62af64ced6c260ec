from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "evident.assurance"
    label = "assurance"
    verbose_name = "Service assurance: continuity (8.7)"
