"""The implementation journey over the API: the gap analysis and turning its gaps into a plan.

``GET  /api/orgs/<slug>/gap-analysis/`` every clause with its status, findings and milestones
(``?format=csv`` or ``?format=xlsx`` for the export);
``POST /api/orgs/<slug>/gap-analysis/plan/`` with ``{"plan": <id>}`` adds milestones.

It is served from audits because the analysis is the engine's; the milestones it
adds are governance records, which audits may write (it sits above governance).
The endpoints keep the "governance" tag they are documented under.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from evident.core.api import ORG_SLUG
from evident.core.tenancy import can_write, membership_for, scoped
from evident.governance.api.serializers import MilestoneSerializer
from evident.governance.models import SmsPlan

from .. import gap_analysis as gaps

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class GapFindingSerializer(serializers.Serializer):
    ref = serializers.CharField()
    check_id = serializers.CharField()
    clause = serializers.CharField()
    grade = serializers.CharField()
    severity = serializers.CharField()
    statement = serializers.CharField()
    evaluation_ref = serializers.CharField(source="evaluation.ref")
    records = serializers.ListField(child=serializers.DictField())


class GapMilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    ref = serializers.CharField()
    title = serializers.CharField()
    due_date = serializers.DateField()
    status = serializers.CharField()


class ClauseGapSerializer(serializers.Serializer):
    clause = serializers.CharField(source="number")
    title = serializers.CharField()
    level = serializers.IntegerField()
    status = serializers.ChoiceField(choices=list(gaps.STATUS_LABELS))
    checks = serializers.ListField(child=serializers.CharField(), help_text="Checks covering it")
    findings = GapFindingSerializer(many=True)
    evidence = serializers.ListField(child=serializers.DictField())
    milestones = GapMilestoneSerializer(many=True)


class GapAnalysisSerializer(serializers.Serializer):
    stage1_evaluation = serializers.CharField(allow_null=True)
    stage2_evaluation = serializers.CharField(allow_null=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    clauses = ClauseGapSerializer(many=True)


class PlanRequestSerializer(serializers.Serializer):
    plan = serializers.IntegerField(help_text="Id of the SMS plan to add the milestones to")


class OrgAPIView(APIView):
    """An organisation-scoped view that is not a record endpoint."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.membership = membership_for(request.user, kwargs["org_slug"])
        self.organisation = self.membership.organisation


def analysis_data(analysis: gaps.GapAnalysis) -> dict:
    return {
        "stage1_evaluation": _ref(analysis.evaluations.get(1)),
        "stage2_evaluation": _ref(analysis.evaluations.get(2)),
        "counts": analysis.counts(),
        "clauses": analysis.clauses,
    }


def _ref(evaluation):
    return evaluation.ref if evaluation is not None else None


class GapAnalysisView(OrgAPIView):
    @extend_schema(
        tags=["governance"],
        parameters=[
            ORG_SLUG,
            OpenApiParameter("export", str, enum=["csv", "xlsx"], description="Download a file"),
        ],
        responses={200: GapAnalysisSerializer},
    )
    def get(self, request, *args, **kwargs):
        """Every clause: met, partly met, not met or not assessed, with evidence and milestones."""
        analysis = gaps.gap_analysis(self.organisation)
        export = request.query_params.get("export", "")
        if export == "csv":
            return _download(gaps.as_csv(analysis), "text/csv", self.organisation, "csv")
        if export == "xlsx":
            return _download(gaps.as_xlsx(analysis), XLSX_TYPE, self.organisation, "xlsx")
        if export:
            raise serializers.ValidationError({"export": "Choose csv or xlsx."})
        return Response(GapAnalysisSerializer(analysis_data(analysis)).data)


def _download(content, content_type: str, organisation, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"gap-analysis-{organisation.slug}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class GapPlanView(OrgAPIView):
    @extend_schema(
        tags=["governance"],
        parameters=[ORG_SLUG],
        request=PlanRequestSerializer,
        responses={201: MilestoneSerializer(many=True)},
    )
    def post(self, request, *args, **kwargs):
        """Add a milestone to the plan for each clause with gaps that has no open milestone."""
        if not can_write(self.membership):
            raise PermissionDenied("Your role in this organisation cannot change the plan.")
        data = PlanRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = scoped(SmsPlan, self.organisation).filter(pk=data.validated_data["plan"]).first()
        if plan is None:
            raise serializers.ValidationError({"plan": "No such SMS plan in this organisation."})
        created = gaps.turn_gaps_into_plan(self.organisation, plan, request.user, source="api")
        context = {"organisation": self.organisation, "request": request}
        return Response(
            MilestoneSerializer(created, many=True, context=context).data,
            status=status.HTTP_201_CREATED,
        )


urlpatterns = [
    path("gap-analysis/", GapAnalysisView.as_view(), name="gap-analysis"),
    path("gap-analysis/plan/", GapPlanView.as_view(), name="gap-analysis-plan"),
]
