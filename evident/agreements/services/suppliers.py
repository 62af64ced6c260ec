"""Verbs of supplier management (8.3.4): contracts signed, renewed and terminated, results.

A contract's status records a decision (it is signed, renewed or ended), so it
changes only by these verbs; a supplier's monthly result is judged met or not
from its numbers, never typed in against them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q

from evident.core import services
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from ..models import Contract, Supplier, SupplierMeasurement

THOUSANDTH = Decimal("0.001")


@verb("contract.signed")
def sign_contract(contract: Contract, *, starts_on: dt.date) -> Contract:
    """The draft contract is signed and in force from ``starts_on``."""
    if contract.status != Contract.Status.DRAFT:
        raise ValidationError({"status": [f"{contract.ref} is {contract.status}, not a draft."]})
    if contract.ends_on is not None and contract.ends_on < starts_on:
        raise ValidationError(
            {"starts_on": [f"The contract ends on {contract.ends_on}, before that day."]}
        )
    return services.update_record(contract, status=Contract.Status.ACTIVE, starts_on=starts_on)


@verb("contract.terminated")
def terminate_contract(contract: Contract, *, ends_on: dt.date) -> Contract:
    """The contract is ended early (or confirmed ended): ``ends_on`` is its last day in force."""
    if contract.status != Contract.Status.ACTIVE:
        raise ValidationError({"status": [f"A {contract.status} contract cannot be terminated."]})
    if ends_on < contract.starts_on:
        raise ValidationError({"ends_on": ["A contract cannot end before it starts."]})
    return services.update_record(contract, status=Contract.Status.TERMINATED, ends_on=ends_on)


@verb("contract.renewed")
def renew_contract(
    contract: Contract, *, ends_on: dt.date | None, starts_on: dt.date | None = None, **changes
) -> Contract:
    """Renew ``contract``: the renewal is a new contract, the old one is marked renewed.

    The renewal takes over the services, targets and terms unless ``changes`` say
    otherwise, and starts the day after the old one ends (or on ``starts_on``).
    """
    if contract.status != Contract.Status.ACTIVE:  # a draft is signed, not renewed
        raise ValidationError({"status": [f"A {contract.status} contract cannot be renewed."]})
    if starts_on is None:
        if contract.ends_on is None:
            raise ValidationError({"starts_on": ["Say when the renewal starts."]})
        starts_on = contract.ends_on + dt.timedelta(days=1)
    fields = {
        "supplier": contract.supplier,
        "title": contract.title,
        "kind": contract.kind,
        "services": list(contract.services.values_list("pk", flat=True)),
        "value": contract.value,
        "currency": contract.currency,
        "targets": contract.targets,
        "owner": contract.owner,
        "notice_by": None,
        **changes,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "status": Contract.Status.ACTIVE,
    }
    renewal = services.create_record(Contract, contract.organisation, **fields)
    services.update_record(contract, status=Contract.Status.RENEWED)
    return renewal


def contracts_in_force(organisation, on: dt.date):
    """Active contracts whose term covers ``on``."""
    return scoped(Contract, organisation).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        status=Contract.Status.ACTIVE,
        starts_on__lte=on,
    )


def measurement_errors(values: dict) -> dict[str, str]:
    """A result entered as met (or missed) must be so by its own numbers."""
    target, actual, met = values.get("target"), values.get("actual"), values.get("met")
    if target is None or actual is None or met is None:
        return {}
    try:
        judged = is_met(Decimal(str(actual)), Decimal(str(target)), values.get("direction"))
    except ArithmeticError:
        return {}  # the field validation names the number that is not one
    if judged != met:
        return {"met": f"{actual} against {target} is {'met' if judged else 'missed'}."}
    return {}


def is_met(actual: Decimal, target: Decimal, direction) -> bool:
    if direction == SupplierMeasurement.Direction.AT_MOST:
        return actual <= target
    return actual >= target


@verb("supplier_measurement.recorded")
def record_supplier_measurement(
    supplier: Supplier,
    *,
    month: dt.date,
    metric: str,
    target,
    actual,
    direction: str = SupplierMeasurement.Direction.AT_LEAST,
    contract: Contract | None = None,
    unit: str = "",
) -> SupplierMeasurement:
    """Record (or correct) a supplier's result for ``metric`` in ``month``, judged met or not."""
    if month.day != 1:
        raise ValidationError({"month": ["Give the first day of the measured month."]})
    if contract is not None and contract.supplier_id != supplier.pk:
        raise ValidationError({"contract": ["The contract is with another supplier."]})
    target, actual = _amount(target, "target"), _amount(actual, "actual")
    met = is_met(actual, target, direction)
    values = {
        "contract": contract,
        "target": target,
        "actual": actual,
        "direction": direction,
        "unit": unit,
        "met": met,
    }
    existing = (
        scoped(SupplierMeasurement, supplier.organisation)
        .filter(supplier=supplier, metric=metric, month=month)
        .first()
    )
    if existing is None:
        return services.create_record(
            SupplierMeasurement,
            supplier.organisation,
            supplier=supplier,
            month=month,
            metric=metric,
            **values,
        )
    return services.update_record(existing, **values)


def _amount(value, field: str) -> Decimal:
    try:
        return Decimal(str(value)).quantize(THOUSANDTH)
    except ArithmeticError:
        raise ValidationError({field: ["Give a number."]}) from None
