from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "evident.certification"
    label = "certification"
    verbose_name = "Certification audits: engagements, fieldwork, decisions"
