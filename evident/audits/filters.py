"""Filters for audits, reviews, nonconformities and corrective action, and evaluations."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, TIME_RANGE, ClauseFilter, OrgScopedFilterSet

from .models import (
    AuditChecklistItem,
    AuditProgramme,
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    Nonconformity,
    ReviewOutput,
    Sample,
    ServiceReport,
)


class InternalAuditFilterSet(OrgScopedFilterSet):
    clause = filters.CharFilter(
        field_name="clauses", lookup_expr="icontains", help_text="Covers this clause"
    )

    class Meta:
        model = InternalAudit
        fields = {
            "status": ["exact"],
            "programme": ["exact"],
            "lead_auditor": ["exact"],
            "auditors": ["exact"],
            "planned_date": DATE_RANGE,
            "completed_on": DATE_RANGE,
        }


class AuditProgrammeFilterSet(OrgScopedFilterSet):
    class Meta:
        model = AuditProgramme
        fields = {
            "owner": ["exact"],
            "cycle_start": DATE_RANGE,
            "cycle_end": DATE_RANGE,
            "approved_on": DATE_RANGE,
        }


class AuditChecklistItemFilterSet(OrgScopedFilterSet):
    clause = ClauseFilter()

    class Meta:
        model = AuditChecklistItem
        fields = {"audit": ["exact"], "result": ["exact"], "nonconformity": ["exact"]}


class ManagementReviewFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ManagementReview
        fields = {
            "status": ["exact"],
            "chair": ["exact"],
            "planned_date": DATE_RANGE,
            "held_on": DATE_RANGE,
        }


class NonconformityFilterSet(OrgScopedFilterSet):
    clause = ClauseFilter()

    class Meta:
        model = Nonconformity
        fields = {
            "source": ["exact"],
            "grade": ["exact"],
            "status": ["exact"],
            "finding_key": ["exact"],
            "closure_verified": ["exact"],
            "owner": ["exact"],
            "due_date": DATE_RANGE,
            "raised_on": DATE_RANGE,
            "closed_on": DATE_RANGE,
        }


class CorrectiveActionFilterSet(OrgScopedFilterSet):
    class Meta:
        model = CorrectiveAction
        fields = {
            "nonconformity": ["exact"],
            "owner": ["exact"],
            "effectiveness": ["exact"],
            "due_date": DATE_RANGE,
            "closed_on": DATE_RANGE,
        }


class CorrectiveActionPlanFilterSet(OrgScopedFilterSet):
    class Meta:
        model = CorrectiveActionPlan
        fields = {
            "nonconformity": ["exact"],
            "status": ["exact"],
            "owner": ["exact"],
            "due_date": DATE_RANGE,
            "decided_at": TIME_RANGE,
        }


class EvaluationFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Evaluation
        fields = {
            "stage": ["exact"],
            "outcome": ["exact"],
            "recommendation": ["exact"],
            "engine_version": ["exact"],
            "audit_date": DATE_RANGE,
        }


class FindingFilterSet(OrgScopedFilterSet):
    clause = ClauseFilter()
    stage = filters.ChoiceFilter(field_name="evaluation__stage", choices=Evaluation.Stage.choices)

    class Meta:
        model = Finding
        fields = {
            "evaluation": ["exact"],
            "grade": ["exact"],
            "severity": ["exact"],
            "check_id": ["exact"],
            "key": ["exact"],
            "cap_accepted": ["exact"],
        }


class SampleFilterSet(OrgScopedFilterSet):
    clause = ClauseFilter()
    stage = filters.ChoiceFilter(field_name="evaluation__stage", choices=Evaluation.Stage.choices)

    class Meta:
        model = Sample
        fields = {"evaluation": ["exact"], "population": ["exact"]}


class ReviewOutputFilterSet(OrgScopedFilterSet):
    open = filters.BooleanFilter(
        field_name="closed_on", lookup_expr="isnull", help_text="Not yet closed"
    )

    class Meta:
        model = ReviewOutput
        fields = {
            "review": ["exact"],
            "kind": ["exact"],
            "owner": ["exact"],
            "due_date": DATE_RANGE,
            "closed_on": DATE_RANGE,
        }


class KpiFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Kpi
        fields = {
            "key": ["exact"],
            "computation": ["exact"],
            "direction": ["exact"],
            "objective": ["exact"],
            "service": ["exact"],
            "owner": ["exact"],
        }


class KpiMeasurementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = KpiMeasurement
        fields = {"kpi": ["exact"], "source": ["exact"], "period_start": DATE_RANGE}


class ServiceReportFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ServiceReport
        fields = {"service": ["exact"], "period_start": DATE_RANGE, "period_end": DATE_RANGE}


class ImprovementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Improvement
        fields = {
            "source": ["exact"],
            "decision": ["exact"],
            "status": ["exact"],
            "owner": ["exact"],
            "finding_key": ["exact"],
            "raised_on": DATE_RANGE,
            "completed_on": DATE_RANGE,
        }
