"""API building blocks: org-scoped viewsets and serializers that write through services.

A viewset declares ``queryset``, ``serializer_class`` and ``filterset_class``;
the base resolves the organisation from ``/api/orgs/<org_slug>/``, limits every
query and every related-record field to it, and sends writes through
``core.services`` inside an ``acting(source="api")`` block.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from . import services
from .context import acting
from .models import OrgRecord
from .tenancy import can_write, membership_for, scoped


def exception_handler(exc, context):
    """Model validation and integrity errors are the client's to fix: answer 400, not 500."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = exc.message_dict
        else:
            detail = {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    elif isinstance(exc, IntegrityError):
        exc = ValidationError({"non_field_errors": ["conflicts with an existing record"]})
    return drf_exception_handler(exc, context)


class OrgMemberPermission(permissions.BasePermission):
    """Members read; writer roles write (external auditors only where findings are written)."""

    def has_permission(self, request, view):
        membership = view.membership
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_write(membership, findings=getattr(view, "auditor_writable", False))


class OrgScopedSerializer(serializers.ModelSerializer):
    """Related-record fields accept only records of the organisation in context."""

    def get_fields(self):
        fields = super().get_fields()
        organisation = self.context.get("organisation")
        for field in fields.values():
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if queryset is None or not issubclass(queryset.model, OrgRecord):
                continue
            related.queryset = (
                scoped(queryset.model, organisation) if organisation else queryset.none()
            )
        return fields


class OrgScopedViewSet(viewsets.ModelViewSet):
    """CRUD over one model, scoped to the organisation in the URL, writing through services."""

    permission_classes = [permissions.IsAuthenticated, OrgMemberPermission]
    auditor_writable = False
    lookup_field = "pk"

    def initial(self, request, *args, **kwargs):
        # Resolve membership before permissions run; non-members get a 404.
        if request.user and request.user.is_authenticated:
            self.membership = membership_for(request.user, kwargs["org_slug"])
            self.organisation = self.membership.organisation
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        organisation = getattr(self, "organisation", None)
        if organisation is None:  # schema generation
            return self.queryset.none()
        return scoped(self.queryset.model, organisation).select_related(
            *getattr(self, "select_related", ())
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["organisation"] = getattr(self, "organisation", None)
        return context

    def perform_create(self, serializer):
        with acting(source="api", user=self.request.user):
            serializer.instance = services.create_record(
                serializer.Meta.model, self.organisation, **serializer.validated_data
            )

    def perform_update(self, serializer):
        with acting(source="api", user=self.request.user):
            serializer.instance = services.update_record(
                serializer.instance, **serializer.validated_data
            )

    def perform_destroy(self, instance):
        with acting(source="api", user=self.request.user):
            services.delete_record(instance)


class ReadOnlyOrgScopedViewSet(OrgScopedViewSet):
    http_method_names = ["get", "head", "options"]
