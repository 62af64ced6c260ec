"""API building blocks: org-scoped viewsets and serializers that write through services.

A viewset declares ``queryset``, ``serializer_class`` and ``filterset_class``;
the base resolves the organisation from ``/api/orgs/<org_slug>/``, limits every
query and every related-record field to it, loads the related records its
serializer reads in the same query, and sends writes through ``core.services``
inside an ``acting(source="api")`` block.
"""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    MethodNotAllowed,
    ValidationError,
)
from rest_framework.response import Response
from rest_framework.serializers import (
    CharField,
    ManyRelatedField,
    ModelSerializer,
    SlugRelatedField,
)

from .. import services
from ..context import acting
from ..filters import OrgScopedFilterSet
from ..models import OrgRecord
from ..records import declaration_for, refuse_void_by
from ..tenancy import can_write, membership_for, scoped
from ..writers import perform_transition, refuse_read_only, writer_for

# DRF's serializer classes are imported by name: this package's own ``serializers``
# submodule would shadow a module imported as ``serializers`` here.
# DRF's exception handler setting names this package; the answers live in ``errors``.
from .errors import Conflict, PreconditionFailed, exception_handler  # noqa: E402

__all__ = ["Conflict", "PreconditionFailed", "exception_handler"]


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
        # What a person may enter is the record type's declaration (the pages' form too);
        # the serializer lists what the API shows.
        entered = set(declaration_for(self.Meta.model).fields) | {"ref"}
        for name, field in fields.items():
            if name not in entered:
                field.read_only = True
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
        # Negotiate first, so that an error resolving the membership (the database
        # gone) is still answered in the client's format.
        self.format_kwarg = self.get_format_suffix(**kwargs)
        negotiated = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = negotiated
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
        services.refuse_stale(instance, self.if_match())
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
        refuse_read_only(declaration_for(type(record)))
        refuse_void_by(type(record), self.membership.role)
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
