from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "evident.web"
    label = "web"
    verbose_name = "Web UI"
