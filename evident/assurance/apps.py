from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "evident.assurance"
    label = "assurance"
    verbose_name = "Service assurance: availability, continuity, security (8.7)"
