from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "evident.audits"
    label = "audits"
    verbose_name = "Audits: clause catalogue, engine, evaluations, improvement (9, 10)"
