"""The lifecycle of a service: it goes live and is retired by its verbs, not by an edit.

Retiring withdraws the service's catalogue entry in the same operation, which a
status typed into a form would not do.
"""

from __future__ import annotations

from django import forms

from evident.core.records import Lifecycle, Transition, declare

from . import services as verbs
from .models import Service

Status = Service.Status


def _day(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


SERVICE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Status.PIPELINE, Status.LIVE),
    transitions=(
        Transition(
            "put-live",
            lambda service, **i: verbs.put_service_live(service, **i),
            sources=(Status.PIPELINE, Status.LIVE),
            target=Status.LIVE,
            inputs=lambda: {"live_on": _day("Went live on")},
            label="Put live",
        ),
        Transition(
            "retire",
            lambda service, **i: verbs.retire_service(service, **i),
            sources=(Status.PIPELINE, Status.LIVE),
            target=Status.RETIRED,
            inputs=lambda: {"retired_on": _day("Retired on")},
            help="Withdraws the service's catalogue entry.",
        ),
    ),
)

declare(Service, lifecycle=SERVICE_LIFECYCLE)
