"""SLA reviews that name the breaches they looked into (8.3.3)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.tenancy import scoped

from ..models import SLA, SlaMeasurement, SlaReview


def month_after(first_day: dt.date) -> dt.date:
    return (first_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def unreviewed_breaches(sla: SLA, as_of: dt.date):
    """Missed measurements of ``sla`` for months over before ``as_of`` that no review names."""
    return (
        scoped(SlaMeasurement, sla.organisation)
        .filter(target__sla=sla, met=False, reviewed_in__isnull=True)
        .filter(month__lt=as_of.replace(day=1))
        .order_by("month", "ref")
    )


def breach_review_errors(sla: SLA, breaches) -> dict[str, list[str]]:
    """Why ``breaches`` cannot be named by a review of ``sla`` (empty when they can)."""
    wrong = [m.ref for m in breaches if m.target.sla_id != sla.pk or m.met]
    if wrong:
        return {
            "breaches_reviewed": [
                f"Only missed measurements of this SLA can be reviewed here: {', '.join(wrong)}."
            ]
        }
    return {}


def review_sla(
    sla: SLA,
    *,
    reviewed_on: dt.date,
    breaches=None,
    **fields,
) -> SlaReview:
    """Record a review of ``sla`` and the breaches it looked into.

    Without ``breaches`` the review covers every missed measurement of a month
    over before the review that no earlier review named.
    """
    if breaches is None:
        breaches = list(unreviewed_breaches(sla, reviewed_on))
    if errors := breach_review_errors(sla, breaches):
        raise ValidationError(errors)
    return services.create_record(
        SlaReview,
        sla.organisation,
        sla=sla,
        reviewed_on=reviewed_on,
        breaches_reviewed=[m.pk for m in breaches],
        **fields,
    )
