"""API building blocks: org-scoped viewsets and serializers that write through services.

A viewset declares ``queryset``, ``serializer_class`` and ``filterset_class``;
the base resolves the organisation from ``/api/orgs/<org_slug>/``, limits every
query and every related-record field to it, loads the related records its
serializer reads in the same query, and sends writes through ``core.services``
inside an ``acting(source="api")`` block.
"""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    APIException,
    MethodNotAllowed,
    PermissionDenied,
    ValidationError,
)
from rest_framework.response import Response
from rest_framework.serializers import (
    CharField,
    ManyRelatedField,
    ModelSerializer,
    SlugRelatedField,
)
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .. import services
from ..context import acting
from ..filters import OrgScopedFilterSet
from ..models import OrgRecord
from ..records import declaration_for
from ..tenancy import can_write, membership_for, scoped
from ..writers import perform_transition, writer_for

# DRF's serializer classes are imported by name: this package's own ``serializers``
# submodule would shadow a module imported as ``serializers`` here.

# How many referring records a 409 answer names before it only counts them.
REFERRERS_NAMED = 10


class Conflict(APIException):
    """The request is well formed but the record's relations forbid it (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record cannot be changed in its current state."
    default_code = "conflict"


class PreconditionFailed(APIException):
    """The record changed since the version the client based its write on (412)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record was changed by someone else since you read it."
    default_code = "stale"


def _stale(exc: services.StaleRecord) -> Response:
    """412, with the version now stored and the fields changed since the one the client read."""
    body = {
        "detail": str(exc),
        "current_version": exc.current_version,
        "changed_fields": exc.fields,
    }
    return Response(body, status=status.HTTP_412_PRECONDITION_FAILED)


def exception_handler(exc, context):
    """Model validation and integrity errors are the client's to fix: answer 4xx, not 500."""
    if isinstance(exc, services.StaleRecord):
        return _stale(exc)
    if isinstance(exc, DjangoPermissionDenied):
        exc = PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(_validation_detail(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        # Both subclass IntegrityError, so they must be caught first.
        exc = _still_referenced(exc)
    elif isinstance(exc, IntegrityError):
        exc = ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: ["conflicts with an existing record"]}
        )
    return drf_exception_handler(exc, context)


def _validation_detail(exc: DjangoValidationError) -> dict:
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    # Django files record-wide errors under "__all__"; API clients expect DRF's key.
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): messages
        for name, messages in exc.message_dict.items()
    }


def _still_referenced(exc: ProtectedError | RestrictedError) -> Conflict:
    referrers = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    by_kind: dict[str, list[str]] = {}
    for record in referrers:
        kind = str(record._meta.verbose_name_plural)
        by_kind.setdefault(kind, []).append(getattr(record, "ref", "") or str(record.pk))
    counts = ", ".join(f"{len(refs)} {kind}" for kind, refs in sorted(by_kind.items()))
    detail = {
        "detail": f"Still referred to by {counts}; reassign or delete those first.",
        "referenced_by": {kind: sorted(refs)[:REFERRERS_NAMED] for kind, refs in by_kind.items()},
    }
    return Conflict(detail)


class OrgMemberPermission(permissions.BasePermission):
    """Members read; writer roles write (external auditors only where findings are written)."""

    def has_permission(self, request, view):
        membership = view.membership
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_write(membership, findings=getattr(view, "auditor_writable", False))


def record_fields(*names: str) -> list[str]:
    """Serializer fields of a record: identity first, the model's own, timestamps last."""
    return ["id", "ref", *names, "created_at", "updated_at", *RECORD_STATE_FIELDS]


# Read-only on every record: its version (also its ETag) and whether it was voided.
RECORD_STATE_FIELDS = ("record_version", "voided_at", "voided_by", "void_reason")


def ref_of(relation: str, *, null: bool = False) -> CharField:
    """The ref of the record at ``relation``, so readers need not look up an id."""
    return CharField(source=f"{relation}.ref", read_only=True, allow_null=null)


def refs_of(relation: str) -> SlugRelatedField:
    """The refs of the records of a many-to-many ``relation``."""
    return SlugRelatedField(source=relation, slug_field="ref", many=True, read_only=True)


class OrgScopedFields:
    """Related-record fields of a serializer accept only the organisation's own records.

    The organisation comes from the serializer context; without one they accept none.
    """

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


class OrgScopedSerializer(OrgScopedFields, ModelSerializer):
    """A record's serializer: related records from its organisation, refs unique in it.

    The ref may be given on create (otherwise the service issues one) and is fixed
    afterwards: findings, bundles and action plans point at records by ref.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The schema describes each record in its model's words, not this base's.
        if not vars(cls).get("__doc__"):
            cls.__doc__ = cls.Meta.model.__doc__

    ref = CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="Unique in the organisation; issued when left blank, fixed once created.",
    )

    def get_fields(self):
        fields = super().get_fields()
        if "ref" in fields and isinstance(self.instance, OrgRecord):
            fields["ref"].read_only = True
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = self._clashes_in_organisation(attrs)
        if errors:
            raise ValidationError(errors)
        return attrs

    def _clashes_in_organisation(self, attrs) -> dict:
        """Name the field that repeats a value unique per organisation (a ref, a process key).

        The model checks these too, but can only report them as record-wide errors.
        """
        model = self.Meta.model
        organisation = self.context.get("organisation")
        errors = {}
        for constraint in model._meta.total_unique_constraints:
            others = [name for name in constraint.fields if name != "organisation"]
            if len(others) == len(constraint.fields) or not set(others) <= set(self.fields):
                continue
            if self.instance is not None and not set(others) & set(attrs):
                continue  # an update that leaves these values alone cannot make a clash
            values = {name: attrs.get(name, getattr(self.instance, name, None)) for name in others}
            if organisation is None or any(v in (None, "") for v in values.values()):
                continue
            clashes = scoped(model, organisation).filter(**values)
            if self.instance is not None:
                clashes = clashes.exclude(pk=self.instance.pk)
            if clashes.exists():
                label = model._meta.get_field(others[0]).verbose_name
                errors[others[0]] = [
                    f"another {model._meta.verbose_name} of this organisation has this {label}"
                ]
        return errors


@cache
def _related_paths(serializer_class) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The joins and prefetches that let a list be serialized without a query per row."""
    model = serializer_class.Meta.model
    joins, prefetches = set(), set()
    for field in serializer_class(context={}).fields.values():
        if field.write_only or field.source == "*":
            continue
        if isinstance(field, ManyRelatedField):
            prefetches.add(field.source)
        elif len(field.source_attrs) > 1 and _is_forward_chain(model, field.source_attrs[:-1]):
            joins.add("__".join(field.source_attrs[:-1]))
    return tuple(sorted(joins)), tuple(sorted(prefetches))


