"""The lifecycle contract for the record types of governance and support.

Scope statements and document versions are approved; phases are started and
certified; objectives judged; risks treated, closed and reopened; milestones
started and done; knowledge articles published and retired.
"""

import datetime as dt
from decimal import Decimal

from evident.core.models import Person
from evident.governance.models import Milestone, Objective, Risk, ScopePhase, ScopeStatement
from evident.support.models import DocumentVersion, KnowledgeArticle
from tests.api import (
    TODAY,
    LifecycleContract,
    document_version,
    person,
    record,
    service,
    sms_plan,
)

APPROVED_AT = "2025-03-03T10:00:00Z"


def top_manager(org, name="Ada Chief"):
    return record(Person, org, name=name, is_top_management=True)


def approved_scope(org):
    return record(
        ScopeStatement,
        org,
        statement="Hosted e-mail for customers in the UK",
        services=[service(org)],
        status=ScopeStatement.Status.APPROVED,
        approved_by=top_manager(org),
        approved_at=dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC),
    )


class TestScopeStatementLifecycle(LifecycleContract):
    route = "scope-statements"
    model = ScopeStatement

    def fresh(self, org):
        return record(ScopeStatement, org, statement="Hosted e-mail", services=[service(org)])

    def walks(self, org):
        approval = {"approved_by": top_manager(org).pk, "approved_at": APPROVED_AT}
        return ((("approve", approval),),)


class TestScopePhaseLifecycle(LifecycleContract):
    route = "scope-phases"
    model = ScopePhase

    def fresh(self, org):
        return record(ScopePhase, org, scope=approved_scope(org), number=1, target_date=TODAY)

    def walks(self, org):
        return ((("start", {}), ("certify", {})),)


class TestObjectiveLifecycle(LifecycleContract):
    route = "objectives"
    model = Objective

    def fresh(self, org):
        return record(
            Objective,
            org,
            title="Resolve incidents faster",
            measure="median resolution hours",
            target_value=Decimal("4"),
            owner=person(org),
            due_date=TODAY,
        )

    def walks(self, org):
        return ((("achieve", {}),), (("miss", {}),), (("withdraw", {}),))


class TestRiskLifecycle(LifecycleContract):
    route = "risks"
    model = Risk

    def fresh(self, org):
        return record(Risk, org, title="Single datacentre", category="service")

    def walks(self, org):
        treated = {"treatment": "Replicate to a second region", "owner": person(org).pk}
        return (
            (("treat", treated), ("close", {}), ("reopen", {})),
            (("close", {}), ("reopen", {}), ("treat", treated)),
        )


class TestMilestoneLifecycle(LifecycleContract):
    route = "milestones"
    model = Milestone

    def fresh(self, org):
        return record(Milestone, org, plan=sms_plan(org), title="Policy approved", due_date=TODAY)

    def walks(self, org):
        done = {"completed_on": TODAY.isoformat()}
        return ((("start", {}), ("complete", done)), (("complete", done),))


class TestDocumentVersionLifecycle(LifecycleContract):
    route = "document-versions"
    model = DocumentVersion

    def fresh(self, org):
        # The builder's document is the service management policy: top management approves it.
        return document_version(org)

    def walks(self, org):
        approval = {"approved_by": top_manager(org).pk, "approved_at": APPROVED_AT}
        return ((("approve", approval), ("withdraw", {})),)


class TestKnowledgeArticleLifecycle(LifecycleContract):
    route = "knowledge-articles"
    model = KnowledgeArticle

    def fresh(self, org):
        return record(KnowledgeArticle, org, title="Reset a password", body="Steps")

    def walks(self, org):
        published = {"reviewed_on": TODAY.isoformat(), "owner": person(org).pk}
        return (
            (("publish", published), ("retire", {})),
            (("retire", {}), ("publish", published)),
        )
