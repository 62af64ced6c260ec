"""An evaluation as OSCAL assessment results, and its corrective action plans as a POA&M.

Each finding of the evaluation is an OSCAL finding targeting the clause's
control, with one observation naming the records it rests on. Grades (area of
concern, Major, Minor, OFI) and severities are properties in Evident's own
namespace; OSCAL has no vocabulary for them. The POA&M holds one item per
nonconformity raised from the evaluation's findings, with its corrective action
plan: correction, root cause, corrective action, owner, due date and status.
"""

from __future__ import annotations

from evident.audits.models import Evaluation, Finding, Nonconformity
from evident.core.tenancy import scoped

from .common import clause_control_id, derived_uuid, metadata, prop, prose, timestamp

ENGINE_TITLE = "Evident audit engine"
SATISFIED = "satisfied"
NOT_SATISFIED = "not-satisfied"


def assessment_results_document(evaluation: Evaluation) -> dict:
    findings = list(evaluation.findings.order_by("clause", "key"))
    organisation = evaluation.organisation
    result = {
        "uuid": derived_uuid(organisation.slug, evaluation.ref, "result"),
        "title": f"{evaluation.get_stage_display()} evaluation {evaluation.ref}",
        "description": prose(_describe(evaluation)),
        "start": timestamp(evaluation.period_start),
        "end": timestamp(evaluation.period_end),
        "props": _evaluation_props(evaluation),
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    }
    if findings:
        result["observations"] = [_observation(evaluation, f) for f in findings]
        result["findings"] = [_finding(evaluation, f) for f in findings]
    return {
        "assessment-results": {
            "uuid": derived_uuid(organisation.slug, evaluation.ref, "assessment-results"),
            "metadata": metadata(
                f"Assessment results of {organisation.name}: {evaluation.ref}",
                evaluation.engine_version,
                evaluation.created_at,
            ),
            # The engine's own plan: its checks, sampling table and seed, named by the
            # evaluation; there is no separate OSCAL assessment plan document.
            "import-ap": {"href": f"urn:evident:{organisation.slug}:{evaluation.ref}:plan"},
            "results": [result],
        }
    }


class NothingToPlan(ValueError):
    """No nonconformity has been raised from the evaluation, so there is no plan to export."""


def poam_document(evaluation: Evaluation) -> dict:
    organisation = evaluation.organisation
    keys = list(evaluation.findings.values_list("key", flat=True))
    nonconformities = (
        scoped(Nonconformity, organisation)
        .filter(finding_key__in=keys)
        .prefetch_related("action_plans__owner")
        .order_by("ref")
    )
    items = [_poam_item(organisation, nc) for nc in nonconformities]
    if not items:  # OSCAL requires at least one item
        raise NothingToPlan(
            f"no nonconformity has been raised from {evaluation.ref}; "
            "raise one from a Major or Minor finding first"
        )
    document = {
        "uuid": derived_uuid(organisation.slug, evaluation.ref, "poam"),
        "metadata": metadata(
            f"Corrective action plans of {organisation.name}: {evaluation.ref}",
            evaluation.engine_version,
            evaluation.created_at,
        ),
        "system-id": {"identifier-type": "https://ietf.org/rfc/rfc4122", "id": _system(evaluation)},
        "poam-items": items,
    }
    return {"plan-of-action-and-milestones": document}


def _describe(evaluation: Evaluation) -> str:
    verdict = (
        evaluation.get_outcome_display()
        if evaluation.stage == 1
        else (evaluation.get_recommendation_display())
    )
    return (
        f"{ENGINE_TITLE} {evaluation.engine_version}, audit date {evaluation.audit_date}, "
        f"period {evaluation.period_start} to {evaluation.period_end}, seed {evaluation.seed}. "
        f"Verdict: {verdict or 'none'}."
    )


def _evaluation_props(evaluation: Evaluation) -> list[dict]:
    props = [
        prop("stage", evaluation.stage),
        prop("seed", evaluation.seed),
        prop("evidence-digest", evaluation.evidence_digest),
    ]
    if evaluation.outcome:
        props.append(prop("outcome", evaluation.outcome))
    if evaluation.recommendation:
        props.append(prop("recommendation", evaluation.recommendation))
    return props


def _observation(evaluation: Evaluation, finding: Finding) -> dict:
    observation = {
        "uuid": derived_uuid(evaluation.organisation.slug, evaluation.ref, finding.key, "obs"),
        "description": prose(_evidence_text(finding)),
        "methods": ["EXAMINE"],
        "collected": timestamp(evaluation.created_at),
    }
    if finding.records:
        observation["props"] = [prop("record", _record_label(r)) for r in finding.records]
    return observation


def _finding(evaluation: Evaluation, finding: Finding) -> dict:
    props = [prop("grade", finding.grade), prop("check", finding.check_id)]
    if finding.severity:
        props.append(prop("severity", finding.severity))
    slug = evaluation.organisation.slug
    return {
        "uuid": derived_uuid(slug, evaluation.ref, finding.key),
        "title": f"{finding.clause}: {finding.get_grade_display()}",
        "description": prose(finding.statement),
        "props": props,
        "target": {
            "type": "statement-id",
            "target-id": clause_control_id(finding.clause),
            "status": {"state": SATISFIED if finding.grade == "ofi" else NOT_SATISFIED},
        },
        "related-observations": [
            {"observation-uuid": derived_uuid(slug, evaluation.ref, finding.key, "obs")}
        ],
        **({"remarks": prose(finding.fix_hint)} if finding.fix_hint else {}),
    }


def _poam_item(organisation, nc: Nonconformity) -> dict:
    props = [prop("grade", nc.grade), prop("nonconformity", nc.ref), prop("status", nc.status)]
    if nc.clause:
        props.append(prop("clause", nc.clause))
    plan = max(nc.action_plans.all(), key=lambda p: p.pk, default=None)
    remarks = "No corrective action plan has been submitted."
    if plan is not None:
        props.append(prop("plan-status", plan.status))
        if plan.due_date:
            props.append(prop("due-date", plan.due_date.isoformat()))
        if plan.owner:
            props.append(prop("owner", plan.owner.name))
        remarks = (
            "\n\n".join(
                f"**{label}:** {text.strip()}"
                for label, text in (
                    ("Correction", plan.correction),
                    ("Root cause", plan.root_cause),
                    ("Corrective action", plan.corrective_action),
                    ("Returned because", plan.return_reason),
                )
                if text.strip()
            )
            or "The plan is empty."
        )
    return {
        "uuid": derived_uuid(organisation.slug, nc.ref, "poam-item"),
        "title": nc.title,
        "description": prose(nc.statement or nc.title),
        "props": props,
        "remarks": remarks,
    }


def _system(evaluation: Evaluation) -> str:
    return derived_uuid(evaluation.organisation.slug, "service-management-system")


def _evidence_text(finding: Finding) -> str:
    if not finding.records:
        return f"Rests on the absence of records ({finding.check_id})."
    refs = ", ".join(_record_label(r) for r in finding.records[:50])
    more = len(finding.records) - 50
    return f"Records examined: {refs}" + (f" and {more} more." if more > 0 else ".")


def _record_label(record: dict) -> str:
    return f"{record.get('type', 'record')} {record.get('ref', record.get('id', ''))}".strip()
