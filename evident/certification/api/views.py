"""Endpoints for audit engagements and the verbs that carry an audit from plan to decision.

Engagements are planned and edited like any record; their state and
evaluation change only through the transitions their declaration names
(start-fieldwork, issue-outcome, issue-findings, decide, close: routes the
``RecordRouter`` adds), and findings move by theirs (confirm, regrade,
withdraw). Fieldwork that moves no state (add-finding, judge,
draw-additional, interview, verify-closure) is a verb of its own here.
Findings, judgements, samples, interviews and decisions are written only by
the verbs. The transitions and verbs are open to every member at the door and
check the role themselves: auditors (internal or external) run the audit; a
viewer or the organisation's own staff get a 403 naming what they tried.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response

from evident.core.api import OrgScopedViewSet, ReadOnlyOrgScopedViewSet
from evident.core.context import acting

from .. import fieldwork, filters, services
from ..models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Interview,
    SampleJudgement,
)
from ..recommendation import current_recommendation, recommendation_label
from . import serializers as s


class VerbViewSet(OrgScopedViewSet):
    """A viewset whose custom actions are verbs that check the caller's role themselves."""

    def get_permissions(self):
        if self.action in getattr(self, "verbs", ()):
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def verb_input(self, serializer_class) -> dict:
        data = serializer_class(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def run_verb(self, verb, *args, answer_with=None, code=status.HTTP_200_OK, **kwargs):
        with acting(source="api", user=self.request.user):
            result = verb(*args, **kwargs)
        serializer_class = answer_with or self.get_serializer_class()
        result = serializer_class.Meta.model.objects.get(pk=result.pk)
        context = self.get_serializer_context()
        return Response(serializer_class(result, context=context).data, status=code)


class AuditEngagementViewSet(VerbViewSet):
    """Audits of the SMS (internal, Stage 1, Stage 2, surveillance), from plan to decision."""

    queryset = AuditEngagement.objects.all()
    serializer_class = s.AuditEngagementSerializer
    filterset_class = filters.AuditEngagementFilterSet
    verbs = ("transition", "add_finding", "judge", "draw_additional", "interview")

    @extend_schema(request=s.AddFindingSerializer, responses={201: s.EngagementFindingSerializer})
    @action(detail=True, methods=["post"], url_path="add-finding")
    def add_finding(self, request, *args, **kwargs):
        """Raise an auditor's finding on the auditor's own evidence."""
        data = self.verb_input(s.AddFindingSerializer)
        return self.run_verb(
            services.add_auditor_finding,
            self.get_object(),
            answer_with=s.EngagementFindingSerializer,
            code=status.HTTP_201_CREATED,
            **data,
        )

    @extend_schema(request=s.JudgeSerializer, responses={200: s.SampleJudgementSerializer})
    @action(detail=True, methods=["post"])
    def judge(self, request, *args, **kwargs):
        """Mark one sampled record conforming or nonconforming, with a note."""
        data = self.verb_input(s.JudgeSerializer)
        return self.run_verb(
            fieldwork.judge_sample_record,
            self.get_object(),
            answer_with=s.SampleJudgementSerializer,
            **data,
        )

    @extend_schema(request=s.DrawSerializer, responses={201: s.FieldworkSampleSerializer})
    @action(detail=True, methods=["post"], url_path="draw-additional")
    def draw_additional(self, request, *args, **kwargs):
        """Draw more records from a population, none already sampled, with a stored seed."""
        data = self.verb_input(s.DrawSerializer)
        return self.run_verb(
            fieldwork.draw_additional_sample,
            self.get_object(),
            answer_with=s.FieldworkSampleSerializer,
            code=status.HTTP_201_CREATED,
            **data,
        )

    @extend_schema(request=s.InterviewInputSerializer, responses={201: s.InterviewSerializer})
    @action(detail=True, methods=["post"])
    def interview(self, request, *args, **kwargs):
        """Record an interview: who, role, date, clauses, answers and evidence seen."""
        data = self.verb_input(s.InterviewInputSerializer)
        data["answers"] = [dict(a) for a in data["answers"]]
        return self.run_verb(
            fieldwork.record_interview,
            self.get_object(),
            answer_with=s.InterviewSerializer,
            code=status.HTTP_201_CREATED,
            **data,
        )

    @extend_schema(request=None, responses={200: s.RecommendationSerializer})
    @action(detail=True, methods=["get"])
    def recommendation(self, request, *args, **kwargs):
        """The verdict the rules give now, recomputed from the findings and their plans."""
        engagement = self.get_object()
        return Response(
            {
                "recommendation": current_recommendation(engagement),
                "label": recommendation_label(engagement),
            }
        )


class EngagementFindingViewSet(VerbViewSet):
    """Findings of engagements: engine drafts and auditor findings, and the auditor's decisions."""

    queryset = EngagementFinding.objects.all()
    serializer_class = s.EngagementFindingSerializer
    filterset_class = filters.EngagementFindingFilterSet
    http_method_names = ["get", "post", "head", "options"]
    verbs = ("transition", "verify_closure")

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed(
            "POST", detail="Raise a finding with POST audit-engagements/<id>/add-finding/."
        )

    @extend_schema(
        request=s.VerifyClosureSerializer, responses={200: s.EngagementFindingSerializer}
    )
    @action(detail=True, methods=["post"], url_path="verify-closure")
    def verify_closure(self, request, *args, **kwargs):
        """Verify a nonconformity's closure on the evidence seen, closing it."""
        data = self.verb_input(s.VerifyClosureSerializer)
        return self.run_verb(services.verify_closure, self.get_object(), **data)


class SampleJudgementViewSet(ReadOnlyOrgScopedViewSet):
    """The auditor's verdicts on sampled records, beside the engine's."""

    queryset = SampleJudgement.objects.all()
    serializer_class = s.SampleJudgementSerializer
    filterset_class = filters.SampleJudgementFilterSet


class FieldworkSampleViewSet(ReadOnlyOrgScopedViewSet):
    """Additional samples drawn in fieldwork, each re-drawable from its seed."""

    queryset = FieldworkSample.objects.all()
    serializer_class = s.FieldworkSampleSerializer
    filterset_class = filters.FieldworkSampleFilterSet


class InterviewViewSet(ReadOnlyOrgScopedViewSet):
    """Interviews held in audits, counted as evidence for their clauses."""

    queryset = Interview.objects.all()
    serializer_class = s.InterviewSerializer
    filterset_class = filters.InterviewFilterSet


class CertificationDecisionViewSet(ReadOnlyOrgScopedViewSet):
    """Stage 1 outcomes and certification decisions, with who decided and why."""

    queryset = CertificationDecision.objects.all()
    serializer_class = s.CertificationDecisionSerializer
    filterset_class = filters.CertificationDecisionFilterSet
