"""Endpoints for documents, their versions, communications and acknowledgements."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import Acknowledgement, Communication, Document, DocumentVersion
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
