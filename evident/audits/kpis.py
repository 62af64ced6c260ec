"""Key performance indicators computed from the records (9.1).

Each computed KPI is a set-based reading of the records for one period: a
function ``(organisation, period, service)`` returning a ``Reading`` (the value
and the counts behind it). ``COMPUTED`` is the registry, keyed by the name a
``Kpi`` gives as its ``computation``. ``measure_kpis`` writes one measurement
per computed KPI and month through the service layer; running it again for the
same month updates the values rather than adding new ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from evident.agreements.models import SlaMeasurement
from evident.catalogue.models import Service
from evident.core.models import Organisation
from evident.governance.models import MeetingAction
from evident.operations.models import Change, Incident, Problem, ServiceRequest
from evident.support.models import Acknowledgement

from .engine.checks.common import current_policy_version, people_in_scope
from .engine.checks.competence import role_holders, short_of_training
from .engine.scope import AuditScope, live, midnight
from .models import CorrectiveAction, Kpi, KpiMeasurement, ReviewOutput

PLACES = Decimal("0.001")


@dataclass(frozen=True)
class Period:
    """A closed range of calendar days, usually one month."""

    start: dt.date
    end: dt.date

    @property
    def starts_at(self) -> dt.datetime:
        return midnight(self.start)

    @property
    def ends_before(self) -> dt.datetime:
        return midnight(self.end + dt.timedelta(days=1))

    def instants(self, name: str) -> Q:
        """``name`` (a timestamp) falls in the period."""
        return Q(**{f"{name}__gte": self.starts_at, f"{name}__lt": self.ends_before})


@dataclass(frozen=True)
class Reading:
    """A KPI's value for a period (``None`` when nothing could be measured) and its basis."""

    value: Decimal | None
    basis: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Computation:
    key: str
    name: str
    unit: str
    direction: str
    default_target: Decimal | None
    read: Callable[[Organisation, Period, Service | None], Reading]
    per_service: bool = True


COMPUTED: dict[str, Computation] = {}


def computed(key, name, unit, direction, target=None, *, per_service=True):
    def add(func):
        target_value = None if target is None else Decimal(str(target))
        COMPUTED[key] = Computation(key, name, unit, direction, target_value, func, per_service)
        return func

    return add


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(PLACES, ROUND_HALF_UP)


def _records(model, organisation, service=None, service_field="service"):
    # Voided records are kept as evidence of a mistake, not counted as what happened.
    rows = live(model.objects.filter(organisation=organisation))
    if service is not None:
        rows = rows.filter(**{service_field: service})
    return rows


HIGHER, LOWER = Kpi.Direction.HIGHER, Kpi.Direction.LOWER


@computed("sla-attainment", "SLA attainment", "%", HIGHER, 95)
def sla_attainment(organisation, period, service) -> Reading:
    """Share of the monthly SLA measurements of the period that met their target."""
    rows = _records(SlaMeasurement, organisation, service, "target__sla__service").filter(
        month__gte=period.start, month__lte=period.end
    )
    total, met = rows.count(), rows.filter(met=True).count()
    return Reading(_rate(met, total), {"measurements": total, "met": met})


@computed("mean-time-to-resolve", "Mean time to resolve incidents", "hours", LOWER, 8)
def mean_time_to_resolve(organisation, period, service) -> Reading:
    """Mean elapsed hours from opening to resolution of the incidents resolved in the period."""
    rows = _records(Incident, organisation, service).filter(period.instants("resolved_at"))
    spans = [resolved - opened for opened, resolved in rows.values_list("opened_at", "resolved_at")]
    if not spans:
        return Reading(None, {"resolved": 0})
    hours = sum(span.total_seconds() for span in spans) / 3600 / len(spans)
    return Reading(Decimal(str(hours)).quantize(PLACES, ROUND_HALF_UP), {"resolved": len(spans)})


@computed("change-success-rate", "Change success rate", "%", HIGHER, 95)
def change_success_rate(organisation, period, service) -> Reading:
    """Share of the changes completed in the period whose outcome was successful."""
    rows = _records(Change, organisation, service).filter(period.instants("actual_end"))
    judged = rows.exclude(outcome=Change.Outcome.NONE)
    total = judged.count()
    successful = judged.filter(outcome=Change.Outcome.SUCCESSFUL).count()
    return Reading(_rate(successful, total), {"completed": total, "successful": successful})


@computed("emergency-change-share", "Share of emergency changes", "%", LOWER, 10)
def emergency_change_share(organisation, period, service) -> Reading:
    """Share of the changes requested in the period that were emergency changes."""
    rows = _records(Change, organisation, service).filter(period.instants("requested_at"))
    total = rows.count()
    emergency = rows.filter(change_type=Change.Type.EMERGENCY).count()
    return Reading(_rate(emergency, total), {"requested": total, "emergency": emergency})


