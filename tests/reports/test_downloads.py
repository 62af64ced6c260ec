"""Reports from the API and the pages: members only, right content types and file names."""

import pytest
from django.urls import reverse

from evident.certification.models import AuditEngagement
from evident.core import services
from evident.core.context import acting
from evident.core.models import Role
from tests.api import client_for


@pytest.fixture
def member(audited, make_user):
    return make_user(audited.organisation, role=Role.VIEWER, username="report-reader")


def api(audited, subject, pk, fmt):
    return f"/api/orgs/{audited.organisation.slug}/reports/{subject}/{pk}.{fmt}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fmt, content_type",
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
    ],
)
def test_a_member_downloads_an_evaluation_report(audited, member, fmt, content_type):
    response = client_for(member).get(api(audited, "evaluations", audited.stage1.pk, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    stem = f"{audited.organisation.slug}-{audited.stage1.ref.lower()}-stage1"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{stem}-')


@pytest.mark.django_db
def test_a_member_downloads_an_audits_evidence_pack(audited, member):
    response = client_for(member).get(api(audited, "audits", audited.engagement.pk, "zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response.content[:2] == b"PK"


@pytest.mark.django_db
def test_others_get_a_404(audited, other_org, make_user):
    outsider = make_user(other_org, role=Role.SMS_MANAGER, username="outsider")
    response = client_for(outsider).get(api(audited, "evaluations", audited.stage2.pk, "xlsx"))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_unknown_format_is_a_400_naming_the_parameter(audited, member):
    response = client_for(member).get(api(audited, "evaluations", audited.stage2.pk, "docx"))
    assert response.status_code == 400
    assert "format" in response.json()


@pytest.mark.django_db
def test_an_unknown_evaluation_is_a_404(audited, member):
    response = client_for(member).get(api(audited, "evaluations", 999999, "xlsx"))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_audit_not_yet_worked_is_a_409_saying_why(audited, member):
    with acting(source="cli", actor_name="report-tests"):
        planned = services.create_record(
            AuditEngagement,
            audited.organisation,
            title="Planned surveillance",
            kind=AuditEngagement.Kind.SURVEILLANCE,
            audit_date=audited.stage2.audit_date,
            period_start=audited.stage2.period_start,
            period_end=audited.stage2.period_end,
        )
    response = client_for(member).get(api(audited, "audits", planned.pk, "pdf"))
    assert response.status_code == 409
    assert "no evaluation yet" in response.json()["detail"]


@pytest.mark.django_db
def test_the_evaluation_page_links_its_downloads_and_they_serve(audited, member, client):
    client.force_login(member)
    page = reverse("web:evaluation-detail", args=[audited.organisation.slug, audited.stage2.pk])
    html = client.get(page).content.decode()
    link = reverse(
        "web:report-download",
        args=[audited.organisation.slug, "evaluations", audited.stage2.pk, "xlsx"],
    )
    assert link in html
    response = client.get(link)
    assert response.status_code == 200
    assert "findings.xlsx" in response["Content-Disposition"]


@pytest.mark.django_db
def test_pages_hide_reports_from_non_members(audited, other_org, make_user, client):
    client.force_login(make_user(other_org, username="page-outsider"))
    link = reverse(
        "web:report-download",
        args=[audited.organisation.slug, "evaluations", audited.stage2.pk, "xlsx"],
    )
    assert client.get(link).status_code == 404
