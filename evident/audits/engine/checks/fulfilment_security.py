"""Clauses 8.6.2, 8.6.3 and 8.7.3: requests, known errors and information security by design;
the security policy made known.

A service takes requests when service requests were opened on it in the period;
its fulfilment is agreed when an agreed SLA of the service has a current target
whose metric speaks of requests or fulfilment. A known error is shared with the
service desk through a published knowledge article that names its problem. The
procedure for information security incidents is a procedure document naming
clause 8.7.3.3 (or 8.7.3 as a whole) with an approved version.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q

from evident.agreements.models import SLA, SlaTarget
from evident.assurance.models import SecurityControl
from evident.operations.models import Problem, ServiceRequest
from evident.support.models import (
    Acknowledgement,
    Communication,
    Document,
    DocumentVersion,
    KnowledgeArticle,
)

from ..evidence import name_records, names_of, percent, plural, record_ref, verb
from ..registry import AREA_OF_CONCERN, LOW, MEDIUM, MINOR, Check, FindingResult, register
from ..scope import AuditScope
from .agreements import listed
from .availability_security import security_policies
from .common import live_services, people_in_scope

INCIDENT_CLAUSES = ("8.7.3", "8.7.3.3")
AWARENESS_THRESHOLD = 0.5


def serves(document: Document, clauses) -> bool:
    return any(c.strip() in clauses for c in document.clauses.split(","))


@register(
    Check(
        id="s1.request.fulfilment-agreed",
        clause="8.6.2",
        stage=1,
        title="Services that take requests have an agreed fulfilment target",
        looks_at=(
            "Live services with an agreed SLA on which requests were opened in the period, and "
            "their SLAs' current targets for requests or fulfilment"
        ),
        grade_rule="Any such service whose SLA sets no fulfilment target: low (one finding).",
        fix=(
            "Agree in each SLA how quickly the requests of the service are fulfilled (and "
            "which need approval first), and measure it with the other targets."
        ),
    )
)
def request_fulfilment_agreed(scope):
    requested = scope.related(ServiceRequest).filter(
        scope.timestamp_in_period("opened_at"), service=OuterRef("pk")
    )
    agreed = scope.related(SLA).filter(service=OuterRef("pk"), status=SLA.Status.AGREED)
    fulfilment = scope.related(SlaTarget).filter(
        Q(metric__icontains="request") | Q(metric__icontains="fulfil"),
        Q(effective_to__isnull=True) | Q(effective_to__gte=scope.audit_date),
        sla__service=OuterRef("pk"),
        sla__status=SLA.Status.AGREED,
    )
    lacking = (
        live_services(scope).filter(Exists(requested), Exists(agreed)).exclude(Exists(fulfilment))
    )
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} taking service requests "
        f"{verb(named.total, 'has', 'have')} an SLA that sets no target for fulfilling them: "
        f"{listed(lacking)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s1.problem.known-errors-shared",
        clause="8.6.3",
        stage=1,
        title="Known errors are shared with the service desk",
        looks_at="Problems in the known-error state, and published knowledge articles naming them",
        grade_rule="Any known error with no published knowledge article: low (one finding).",
        fix=(
            "Publish each known error, with its workaround, as a knowledge article the service "
            "desk uses when the same symptoms come back."
        ),
    )
)
def known_errors_shared(scope):
    published = scope.related(KnowledgeArticle).filter(
        problem=OuterRef("pk"), status=KnowledgeArticle.Status.PUBLISHED
    )
    unshared = (
        scope.records(Problem).filter(status=Problem.Status.KNOWN_ERROR).exclude(Exists(published))
    )
    named = name_records(unshared)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'known error')} {verb(named.total, 'is', 'are')} not published "
        f"to the service desk as a knowledge article: {names_of(unshared.order_by('ref')[:10])}"
        f"{' and others' if named.total > 10 else ''}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


def current_security_policy_version(scope: AuditScope, policies) -> DocumentVersion | None:
    return (
        scope.records(DocumentVersion)
        .filter(document__in=[p.pk for p in policies], status=DocumentVersion.Status.APPROVED)
        .order_by(F("approved_at").desc(nulls_last=True), "-ref")
        .first()
    )


@register(
    Check(
        id="s2.security.policy-communicated",
        clause="8.7.3.1",
        stage=2,
        title="The information security policy is made known to the people in scope",
        looks_at=(
            "Communications of the information security policy up to the audit date, and "
            "acknowledgements of its current version by the people in scope"
        ),
        grade_rule=(
            "An approved security policy with no communication and acknowledged by fewer "
            "than half of the people in scope: minor."
        ),
        fix=(
            "Tell everyone in scope about the information security policy (and keep the "
            "record), and ask each person to acknowledge the current version."
        ),
    )
)
def security_policy_communicated(scope):
    policies = security_policies(scope)
    version = current_security_policy_version(scope, policies)
    if version is None:
        return []  # no approved policy is the Stage 1 concern of 8.7.3.1
    sent = (
        scope.records(Communication)
        .filter(document__in=[p.pk for p in policies], sent_at__lt=scope.ends_before)
        .count()
    )
    people = people_in_scope(scope)
    acks = scope.related(Acknowledgement).filter(document_version=version, person=OuterRef("pk"))
    in_scope = people.count()
    aware = people.filter(Exists(acks)).count()
    if sent or (in_scope and aware / in_scope >= AWARENESS_THRESHOLD):
        return []
    statement = (
        f"The information security policy ({version.document.ref}, version {version.version}) "
        f"was never communicated, and {percent(aware, in_scope)} of the people in scope "
        f"({aware} of {in_scope}) acknowledged it."
    )
    return [FindingResult(MINOR, statement, records=(record_ref(version),))]


@register(
    Check(
        id="s1.security.controls-owned",
        clause="8.7.3.2",
        stage=1,
        title="Security controls are owned and in operation",
        looks_at="Information security controls, their owners and their status",
        grade_rule=(
            "Controls recorded but none implemented: medium. Any control with no owner: low. "
            "One finding each."
        ),
        fix=(
            "Name an owner for each information security control, and put the planned "
            "controls into operation."
        ),
    )
)
def security_controls_owned(scope):
    controls = scope.records(SecurityControl)
    if not controls.exists():
        return []  # no control at all is the Stage 1 concern of 8.7.3.1
    findings = []
    if not controls.filter(status=SecurityControl.Status.IMPLEMENTED).exists():
        named = name_records(controls)
        statement = (
            f"None of the {plural(named.total, 'information security control')} recorded is "
            "implemented yet: the policy is not yet carried out by any control."
        )
        findings.append(
            FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records, subject="implemented")
        )
    unowned = controls.filter(owner__isnull=True)
    named = name_records(unowned)
    if named.total:
        statement = (
            f"{plural(named.total, 'information security control')} "
            f"{verb(named.total, 'has', 'have')} no owner: "
            f"{names_of(unowned.order_by('ref')[:10])}{' and others' if named.total > 10 else ''}."
        )
        findings.append(
            FindingResult(AREA_OF_CONCERN, statement, LOW, named.records, subject="owner")
        )
    return findings


@register(
    Check(
        id="s1.security.incident-procedure",
        clause="8.7.3.3",
        stage=1,
        title="Information security incidents have an approved procedure",
        looks_at="Procedure documents naming clause 8.7.3.3 (or 8.7.3) and their versions",
        grade_rule="Live services but no such procedure with an approved version: medium.",
        fix=(
            "Write and approve how information security incidents are recognised, "
            "classified, handled, reported and reviewed, naming clause 8.7.3.3."
        ),
    )
)
def security_incident_procedure(scope):
    if not live_services(scope).exists():
        return []
    procedures = [
        d
        for d in scope.records(Document).filter(doc_type=Document.Type.PROCEDURE).order_by("ref")
        if serves(d, INCIDENT_CLAUSES)
    ]
    approved = scope.records(DocumentVersion).filter(
        document__in=[d.pk for d in procedures], status=DocumentVersion.Status.APPROVED
    )
    if approved.exists():
        return []
    if procedures:
        statement = (
            "The procedure for information security incidents "
            f"({', '.join(d.ref for d in procedures)}) has no approved version."
        )
    else:
        statement = "No procedure says how information security incidents are handled."
    records = tuple(record_ref(d) for d in procedures)
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, records)]