@computed("incidents-per-service", "Incidents per service", "incidents", LOWER)
def incidents_per_service(organisation, period, service) -> Reading:
    """Incidents opened in the period: for one service, or on average per live service."""
    opened = _records(Incident, organisation, service).filter(period.instants("opened_at")).count()
    if service is not None:
        return Reading(Decimal(opened), {"opened": opened})
    live_services = _records(Service, organisation).filter(status=Service.Status.LIVE).count()
    if not live_services:
        return Reading(None, {"opened": opened, "live_services": 0})
    value = (Decimal(opened) / live_services).quantize(PLACES, ROUND_HALF_UP)
    return Reading(value, {"opened": opened, "live_services": live_services})


def _open_at(rows, opened: str, done: str, instant: dt.datetime):
    """Rows opened before ``instant`` and not done by then."""
    return rows.filter(**{f"{opened}__lt": instant}).filter(
        Q(**{f"{done}__isnull": True}) | Q(**{f"{done}__gte": instant})
    )


@computed("open-backlog", "Open backlog at period end", "records", LOWER)
def open_backlog(organisation, period, service) -> Reading:
    """Incidents, service requests and problems still open when the period ended."""
    end = period.ends_before
    incidents = _open_at(_records(Incident, organisation, service), "opened_at", "resolved_at", end)
    requests = _open_at(
        _records(ServiceRequest, organisation, service).exclude(
            status=ServiceRequest.Status.CANCELLED
        ),
        "opened_at",
        "fulfilled_at",
        end,
    )
    problems = _open_at(_records(Problem, organisation, service), "opened_at", "resolved_at", end)
    counts = {
        "incidents": incidents.count(),
        "requests": requests.count(),
        "problems": problems.count(),
    }
    return Reading(Decimal(sum(counts.values())), counts)


def _scope_at(organisation, day: dt.date) -> AuditScope:
    return AuditScope.for_date(organisation, day, seed=0)


@computed("training-coverage", "Training coverage of SMS roles", "%", HIGHER, 90, per_service=False)
def training_coverage(organisation, period, service) -> Reading:
    """Share of the people holding SMS roles whose training for those roles is current."""
    scope = _scope_at(organisation, period.end)
    holders = role_holders(scope).count()
    short = short_of_training(scope).count()
    return Reading(_rate(holders - short, holders), {"role_holders": holders, "short": short})


@computed(
    "acknowledgement-coverage",
    "Acknowledgement of the current SM policy",
    "%",
    HIGHER,
    80,
    per_service=False,
)
def acknowledgement_coverage(organisation, period, service) -> Reading:
    """Share of the people in scope who had acknowledged the current policy by period end."""
    scope = _scope_at(organisation, period.end)
    version = current_policy_version(scope)
    people = people_in_scope(scope)
    total = people.count()
    if version is None:
        return Reading(None, {"people_in_scope": total, "policy_version": None})
    acknowledged = (
        live(Acknowledgement.objects)
        .filter(
            document_version=version,
            person__in=people,
            acknowledged_at__lt=period.ends_before,
        )
        .values("person")
        .distinct()
        .count()
    )
    basis = {"people_in_scope": total, "acknowledged": acknowledged, "policy_version": version.ref}
    return Reading(_rate(acknowledged, total), basis)


@computed(
    "overdue-actions", "Overdue actions at period end", "actions", LOWER, 0, per_service=False
)
def overdue_actions(organisation, period, service) -> Reading:
    """Corrective, meeting and review actions past their due date and still open at period end."""
    end = period.end

    def overdue(model):
        rows = _records(model, organisation).filter(due_date__lt=end)
        return rows.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).count()

    counts = {
        "corrective_actions": overdue(CorrectiveAction),
        "meeting_actions": overdue(MeetingAction),
        "review_actions": overdue(ReviewOutput),
    }
    return Reading(Decimal(sum(counts.values())), counts)


def read_kpi(kpi: Kpi, period: Period) -> Reading:
    """The computed value of ``kpi`` for ``period`` (its service narrows the records read)."""
    computation = COMPUTED[kpi.computation]
    service = kpi.service if computation.per_service else None
    return computation.read(kpi.organisation, period, service)


def month_period(month: dt.date) -> Period:
    from .engine.scope import month_end

    first = month.replace(day=1)
    return Period(first, month_end(first))


def measure_kpis(organisation: Organisation, month: dt.date) -> list[KpiMeasurement]:
    """Compute every computed KPI of ``organisation`` for ``month`` and record the values.

    Idempotent: a month measured before is updated in place.
    """
    from .services import record_kpi_measurement

    period = month_period(month)
    # A computation this installation does not know (from an imported bundle) is skipped.
    kpis = Kpi.objects.filter(organisation=organisation, computation__in=COMPUTED).order_by("key")
    measured = []
    for kpi in kpis.select_related("service"):
        reading = read_kpi(kpi, period)
        measured.append(
            record_kpi_measurement(
                kpi,
                period_start=period.start,
                period_end=period.end,
                value=reading.value,
                source=KpiMeasurement.Source.COMPUTED,
                basis=reading.basis,
            )
        )
    return measured


def series(kpi: Kpi) -> list[KpiMeasurement]:
    """The KPI's measurements in period order."""
    return list(kpi.measurements.order_by("period_start"))
