"""The life of an SLA (8.3.3): agreed with its customer, reviewed at planned intervals, retired.

Reviews name the breaches they looked into, so that a breach followed by a
review can be told from one left alone.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from ..models import SLA, SlaMeasurement, SlaReview


def month_after(first_day: dt.date) -> dt.date:
    return (first_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def sla_agreement_errors(values: dict) -> dict[str, str]:
    """An SLA in force says when it was agreed: a person enters one agreed only with its day."""
    if values.get("status", SLA.Status.AGREED) == SLA.Status.AGREED and not values.get("agreed_on"):
        return {"agreed_on": "An agreed SLA says when it was agreed (or enter it as a draft)."}
    return {}


@verb("sla.agreed")
def agree_sla(sla: SLA, *, agreed_on: dt.date, review_due: dt.date) -> SLA:
    """The customer and the provider agree the draft SLA; its first review is planned."""
    if sla.status != SLA.Status.DRAFT:
        raise ValidationError({"status": [f"{sla.ref} is {sla.status}: only a draft is agreed."]})
    if review_due <= agreed_on:
        raise ValidationError({"review_due": ["The review falls after the agreement."]})
    return services.update_record(
        sla, status=SLA.Status.AGREED, agreed_on=agreed_on, review_due=review_due
    )


@verb("sla.retired")
def retire_sla(sla: SLA) -> SLA:
    """The SLA no longer applies: it stops being measured and reviewed."""
    if sla.status == SLA.Status.RETIRED:
        raise ValidationError({"status": [f"{sla.ref} is already retired."]})
    return services.update_record(sla, status=SLA.Status.RETIRED)


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


@verb("sla.reviewed")
def review_sla(
    sla: SLA,
    *,
    reviewed_on: dt.date,
    breaches=None,
    next_review_due: dt.date | None = None,
    **fields,
) -> SlaReview:
    """Record a review of ``sla`` and the breaches it looked into.

    Without ``breaches`` the review covers every missed measurement of a month
    over before the review that no earlier review named. With ``next_review_due``
    the SLA's next review is planned in the same operation.
    """
    if breaches is None:
        breaches = list(unreviewed_breaches(sla, reviewed_on))
    if errors := breach_review_errors(sla, breaches):
        raise ValidationError(errors)
    if next_review_due is not None and next_review_due <= reviewed_on:
        raise ValidationError({"next_review_due": ["The next review falls after this one."]})
    review = services.create_record(
        SlaReview,
        sla.organisation,
        sla=sla,
        reviewed_on=reviewed_on,
        breaches_reviewed=[m.pk for m in breaches],
        **fields,
    )
    if next_review_due is not None:
        services.update_record(sla, review_due=next_review_due)
    return review
