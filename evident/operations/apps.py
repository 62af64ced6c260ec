from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "evident.operations"
    label = "operations"
    verbose_name = "Operations: incidents, requests, problems, changes (8.5, 8.6)"
