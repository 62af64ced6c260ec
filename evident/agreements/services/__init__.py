"""Domain verbs for agreements: business calendars, SLA targets and monthly measurements.

The verbs validate what the model alone cannot (a calendar the SLA clock can run on, a
response or resolution target with a time limit and a percentage) and then write through
``evident.core.services``, so the record, its ledger entry and its checks stay together.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from evident.agreements.business_time import BusinessCalendar as Calendar
from evident.agreements.business_time.records import ENGINE_TO_STORED, calendar_from_spec
from evident.core import services
from evident.core.tenancy import scoped
from evident.core.verbs import verb
from evident.operations.models import Incident

from ..models import BusinessCalendar, SlaMeasurement, SlaTarget

# Targets judged ticket by ticket against a business-time limit.
TIMED_KINDS = (SlaTarget.Kind.RESPONSE, SlaTarget.Kind.RESOLUTION)
PERCENT = Decimal("0.001")


def as_calendar(calendar: BusinessCalendar | None) -> Calendar:
    """The engine calendar of a stored calendar; around the clock (UTC) when there is none."""
    if calendar is None:
        return Calendar.round_the_clock("UTC")
    return calendar_from_spec(
        time_zone=calendar.time_zone,
        working_hours=calendar.working_hours,
        holidays=calendar.holidays,
        yearly_holidays=calendar.yearly_holidays,
        holiday_country=calendar.holiday_country,
        holiday_subdivision=calendar.holiday_subdivision,
    )


def calendar_errors(calendar: BusinessCalendar) -> dict[str, list[str]]:
    """Why the SLA clock could not run on this calendar, by field (empty when it can)."""
    try:
        as_calendar(calendar)
    except ValueError as error:
        message = str(error)
        head = message.partition(":")[0].partition(" ")[0]
        field = head if head in ENGINE_TO_STORED.values() else "working_hours"
        return {field: [message]}
    return {}


def sla_target_errors(target: SlaTarget) -> dict[str, list[str]]:
    """What makes a target unmeasurable, by field (empty when it is sound)."""
    errors: dict[str, list[str]] = {}
    if target.kind in TIMED_KINDS:
        if not target.time_limit_minutes:
            errors["time_limit_minutes"] = [
                "Response and resolution targets need a time limit of at least one business "
                "minute per ticket."
            ]
        value = _decimal(target.target_value)
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            errors["target_value"] = [
                "For response and resolution targets this is the share of tickets (%) that "
                "must be within the time limit: give a value from 0 to 100."
            ]
        if target.direction != SlaTarget.Direction.AT_LEAST:
            errors["direction"] = ["A share of tickets within the time limit is 'at least'."]
    elif target.time_limit_minutes is not None:
        errors["time_limit_minutes"] = ["Only response and resolution targets have a time limit."]
    if target.priority is not None and target.priority not in Incident.Priority.values:
        errors["priority"] = [f"Choose an incident priority from {Incident.Priority.values}."]
    starts, ends = target.effective_from, target.effective_to
    if starts is not None and ends is not None and ends < starts:
        errors["effective_to"] = ["The target cannot stop applying before it starts."]
    return errors


@verb("business_calendar.defined")
def define_calendar(organisation, **fields) -> BusinessCalendar:
    """Create a business calendar once the SLA clock is known to run on it."""
    _check(BusinessCalendar(organisation=organisation, **fields), calendar_errors)
    return services.create_record(BusinessCalendar, organisation, **fields)


@verb("business_calendar.revised")
def revise_calendar(calendar: BusinessCalendar, **changes) -> BusinessCalendar:
    """Change a business calendar, refusing changes that would stop its SLA clocks."""
    _check(_with_changes(calendar, changes), calendar_errors)
    return services.update_record(calendar, **changes)


@verb("sla_target.defined")
def define_sla_target(organisation, **fields) -> SlaTarget:
    """Create an SLA target once it is known to be measurable."""
    _check(SlaTarget(organisation=organisation, **fields), sla_target_errors)
    return services.create_record(SlaTarget, organisation, **fields)


@verb("sla_target.revised")
def revise_sla_target(target: SlaTarget, **changes) -> SlaTarget:
    """Change an SLA target, keeping it measurable."""
    _check(_with_changes(target, changes), sla_target_errors)
    return services.update_record(target, **changes)


@verb("sla_measurement.recorded")
def record_sla_measurement(target: SlaTarget, month: dt.date, value: Decimal) -> SlaMeasurement:
    """Create or correct the measurement of ``target`` for ``month`` (first day).

    Re-measuring a month with the same result writes nothing, so the ledger shows only
    real changes.
    """
    value = Decimal(value).quantize(PERCENT)
    met = target.is_met_by(value)
    existing = scoped(SlaMeasurement, target.organisation).filter(target=target, month=month)
    measurement = existing.first()
    if measurement is None:
        return services.create_record(
            SlaMeasurement, target.organisation, target=target, month=month, value=value, met=met
        )
    if (measurement.value, measurement.met) == (value, met):
        return measurement
    return services.update_record(measurement, value=value, met=met)


def sla_measurement_errors(values: dict) -> dict[str, str]:
    """A month entered as met (or missed) must be so against its target."""
    target, value, met = values.get("target"), values.get("value"), values.get("met")
    if target is None or met is None or (number := _decimal(value)) is None:
        return {}
    if (judged := target.is_met_by(number)) != met:
        return {"met": f"{value} is {'met' if judged else 'missed'} against {target}."}
    return {}


def _check(candidate, rules) -> None:
    """Field validation first (it converts values), then the domain rules, reported together."""
    errors: dict[str, list[str]] = {}
    try:
        candidate.clean_fields(exclude={"ref"})
    except ValidationError as error:
        errors.update(error.message_dict)
    for field, messages in rules(candidate).items():
        if field not in errors:
            errors[field] = messages
    if errors:
        raise ValidationError(errors)


def _with_changes(record, changes: dict):
    candidate = copy.copy(record)
    for name, value in changes.items():
        setattr(candidate, name, value)
    return candidate


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# The verbs of the other agreements records, importable from here as before.
from .customers import (  # noqa: E402, F401
    cancel_relationship_review,
    escalate_complaint,
    hold_planned_review,
    hold_relationship_review,
    record_complaint,
    resolve_complaint,
    withdraw_complaint,
)
from .service_levels import agree_sla, retire_sla, review_sla, unreviewed_breaches  # noqa: E402, F401
from .suppliers import (  # noqa: E402, F401
    contracts_in_force,
    record_supplier_measurement,
    renew_contract,
    sign_contract,
    terminate_contract,
)
from .supply import (  # noqa: E402, F401
    approve_capacity_plan,
    capacity_review_errors,
    record_actual_cost,
    review_capacity,
)
