"""Endpoints for audits, reviews, nonconformities and corrective action, and evaluations.

External auditors may write nonconformities and corrective action plans and may
run evaluations. The states of audits, reviews, nonconformities, plans and
improvements change only through the transitions ``audits.records`` declares
(``POST …/<id>/close/``, ``…/submit/``, ``…/accept/``, ``…/return/`` and the
rest), routed by the ``RecordRouter``. Findings and samples are written only by
the engine; a new evaluation is a run of it.
"""

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from evident.core.api import OrgScopedViewSet, ReadOnlyOrgScopedViewSet
from evident.core.context import acting
from evident.core.tenancy import can_write
from evident.core.writers import writer_for

from .. import filters
from .. import programme as audit_programme
from .. import services as audits
from ..models import (
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
from . import serializers


class VerbsMixin:
    """Runs a domain verb for the caller and answers with the record it changed."""

    def require_writer(self, doing: str) -> None:
        if not can_write(self.membership):
            raise PermissionDenied(f"Your role in this organisation cannot {doing}.")

    def run_verb(self, verb, *args, status_code=status.HTTP_200_OK, **kwargs) -> Response:
        with acting(source="api", user=self.request.user):
            record = verb(*args, **kwargs)
        record = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data, status=status_code)

    def verb_input(self, serializer_class):
        data = serializer_class(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return data.validated_data


class AuditProgrammeViewSet(OrgScopedViewSet):
    """Internal audit programmes (9.2): one per cycle, whose audits cover every clause."""

    queryset = AuditProgramme.objects.all()
    serializer_class = serializers.AuditProgrammeSerializer
    filterset_class = filters.AuditProgrammeFilterSet

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["get"])
    def coverage(self, request, *args, **kwargs):
        """The clauses the programme's audits cover (planned and completed), and the gaps."""
        return Response(audit_programme.coverage_report(self.get_object()))


class InternalAuditViewSet(OrgScopedViewSet):
    """The audits of the programme (9.2); auditors may not audit their own processes."""

    queryset = InternalAudit.objects.all()
    serializer_class = serializers.InternalAuditSerializer
    filterset_class = filters.InternalAuditFilterSet


class AuditChecklistItemViewSet(OrgScopedViewSet):
    """The questions of an audit's checklist, by clause, with results and evidence."""

    queryset = AuditChecklistItem.objects.all()
    serializer_class = serializers.AuditChecklistItemSerializer
    filterset_class = filters.AuditChecklistItemFilterSet


class ManagementReviewViewSet(VerbsMixin, OrgScopedViewSet):
    """Management reviews (9.3): planned, then held, with inputs compiled from the records."""

    queryset = ManagementReview.objects.all()
    serializer_class = serializers.ManagementReviewSerializer
    filterset_class = filters.ManagementReviewFilterSet

    @extend_schema(request=None, responses={200: serializers.ManagementReviewSerializer})
    @action(detail=True, methods=["post"])
    def compile(self, request, *args, **kwargs):
        """Compile every input of the review from the records and keep the snapshot."""
        return self.run_verb(audits.compile_review_inputs, self.get_object())


class ReviewOutputViewSet(OrgScopedViewSet):
    """Decisions and actions of management reviews, with owners and due dates."""

    queryset = ReviewOutput.objects.all()
    serializer_class = serializers.ReviewOutputSerializer
    filterset_class = filters.ReviewOutputFilterSet


class KpiViewSet(OrgScopedViewSet):
    """Key performance indicators: computed from the records or measured by hand (9.1)."""

    queryset = Kpi.objects.all()
    serializer_class = serializers.KpiSerializer
    filterset_class = filters.KpiFilterSet


class KpiMeasurementViewSet(OrgScopedViewSet):
    """The series of each KPI, one value per period."""

    queryset = KpiMeasurement.objects.all()
    serializer_class = serializers.KpiMeasurementSerializer
    filterset_class = filters.KpiMeasurementFilterSet


