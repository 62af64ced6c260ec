"""Endpoints for documents, communications, acknowledgements, courses and training."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import (
    Acknowledgement,
    Communication,
    CommunicationPlanItem,
    CompetenceRequirement,
    Document,
    DocumentUse,
    DocumentVersion,
    KnowledgeArticle,
    TrainingCourse,
    TrainingRecord,
)
from . import serializers


class DocumentViewSet(OrgScopedViewSet):
    """Controlled documents: policies, procedures, plans (7.5)."""

    queryset = Document.objects.all()
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilterSet


class DocumentVersionViewSet(OrgScopedViewSet):
    """Versions of controlled documents, with their approval."""

    queryset = DocumentVersion.objects.all()
    serializer_class = serializers.DocumentVersionSerializer
    filterset_class = filters.DocumentVersionFilterSet


class CommunicationViewSet(OrgScopedViewSet):
    """Records that something was communicated, to whom and how (7.4)."""

    queryset = Communication.objects.all()
    serializer_class = serializers.CommunicationSerializer
    filterset_class = filters.CommunicationFilterSet


class AcknowledgementViewSet(OrgScopedViewSet):
    """People confirming they have read a document version (7.3)."""

    queryset = Acknowledgement.objects.all()
    serializer_class = serializers.AcknowledgementSerializer
    filterset_class = filters.AcknowledgementFilterSet


class TrainingCourseViewSet(OrgScopedViewSet):
    """Courses and qualifications, and how long a completion stays valid."""

    queryset = TrainingCourse.objects.all()
    serializer_class = serializers.TrainingCourseSerializer
    filterset_class = filters.TrainingCourseFilterSet


class CompetenceRequirementViewSet(OrgScopedViewSet):
    """The courses each SMS role needs its holders to have current (7.2)."""

    queryset = CompetenceRequirement.objects.all()
    serializer_class = serializers.CompetenceRequirementSerializer
    filterset_class = filters.CompetenceRequirementFilterSet


class TrainingRecordViewSet(OrgScopedViewSet):
    """People completing courses, and when each completion expires (7.2)."""

    queryset = TrainingRecord.objects.all()
    serializer_class = serializers.TrainingRecordSerializer
    filterset_class = filters.TrainingRecordFilterSet


class DocumentUseViewSet(OrgScopedViewSet):
    """Records that show a document in use, named by record type and ref (7.5)."""

    queryset = DocumentUse.objects.all()
    serializer_class = serializers.DocumentUseSerializer
    filterset_class = filters.DocumentUseFilterSet


class CommunicationPlanItemViewSet(OrgScopedViewSet):
    """The communication plan (7.4); communications name the item they deliver."""

    queryset = CommunicationPlanItem.objects.all()
    serializer_class = serializers.CommunicationPlanItemSerializer
    filterset_class = filters.CommunicationPlanItemFilterSet


class KnowledgeArticleViewSet(OrgScopedViewSet):
    """Knowledge kept for the services (7.6)."""

    queryset = KnowledgeArticle.objects.all()
    serializer_class = serializers.KnowledgeArticleSerializer
    filterset_class = filters.KnowledgeArticleFilterSet
