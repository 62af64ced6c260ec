from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "evident.reports"
    label = "reports"
    verbose_name = "Reports: audit reports as PDF, XLSX and evidence packs"
