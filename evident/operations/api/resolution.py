"""API for the priority matrix, incident reviews and recurring incidents (8.6, 8.7.3.3)."""

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from evident.core.api import OrgScopedSerializer, OrgScopedViewSet, record_fields, ref_of

from .. import resolution_filters as filters
from ..models import IncidentReview, PriorityMatrix
from ..recurrence import MIN_INCIDENTS, WINDOW, recurring_groups

LONGEST_RECURRENCE_DAYS = 2 * 366


class PriorityMatrixSerializer(OrgScopedSerializer):
    major_incident_procedure_ref = ref_of("major_incident_procedure", null=True)
    approved_by_ref = ref_of("approved_by", null=True)
    cells = serializers.JSONField(
        help_text='Priority (1-4) for each "impact,urgency" pair, "1,1" to "3,3"'
    )

    class Meta:
        model = PriorityMatrix
        fields = record_fields(
            "name",
            "cells",
            "major_incident_procedure",
            "major_incident_procedure_ref",
            "approved_by",
            "approved_by_ref",
            "approved_at",
        )


class IncidentReviewSerializer(OrgScopedSerializer):
    incident_ref = ref_of("incident")
    reviewed_by_ref = ref_of("reviewed_by", null=True)

    class Meta:
        model = IncidentReview
        fields = record_fields(
            "incident",
            "incident_ref",
            "kind",
            "held_on",
            "reviewed_by",
            "reviewed_by_ref",
            "timeline",
            "root_cause_summary",
            "lessons",
            "actions",
            "reported_to",
            "reported_on",
        )


class PriorityMatrixViewSet(OrgScopedViewSet):
    """How impact and urgency set an incident's priority (8.6.1)."""

    queryset = PriorityMatrix.objects.all()
    serializer_class = PriorityMatrixSerializer
    filterset_class = filters.PriorityMatrixFilterSet


class IncidentReviewViewSet(OrgScopedViewSet):
    """Reviews of major and information security incidents."""

    queryset = IncidentReview.objects.all()
    serializer_class = IncidentReviewSerializer
    filterset_class = filters.IncidentReviewFilterSet


# Recurring incidents, offered as an action on the incidents endpoint.


class RecurrenceQuerySerializer(serializers.Serializer):
    """The days whose incidents are searched for recurrences."""

    def get_fields(self):
        # "from" is a Python keyword, so the fields cannot be declared as attributes.
        return {"from": serializers.DateField(), "to": serializers.DateField()}

    def validate(self, attrs):
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": ["The period ends before it starts."]})
        if (attrs["to"] - attrs["from"]).days >= LONGEST_RECURRENCE_DAYS:
            raise serializers.ValidationError(
                {"to": [f"Ask for at most {LONGEST_RECURRENCE_DAYS} days."]}
            )
        return attrs


class RecurringGroupSerializer(serializers.Serializer):
    """Incidents with no problem, on one service and one category or CI, close in time."""

    service_ref = serializers.CharField()
    kind = serializers.ChoiceField(choices=["category", "configuration_item"])
    key = serializers.CharField(help_text="The category, or the configuration item's ref")
    first_opened = serializers.DateTimeField()
    last_opened = serializers.DateTimeField()
    incident_refs = serializers.ListField(child=serializers.CharField())


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


class RecurrenceActionMixin:
    """``GET incidents/recurring/?from=&to=``: the recurring groups with no problem linked."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
        ],
        responses={200: RecurringGroupSerializer(many=True)},
        description=(
            f"Groups of at least {MIN_INCIDENTS} incidents opened between the two days "
            f"(UTC), each within {WINDOW.days} days of the one two places before it, on one "
            "service and one category or configuration item, none linked to a problem."
        ),
    )
    @action(detail=False, methods=["get"])
    def recurring(self, request, *args, **kwargs):
        """Recurring incidents that no problem explains yet."""
        query = RecurrenceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        first, last = query.validated_data["from"], query.validated_data["to"]
        groups = recurring_groups(
            self.organisation, _midnight(first), _midnight(last + dt.timedelta(days=1))
        )
        rows = [
            {
                "service_ref": group.incidents[0].service.ref,
                "kind": group.kind,
                "key": group.key,
                "first_opened": group.first_opened,
                "last_opened": group.last_opened,
                "incident_refs": [incident.ref for incident in group.incidents],
            }
            for group in groups
        ]
        return Response(RecurringGroupSerializer(rows, many=True).data)
