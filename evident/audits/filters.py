"""Filters for audits, reviews, nonconformities and corrective action, and evaluations."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, TIME_RANGE, ClauseFilter, OrgScopedFilterSet

from .models import (
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    Sample,
)


class InternalAuditFilterSet(OrgScopedFilterSet):
    clause = filters.CharFilter(
        field_name="clauses", lookup_expr="icontains", help_text="Covers this clause"
    )

    class Meta:
        model = InternalAudit
        fields = {
            "status": ["exact"],
            "lead_auditor": ["exact"],
            "planned_date": DATE_RANGE,
            "completed_on": DATE_RANGE,
        }


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
