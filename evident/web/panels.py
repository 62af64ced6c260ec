"""Panels of the detail pages: drawings and links a record's fields alone do not give."""

from django.urls import reverse
from django.utils.html import format_html

from evident.audits.pages import kpi_series, review_inputs, service_report

__all__ = [
    "ci_impact",
    "engagement_workspace",
    "import_job",
    "kpi_series",
    "review_inputs",
    "service_report",
    "service_rests_on",
]


def _link(url_name: str, record, text: str):
    url = reverse(url_name, kwargs={"org_slug": record.organisation.slug, "pk": record.pk})
    return format_html('<p><a class="button" href="{}">{}</a></p>', url, text)


def ci_impact(item):
    return _link("web:ci-impact", item, "Which services this item affects")


def service_rests_on(service):
    return _link("web:service-rests-on", service, "What this service rests on")


def engagement_workspace(engagement):
    return _link("web:engagement-workspace", engagement, "Open the auditor workspace")


def import_job(job):
    return _link("web:import-job", job, "Progress and result of the import")
