"""Filters for the priority matrix and incident reviews."""

from evident.core.filters import DATE_RANGE, TIME_RANGE, OrgScopedFilterSet

from .models import IncidentReview, PriorityMatrix


class PriorityMatrixFilterSet(OrgScopedFilterSet):
    class Meta:
        model = PriorityMatrix
        fields = {"approved_by": ["exact"], "approved_at": TIME_RANGE}


class IncidentReviewFilterSet(OrgScopedFilterSet):
    class Meta:
        model = IncidentReview
        fields = {
            "incident": ["exact"],
            "kind": ["exact"],
            "reviewed_by": ["exact"],
            "held_on": DATE_RANGE,
        }