class ServiceReportViewSet(VerbsMixin, OrgScopedViewSet):
    """Service reports (9.4), generated from the records for one service and period."""

    queryset = ServiceReport.objects.all()
    serializer_class = serializers.ServiceReportSerializer
    filterset_class = filters.ServiceReportFilterSet

    @extend_schema(
        request=serializers.GenerateServiceReportSerializer,
        responses={201: serializers.ServiceReportSerializer},
    )
    @action(detail=False, methods=["post"])
    def generate(self, request, *args, **kwargs):
        """Generate (or regenerate) the report on a service for a month or a period."""
        self.require_writer("generate a service report")
        data = dict(self.verb_input(serializers.GenerateServiceReportSerializer))
        return self.run_verb(
            audits.generate_service_report,
            data.pop("service"),
            status_code=status.HTTP_201_CREATED,
            **data,
        )


class ImprovementViewSet(OrgScopedViewSet):
    """The continual improvement register (10.2): opportunities, decisions and results."""

    queryset = Improvement.objects.all()
    serializer_class = serializers.ImprovementSerializer
    filterset_class = filters.ImprovementFilterSet


class NonconformityViewSet(VerbsMixin, OrgScopedViewSet):
    """Nonconformities from any source (10.1); external auditors may raise them."""

    queryset = Nonconformity.objects.all()
    serializer_class = serializers.NonconformitySerializer
    filterset_class = filters.NonconformityFilterSet
    auditor_writable = True

    @extend_schema(
        request=serializers.RaiseNonconformitySerializer,
        responses={201: serializers.NonconformitySerializer},
    )
    @action(detail=False, methods=["post"], url_path="from-finding")
    def from_finding(self, request, *args, **kwargs):
        """Raise the nonconformity answering a major or minor finding (or return the open one)."""
        data = self.verb_input(serializers.RaiseNonconformitySerializer)
        return self.run_verb(
            audits.raise_nonconformity_from_finding,
            data["finding"],
            raised_on=data.get("raised_on"),
            status_code=status.HTTP_201_CREATED,
        )


class CorrectiveActionViewSet(OrgScopedViewSet):
    """Actions that remove the causes of nonconformities, and their effectiveness checks."""

    queryset = CorrectiveAction.objects.all()
    serializer_class = serializers.CorrectiveActionSerializer
    filterset_class = filters.CorrectiveActionFilterSet


class CorrectiveActionPlanViewSet(OrgScopedViewSet):
    """Plans answering nonconformities: drafted and submitted, then accepted or returned."""

    queryset = CorrectiveActionPlan.objects.all()
    serializer_class = serializers.CorrectiveActionPlanSerializer
    filterset_class = filters.CorrectiveActionPlanFilterSet
    auditor_writable = True


class EvaluationViewSet(VerbsMixin, OrgScopedViewSet):
    """Runs of the audit engine; POST runs a new one on the organisation's records."""

    queryset = Evaluation.objects.all()
    serializer_class = serializers.EvaluationSerializer
    filterset_class = filters.EvaluationFilterSet
    http_method_names = ["get", "post", "head", "options"]
    auditor_writable = True  # an external auditor may run the engine, not edit its results

    def get_queryset(self):
        return super().get_queryset().annotate(findings_count=Count("findings"))

    @extend_schema(
        request=serializers.EvaluationRunSerializer,
        responses={201: serializers.EvaluationSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Run the engine at a stage, optionally as of an audit date and with a seed."""
        options = self.verb_input(serializers.EvaluationRunSerializer)
        run = writer_for(Evaluation).create
        return self.run_verb(run, self.organisation, status_code=status.HTTP_201_CREATED, **options)


class FindingViewSet(ReadOnlyOrgScopedViewSet):
    """Findings of evaluations: clause, grade, statement, fix, and the records behind them."""

    queryset = Finding.objects.all()
    serializer_class = serializers.FindingSerializer
    filterset_class = filters.FindingFilterSet


class SampleViewSet(ReadOnlyOrgScopedViewSet):
    """Reproducible samples the engine drew from populations of records."""

    queryset = Sample.objects.all()
    serializer_class = serializers.SampleSerializer
    filterset_class = filters.SampleFilterSet