def _is_forward_chain(model, names) -> bool:
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return False
        model = field.related_model
    return True


class OrgScopedFilterBackend(DjangoFilterBackend):
    """Hands the organisation to the filterset, so related-record choices are its own."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and issubclass(filterset_class, OrgScopedFilterSet):
            kwargs["organisation"] = getattr(view, "organisation", None)
        return kwargs


class OrgScopedSchema(AutoSchema):
    """Groups the documented operations by the app that keeps the records."""

    def get_tags(self):
        return [self.view.queryset.model._meta.app_label]


ORG_SLUG = OpenApiParameter(
    "org_slug",
    str,
    OpenApiParameter.PATH,
    description="The organisation's slug; GET /api/orgs/ lists those you belong to.",
)


@extend_schema(parameters=[ORG_SLUG])
class OrgScopedViewSet(viewsets.ModelViewSet):
    """CRUD over one model, scoped to the organisation in the URL, writing through services."""

    schema = OrgScopedSchema()
    permission_classes = [permissions.IsAuthenticated, OrgMemberPermission]
    filter_backends = [OrgScopedFilterBackend]
    auditor_writable = False
    transition_name = ""  # set per route by ``RecordRouter`` for ``transition``
    lookup_field = "pk"
    lookup_value_regex = r"\d+"

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
        # The declared queryset names the model; the rows always come from ``scoped``.
        joins, prefetches = _related_paths(self.get_serializer_class())
        queryset = scoped(self.queryset.model, organisation)
        # Lists show live records; ``?voided=true`` lists the voided ones. Each stays readable.
        if getattr(self, "action", None) == "list" and issubclass(queryset.model, OrgRecord):
            voided = self.request.query_params.get("voided", "").lower() in {"1", "true"}
            queryset = queryset.filter(voided_at__isnull=not voided)
        return queryset.select_related(*joins).prefetch_related(*prefetches)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["organisation"] = getattr(self, "organisation", None)
        return context

    def perform_create(self, serializer):
        # The record type's entry verbs, the same the pages use (``core.writers``).
        writer = writer_for(serializer.Meta.model)
        with acting(source="api", user=self.request.user):
            serializer.instance = writer.create(self.organisation, **serializer.validated_data)

    def perform_update(self, serializer):
        writer = writer_for(serializer.Meta.model)
        with acting(source="api", user=self.request.user):
            serializer.instance = writer.update(
                serializer.instance,
                expected_version=self.if_match(),
                **serializer.validated_data,
            )

    def perform_destroy(self, instance):
        if not declaration_for(type(instance)).deletable:
            raise MethodNotAllowed(
                "DELETE",
                detail=(
                    f"{instance._meta.verbose_name.capitalize()} records are evidence: they are "
                    "voided, not deleted. POST to …/void/ with a reason."
                ),
            )
        with acting(source="api", user=self.request.user):
            services.delete_record(instance)

    def if_match(self) -> int | None:
        """The record version named by ``If-Match`` (``"7"``), or None when none is given."""
        header = self.request.headers.get("If-Match", "").strip()
        if not header or header == "*":
            return None
        tag = header.split(",")[0].strip().removeprefix("W/").strip('"')
        if not tag.isdigit():
            raise PreconditionFailed({"detail": f"If-Match must name a record version: {header!r}"})
        return int(tag)

    def finalize_response(self, request, response, *args, **kwargs):
        # The record version is the entity tag: a client sends it back as If-Match.
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if isinstance(data, dict) and "record_version" in data and "id" in data:
            response["ETag"] = f'"{data["record_version"]}"'
        return response

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def void(self, request, *args, **kwargs):
        """Void the record with a reason: it stays as evidence, out of the engine's populations."""
        record = self.get_object()
        reason = request.data.get("reason", "") if hasattr(request.data, "get") else ""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError({"reason": ["Say why the record is voided."]})
        with acting(source="api", user=request.user):
            services.void_record(record, reason=reason, expected_version=self.if_match())
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    def transition(self, request, *args, **kwargs):
        """Move the record by one transition of its declared lifecycle."""
        record = self.get_object()
        with acting(source="api", user=request.user):
            perform_transition(
                record,
                self.transition_name,
                role=self.membership.role,
                data=request.data,
                expected_version=self.if_match(),
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)


class ReadOnlyOrgScopedViewSet(OrgScopedViewSet):
    """List and retrieve only: for records that only the audit engine writes."""

    http_method_names = ["get", "head", "options"]
