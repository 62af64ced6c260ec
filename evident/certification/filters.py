"""Filters for engagements and their findings, samples, judgements, interviews and decisions."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, TIME_RANGE, ClauseFilter, OrgScopedFilterSet

from .models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Interview,
    SampleJudgement,
)


class AuditEngagementFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = AuditEngagement
        fields = {
            "kind": ["exact"],
            "state": ["exact"],
            "lead_auditor": ["exact"],
            "audit_date": DATE_RANGE,
        }


class EngagementFindingFilterSet(OrgScopedFilterSet):
    clause = ClauseFilter()

    class Meta:
        model = EngagementFinding
        fields = {
            "engagement": ["exact"],
            "origin": ["exact"],
            "grade": ["exact"],
            "severity": ["exact"],
            "status": ["exact"],
        }


class SampleJudgementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = SampleJudgement
        fields = {
            "engagement": ["exact"],
            "sample": ["exact"],
            "fieldwork_sample": ["exact"],
            "verdict": ["exact"],
            "engine_verdict": ["exact"],
        }


class FieldworkSampleFilterSet(OrgScopedFilterSet):
    clause = ClauseFilter()

    class Meta:
        model = FieldworkSample
        fields = {"engagement": ["exact"], "population": ["exact"]}


class InterviewFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Interview
        fields = {
            "engagement": ["exact"],
            "interviewee": ["exact"],
            "role": ["exact"],
            "held_on": DATE_RANGE,
        }


class CertificationDecisionFilterSet(OrgScopedFilterSet):
    class Meta:
        model = CertificationDecision
        fields = {"engagement": ["exact"], "decision": ["exact"], "decided_at": TIME_RANGE}
