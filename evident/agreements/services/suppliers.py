"""Verbs of supplier management (8.3.4): contracts renewed, performance measured."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q

from evident.core import services
from evident.core.tenancy import scoped

from ..models import Contract, Supplier, SupplierMeasurement

THOUSANDTH = Decimal("0.001")


def renew_contract(
    contract: Contract, *, ends_on: dt.date | None, starts_on: dt.date | None = None, **changes
) -> Contract:
    """Renew ``contract``: the renewal is a new contract, the old one is marked renewed.

    The renewal takes over the services, targets and terms unless ``changes`` say
    otherwise, and starts the day after the old one ends (or on ``starts_on``).
    """
    if contract.status not in (Contract.Status.ACTIVE, Contract.Status.DRAFT):
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
    if direction == SupplierMeasurement.Direction.AT_LEAST:
        met = actual >= target
    else:
        met = actual <= target
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
