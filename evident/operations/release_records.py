"""The lifecycle of a release, how deployments are entered, and the other transition records.

A release is planned, built, deployed environment by environment and closed
once production's outcome is known, or cancelled before it gets there. Its
outcome and release time come from its deployment into production: a deployment
is entered through ``deploy_release``, which moves the release with it, and
what the release took from a deployment is not edited afterwards (void the
deployment and record it again). Standard-change templates, change boards,
service designs and transition plans are entered as they are, under their
models' rules.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.models import Person
from evident.core.records import Lifecycle, Transition, declare
from evident.core.verbs import verb

from . import change_services as verbs
from .filters import (
    ChangeAuthorityFilterSet,
    ChangeTemplateFilterSet,
    DeploymentFilterSet,
    ReleaseFilterSet,
    ServiceDesignFilterSet,
    TransitionPlanFilterSet,
)
from .inputs import when
from .models import (
    Change,
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Incident,
    Release,
    ServiceDesign,
    TransitionPlan,
)

Status = Release.Status
# What a production deployment wrote on its release, and what the release took from it.
FROM_PRODUCTION = ("outcome", "released_at")
FIXED_DEPLOYMENT = ("release", "environment", "deployed_at", "outcome")


def _deployment_inputs():
    optional = {"required": False}
    return {
        "environment": forms.ChoiceField(choices=Deployment.Environment.choices),
        "deployed_at": when("Deployed at"),
        "outcome": forms.ChoiceField(choices=Deployment.Outcome.choices),
        "deployed_by": forms.ModelChoiceField(queryset=Person.objects.all(), **optional),
        "rollback_note": forms.CharField(widget=forms.Textarea, **optional),
        "incident": forms.ModelChoiceField(queryset=Incident.objects.all(), **optional),
        "follow_up_change": forms.ModelChoiceField(queryset=Change.objects.all(), **optional),
    }


RELEASE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Status.PLANNED,),
    transitions=(
        Transition(
            "build",
            lambda release, **i: verbs.build_release(release, **i),
            sources=(Status.PLANNED,),
            target=Status.BUILT,
        ),
        Transition(
            "deploy",
            lambda release, **i: verbs.deploy_release(release, **i),
            sources=(Status.PLANNED, Status.BUILT, Status.DEPLOYED),
            inputs=_deployment_inputs,
            help="Into production, it marks the release deployed with the deployment's outcome; "
            "one that went wrong needs a note and the incident or change raised for it.",
        ),
        Transition(
            "close",
            lambda release, **i: verbs.close_release(release, **i),
            sources=(Status.DEPLOYED,),
            target=Status.CLOSED,
        ),
        Transition(
            "cancel",
            lambda release, **i: verbs.cancel_release(release, **i),
            sources=(Status.PLANNED, Status.BUILT),
            target=Status.CANCELLED,
        ),
    ),
)


def release_outcome_from_production(values: dict) -> dict[str, str]:
    """A release not yet in production has no outcome and no release time."""
    if values.get("status", Status.PLANNED) in (Status.DEPLOYED, Status.CLOSED):
        return {}
    return {
        name: "Comes from the release's deployment into production."
        for name in FROM_PRODUCTION
        if values.get(name)
    }


@verb("release.revised")
def revise_release(release: Release, **changes) -> Release:
    """Edit a release; what production's deployment gave it is not edited."""
    _refuse_changes(release, changes, FROM_PRODUCTION, "Comes from its production deployment.")
    return services.update_record(release, **changes)


def enter_deployment(organisation, **fields) -> Deployment:
    """A deployment entered by a person is recorded by ``deploy_release``, with its rules."""
    fields.setdefault("environment", Deployment.Environment.PRODUCTION)
    return verbs.deploy_release(fields.pop("release"), **fields)


@verb("deployment.revised")
def revise_deployment(deployment: Deployment, **changes) -> Deployment:
    """Edit a deployment's note and links; what its release took from it stays as recorded."""
    reason = "Moved its release: void the deployment and record it again."
    _refuse_changes(deployment, changes, FIXED_DEPLOYMENT, reason)
    after = {
        "rollback_note": deployment.rollback_note,
        "incident": deployment.incident,
        "follow_up_change": deployment.follow_up_change,
        **changes,
    }
    went_wrong = deployment.outcome != Deployment.Outcome.SUCCESSFUL
    if went_wrong and not after["rollback_note"].strip():
        raise ValidationError({"rollback_note": "Say what was rolled back, and why."})
    production = deployment.environment == Deployment.Environment.PRODUCTION
    if production and went_wrong and not (after["incident"] or after["follow_up_change"]):
        raise ValidationError(
            {"incident": "Link the incident or the change raised for the failed deployment."}
        )
    return services.update_record(deployment, **changes)


def _refuse_changes(record, changes: dict, fixed: tuple[str, ...], reason: str) -> None:
    moved = [name for name in fixed if name in changes and changes[name] != getattr(record, name)]
    if moved:
        raise ValidationError({name: reason for name in moved})


def register() -> None:
    declare(
        Release,
        update=revise_release,
        rules=(release_outcome_from_production,),
        lifecycle=RELEASE_LIFECYCLE,
        fields=(
            "name",
            "version",
            "service",
            "release_type",
            "status",
            "planned_for",
            "released_at",
            "outcome",
            "changes",
        ),
        columns=("ref", "name", "version", "service", "release_type", "status", "released_at"),
        filters=("release_type", "status", "outcome", "service"),
        search=("ref", "name", "version"),
        filterset=ReleaseFilterSet,
    )
    declare(
        Deployment,
        create=enter_deployment,
        update=revise_deployment,
        fields=(
            "release",
            "environment",
            "deployed_at",
            "outcome",
            "deployed_by",
            "rollback_note",
            "incident",
            "follow_up_change",
        ),
        columns=("ref", "release", "environment", "deployed_at", "outcome", "deployed_by"),
        filters=("environment", "outcome"),
        search=("ref", "release__ref", "release__name"),
        filterset=DeploymentFilterSet,
    )
    declare(
        ChangeTemplate,
        fields=("name", "description", "steps", "risk", "approved_by", "approved_at", "active"),
        columns=("ref", "name", "risk", "active", "approved_by", "approved_at"),
        filters=("risk", "active"),
        search=("ref", "name", "description"),
        filterset=ChangeTemplateFilterSet,
    )
    declare(
        ChangeAuthority,
        fields=("name", "kind", "chair", "members", "remit"),
        columns=("ref", "name", "kind", "chair"),
        filters=("kind",),
        search=("ref", "name"),
        filterset=ChangeAuthorityFilterSet,
    )
    declare(
        ServiceDesign,
        fields=(
            "service",
            "purpose",
            "change",
            "summary",
            "requirements",
            "requirements_met",
            "approved_by",
            "approved_at",
        ),
        columns=("ref", "service", "purpose", "requirements_met", "approved_by", "approved_at"),
        filters=("purpose", "requirements_met", "service"),
        search=("ref", "service__name", "summary"),
        filterset=ServiceDesignFilterSet,
    )
    declare(
        TransitionPlan,
        fields=(
            "design",
            "planned_date",
            "acceptance_criteria",
            "completed_on",
            "accepted_by",
            "notes",
        ),
        columns=("ref", "design", "planned_date", "completed_on", "accepted_by"),
        filters=("accepted_by",),
        search=("ref", "design__ref", "acceptance_criteria"),
        filterset=TransitionPlanFilterSet,
    )
