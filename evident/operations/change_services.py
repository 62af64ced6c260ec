"""Domain verbs of change control, release and deployment (8.5).

A change is requested, assessed for risk, decided by its change authority,
scheduled, implemented with an outcome and, where it went wrong or was an
emergency, reviewed afterwards. Releases group implemented changes and are
deployed environment by environment.

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply; callers open the ``acting(...)`` block that says who writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from evident.core import services
from evident.core.models import Organisation, Person
from evident.core.verbs import verb

from .change_schedule import Conflict, conflicts_for
from .models import (
    Change,
    ChangeApproval,
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Incident,
    Release,
)

# An emergency change may be decided by the emergency board or the change manager;
# other non-standard changes by the change advisory board or the change manager.
AUTHORITY_FOR = {
    Change.Type.NORMAL: {ChangeApproval.Authority.CAB, ChangeApproval.Authority.CHANGE_MANAGER},
    Change.Type.EMERGENCY: {
        ChangeApproval.Authority.ECAB,
        ChangeApproval.Authority.CHANGE_MANAGER,
    },
}
REVIEWED_OUTCOMES = {Change.Outcome.FAILED, Change.Outcome.BACKED_OUT}


def check_standard_template(fields: dict, change: Change | None = None) -> None:
    """A standard change follows an active, approved standard-change model; others name none."""
    change_type = fields.get("change_type", getattr(change, "change_type", Change.Type.NORMAL))
    template = fields.get("template", getattr(change, "template", None))
    if change_type != Change.Type.STANDARD:
        if template is not None:
            raise ValidationError({"template": "Only a standard change follows a template."})
        return
    if template is None:
        raise ValidationError({"template": "A standard change must name its standard template."})
    if "template" in fields or change is None:
        # Checked when the template is chosen: a model withdrawn later does not undo past work.
        if not template.active:
            raise ValidationError({"template": f"Template {template.ref} is no longer active."})
        if not template.approved:
            raise ValidationError({"template": f"Template {template.ref} is not approved."})


@verb("change.recorded")
def record_change(organisation: Organisation, **fields) -> Change:
    """Create a change as given (the API's create): a standard change names its template.

    A standard change is pre-approved by its template, as ``request_change`` has it.
    """
    check_standard_template(fields)
    if fields.get("change_type") == Change.Type.STANDARD:
        fields.setdefault("status", Change.Status.APPROVED)
    return services.create_record(Change, organisation, **fields)


@verb("change.revised")
def revise_change(change: Change, **changes) -> Change:
    """Edit a change as given (the API's update), keeping the standard-template rule."""
    check_standard_template(changes, change)
    return services.update_record(change, **changes)


@verb("change.requested")
def request_change(
    organisation: Organisation,
    *,
    title: str,
    service,
    requested_at: dt.datetime,
    change_type: str = Change.Type.NORMAL,
    template: ChangeTemplate | None = None,
    configuration_items: Iterable = (),
    **details,
) -> Change:
    """Raise a change. A standard change takes its risk from its template and is pre-approved."""
    fields = dict(
        title=title,
        service=service,
        requested_at=requested_at,
        change_type=change_type,
        template=template,
        configuration_items=[ci.pk for ci in configuration_items],
        **details,
    )
    check_standard_template(fields)
    if change_type == Change.Type.STANDARD:
        fields.update(risk=template.risk, status=Change.Status.APPROVED)
    return services.create_record(Change, organisation, **fields)


@verb("change.assessed")
def assess_change(
    change: Change, *, risk: str, assessment: str, assessed_by: Person, assessed_at: dt.datetime
) -> Change:
    """Record the risk assessment of a change: its risk level and what could go wrong."""
    if not assessment.strip():
        raise ValidationError({"risk_assessment": "Say what could go wrong and how it is handled."})
    if assessed_at < change.requested_at:
        raise ValidationError({"assessed_at": "A change is assessed after it is requested."})
    status = change.status
    if status == Change.Status.REQUESTED:
        status = Change.Status.ASSESSED
    return services.update_record(
        change,
        risk=risk,
        risk_assessment=assessment,
        assessed_by=assessed_by,
        assessed_at=assessed_at,
        status=status,
    )


@verb("change.decided")
def approve_change(
    change: Change,
    *,
    authority: str,
    decision: str,
    decided_at: dt.datetime,
    approver: Person | None = None,
    body: ChangeAuthority | None = None,
) -> ChangeApproval:
    """Record the change authority's decision; a normal change is decided once it is assessed."""
    if change.change_type == Change.Type.STANDARD:
        raise ValidationError({"change": "A standard change is pre-approved by its template."})
    if authority not in AUTHORITY_FOR[change.change_type]:
        raise ValidationError(
            {"authority": f"A {change.change_type} change is not decided by the {authority}."}
        )
    if change.change_type == Change.Type.NORMAL and not change.risk_assessment:
        raise ValidationError({"change": f"Change {change.ref} has not been assessed for risk."})
    if body is not None and approver is not None and not _sits_on(approver, body):
        raise ValidationError({"approver": f"{approver.name} does not sit on {body.name}."})
    with transaction.atomic():
        approval = services.create_record(
            ChangeApproval,
            change.organisation,
            change=change,
            authority=authority,
            authority_body=body,
            approver=approver,
            decision=decision,
            decided_at=decided_at,
        )
        approved = decision == ChangeApproval.Decision.APPROVED
        status = Change.Status.APPROVED if approved else Change.Status.REJECTED
        services.update_record(change, status=status)
    return approval


def _sits_on(person: Person, body: ChangeAuthority) -> bool:
    return body.chair_id == person.pk or body.members.filter(pk=person.pk).exists()


@verb("change.scheduled")
def schedule_change(
    change: Change, *, planned_start: dt.datetime, planned_end: dt.datetime
) -> tuple[Change, list[Conflict]]:
    """Put a change on the forward schedule; returns it with the changes it clashes with.

    A clash (another change planned on a shared configuration item in an
    overlapping window) is a warning, not a refusal: the change manager decides.
    """
    if planned_end <= planned_start:
        raise ValidationError({"planned_end": "The window must end after it starts."})
    change = services.update_record(change, planned_start=planned_start, planned_end=planned_end)
    return change, conflicts_for(change)


@verb("change.implemented")
def implement_change(
    change: Change, *, actual_start: dt.datetime, actual_end: dt.datetime, outcome: str
) -> Change:
    """Record that a change was carried out, when, and how it ended."""
    if change.status in {Change.Status.REJECTED, Change.Status.CANCELLED}:
        raise ValidationError({"status": f"Change {change.ref} is {change.status}."})
    if actual_end < actual_start:
        raise ValidationError({"actual_end": "A change ends after it starts."})
    if not outcome:
        raise ValidationError({"outcome": "Say how the change ended."})
    return services.update_record(
        change,
        actual_start=actual_start,
        actual_end=actual_end,
        outcome=outcome,
        status=Change.Status.IMPLEMENTED,
    )


@verb("change.reviewed")
def review_change(change: Change, *, completed_at: dt.datetime, notes: str) -> Change:
    """Record the post-implementation review and close the change."""
    if change.actual_end is None:
        raise ValidationError({"review_completed_at": "Only an implemented change is reviewed."})
    if completed_at < change.actual_end:
        raise ValidationError({"review_completed_at": "A review follows the implementation."})
    if not notes.strip():
        raise ValidationError({"review_notes": "Record what the review found."})
    return services.update_record(
        change, review_completed_at=completed_at, review_notes=notes, status=Change.Status.CLOSED
    )


@verb("release.planned")
def plan_release(
    organisation: Organisation,
    *,
    name: str,
    service,
    changes: Iterable[Change],
    planned_for: dt.datetime,
    release_type: str = Release.Type.MINOR,
    version: str = "",
) -> Release:
    """Plan a release of the service's changes; each must be approved or pre-approved."""
    changes = list(changes)
    if not changes:
        raise ValidationError({"changes": "A release carries at least one change."})
    foreign = [c.ref for c in changes if c.service_id != service.pk]
    if foreign:
        raise ValidationError({"changes": f"Not changes to {service.name}: {', '.join(foreign)}."})
    unapproved = [c.ref for c in changes if c.status in _NOT_RELEASABLE]
    if unapproved:
        raise ValidationError({"changes": f"Not approved: {', '.join(unapproved)}."})
    return services.create_record(
        Release,
        organisation,
        name=name,
        version=version,
        service=service,
        release_type=release_type,
        planned_for=planned_for,
        changes=[c.pk for c in changes],
    )


_NOT_RELEASABLE = {
    Change.Status.REQUESTED,
    Change.Status.ASSESSED,
    Change.Status.REJECTED,
    Change.Status.CANCELLED,
}


@verb("release.deployed")
def deploy_release(
    release: Release,
    *,
    environment: str,
    deployed_at: dt.datetime,
    outcome: str,
    deployed_by: Person | None = None,
    rollback_note: str = "",
    incident: Incident | None = None,
    follow_up_change: Change | None = None,
    ref: str = "",
) -> Deployment:
    """Record a deployment; one into production that went wrong needs a note and a follow-up.

    A production deployment marks the release deployed (successful) or records
    its failure, so the release's outcome always reflects what production saw.
    A closed or cancelled release is not deployed.
    """
    if release.status in (Release.Status.CLOSED, Release.Status.CANCELLED):
        raise ValidationError({"release": f"Release {release.ref} is {release.status}."})
    production = environment == Deployment.Environment.PRODUCTION
    went_wrong = outcome != Deployment.Outcome.SUCCESSFUL
    if went_wrong and not rollback_note.strip():
        raise ValidationError({"rollback_note": "Say what was rolled back, and why."})
    if production and went_wrong and incident is None and follow_up_change is None:
        raise ValidationError(
            {"incident": "Link the incident or the change raised for the failed deployment."}
        )
    with transaction.atomic():
        deployment = services.create_record(
            Deployment,
            release.organisation,
            release=release,
            environment=environment,
            deployed_at=deployed_at,
            outcome=outcome,
            deployed_by=deployed_by,
            rollback_note=rollback_note,
            incident=incident,
            follow_up_change=follow_up_change,
            ref=ref,
        )
        if production:
            services.update_record(
                release,
                status=Release.Status.DEPLOYED,
                released_at=deployed_at,
                outcome=_RELEASE_OUTCOME[outcome],
            )
    return deployment


_RELEASE_OUTCOME = {
    Deployment.Outcome.SUCCESSFUL: Release.Outcome.SUCCESSFUL,
    Deployment.Outcome.FAILED: Release.Outcome.FAILED,
    Deployment.Outcome.ROLLED_BACK: Release.Outcome.BACKED_OUT,
}


@verb("release.built")
def build_release(release: Release) -> Release:
    """Record that the planned release is built and ready to deploy; it carries its changes."""
    if release.status != Release.Status.PLANNED:
        raise ValidationError({"status": f"Release {release.ref} is {release.status}."})
    if not release.changes.exists():
        raise ValidationError({"changes": "A release carries at least one change."})
    return services.update_record(release, status=Release.Status.BUILT)


@verb("release.closed")
def close_release(release: Release) -> Release:
    """Close a deployed release once production's outcome is known."""
    if release.status != Release.Status.DEPLOYED:
        raise ValidationError({"status": f"Only a deployed release is closed, not {release.ref}."})
    if not release.outcome:
        raise ValidationError({"outcome": "Deploy it into production to know its outcome first."})
    return services.update_record(release, status=Release.Status.CLOSED)


@verb("release.cancelled")
def cancel_release(release: Release) -> Release:
    """Cancel a release that never reached production."""
    if release.status not in (Release.Status.PLANNED, Release.Status.BUILT):
        raise ValidationError({"status": f"Release {release.ref} is {release.status}."})
    return services.update_record(release, status=Release.Status.CANCELLED)
