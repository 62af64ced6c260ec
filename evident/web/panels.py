"""Panels of the detail pages: drawings and links a record's fields alone do not give."""

from django.urls import reverse
from django.utils.html import format_html

from evident.audits import pages


def kpi_series(kpi):
    return pages.kpi_series(kpi)


def review_inputs(review):
    return pages.review_inputs(review)


def service_report(report):
    return pages.service_report(report)


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
