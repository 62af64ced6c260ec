"""Checks of clauses 8.2.1-8.2.3, 8.2.5 and 8.2.6: the service portfolio and the CMDB.

Each case starts from the healthy organisation with its portfolio records
(``portfolio_records``), breaks or bends one thing, and says what the named
check finds.
"""

import copy
import datetime as dt

import pytest
from django.db import transaction

from evident.catalogue import services
from evident.catalogue.models import Asset, CiRelation, ConfigurationItem, LifecycleParty
from evident.core.models import Organisation
from evident.core.services import bulk_delete_records, create_record, update_record
from evident.core.tenancy import scoped
from evident.operations.models import Change, Incident, Problem

from .builders import AUDIT_DATE, IN_PERIOD, Cases, at, findings, found, healthy_org

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)


@pytest.fixture(scope="module")
def healthy_template(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        org = Organisation.objects.create(slug="healthy", name="Healthy Hosting")
        h = healthy_org(org)  # 8.2 records included
        yield h
        transaction.set_rollback(True)


def _acting():
    from evident.core.context import acting

    return acting(source="cli", actor_name="test-builder")


@pytest.fixture
def healthy(healthy_template, db):
    return copy.deepcopy(healthy_template)


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    ours = {case.check_id for case in stage1.cases + stage2.cases}
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours] == []


# Stage 1 ------------------------------------------------------------------------------


@stage1("s1.service.owned")
def a_live_service_nobody_owns(h):
    update_record(h.payroll, owner=None)
    return [found("s1.service.owned", "8.2.1", AOC, "medium", [h.payroll])]


@stage1("s1.service.owned", passes=True)
def a_retired_service_needs_no_owner(h):
    services.retire_service(h.payroll, IN_PERIOD)
    update_record(h.payroll, owner=None)
    return []


@stage1("s1.service.pipeline-planned")
def a_pipeline_service_whose_only_plan_was_cancelled(h):
    plan = update_record(h.portfolio.plan, status="cancelled")
    return [found("s1.service.pipeline-planned", "8.2.2", AOC, "medium", [plan.service])]


@stage1("s1.service.pipeline-planned", passes=True)
def a_draft_plan_is_a_plan(h):
    update_record(h.portfolio.plan, status="draft")
    return []


@stage1("s1.party.suppliers-named")
def a_supplied_service_that_names_no_supplier_party(h):
    update_record(h.supplier, services=[h.email.pk])
    return [found("s1.party.suppliers-named", "8.2.3", AOC, "medium", [h.email])]


@stage1("s1.party.suppliers-named", passes=True)
def the_supplier_named_as_a_party(h):
    update_record(h.supplier, services=[h.email.pk])
    services.involve_party(h.email, "supplier", "Hosts mail", supplier=h.supplier)
    return []


@stage1("s1.party.suppliers-named", passes=True)
def an_inactive_supplier_takes_no_part(h):
    update_record(h.supplier, services=[h.email.pk], status="inactive")
    return []


@stage1("s1.asset.register")
def an_empty_asset_register(h):
    bulk_delete_records(scoped(Asset, h.build.org))
    return [found("s1.asset.register:empty", "8.2.5", AOC, "medium")]


@stage1("s1.asset.register")
def an_asset_in_use_nobody_owns(h):
    update_record(h.portfolio.asset, owner=None)
    return [found("s1.asset.register", "8.2.5", AOC, "medium", [h.portfolio.asset])]


@stage1("s1.asset.register", passes=True)
def a_disposed_asset_needs_no_owner(h):
    asset = update_record(h.portfolio.asset, owner=None)
    services.dispose_of_asset(asset, IN_PERIOD)
    return []


@stage1("s1.ci.services-covered")
def a_service_in_scope_whose_only_ci_is_retired(h):
    services.retire_configuration_item(h.portfolio.payroll_app, IN_PERIOD)
    return [found("s1.ci.services-covered", "8.2.6", AOC, "medium", [h.payroll])]


@stage1("s1.ci.services-covered", passes=True)
def a_live_service_outside_the_scope_needs_no_ci_here(h):
    h.build.service("Intranet")
    return []


# Stage 2 ------------------------------------------------------------------------------


@stage2("s2.service.retired-still-delivered")
def a_problem_opened_on_a_service_after_it_was_retired(h):
    services.retire_service(h.payroll, IN_PERIOD - dt.timedelta(days=1))
    problem = scoped(Problem, h.build.org).get(service=h.payroll)
    key = f"s2.service.retired-still-delivered:{h.payroll.ref}"
    return [found(key, "8.2.1", "minor", "", [h.payroll, problem])]


@stage2("s2.service.retired-still-delivered", passes=True)
def records_from_before_the_retirement_are_fine(h):
    services.retire_service(h.payroll, IN_PERIOD + dt.timedelta(days=1))
    return []


@stage2("s2.service-plan.on-time")
def a_plan_past_its_target_date_still_open(h):
    plan = update_record(h.portfolio.plan, target_date=IN_PERIOD)
    return [found("s2.service-plan.on-time", "8.2.2", "minor", "", [plan])]


@stage2("s2.service-plan.on-time", passes=True)
def a_plan_completed_by_its_target_date(h):
    plan = update_record(h.portfolio.plan, target_date=IN_PERIOD)
    services.complete_service_plan(plan, IN_PERIOD)
    return []


@stage2("s2.party.under-control")
def a_supplier_party_out_of_contract(h):
    update_record(h.supplier, contract_end=IN_PERIOD)
    party = services.involve_party(h.email, "supplier", "Hosts mail", supplier=h.supplier)
    return [found("s2.party.under-control", "8.2.3", "minor", "", [party])]


@stage2("s2.party.under-control")
def a_person_party_who_has_left(h):
    leaver = update_record(h.staff[3], active=False)
    party = services.involve_party(h.payroll, "person", "Payroll expert", person=leaver)
    return [found("s2.party.under-control", "8.2.3", "minor", "", [party])]


@stage2("s2.party.under-control", passes=True)
def a_supplier_in_contract(h):
    update_record(h.supplier, contract_end=AUDIT_DATE)
    services.involve_party(h.email, "supplier", "Hosts mail", supplier=h.supplier)
    return []


@stage2("s2.asset.licence-current")
def an_asset_in_use_past_its_contract(h):
    asset = update_record(h.portfolio.asset, expires_on=IN_PERIOD)
    return [found("s2.asset.licence-current", "8.2.5", "minor", "", [asset])]


@stage2("s2.asset.licence-current", passes=True)
def a_disposed_asset_may_be_out_of_contract(h):
    asset = update_record(h.portfolio.asset, expires_on=IN_PERIOD)
    services.dispose_of_asset(asset, IN_PERIOD)
    return []


@stage2("s2.ci.changes-traced")
def the_only_change_names_no_ci_a_systemic_lapse(h):
    update_record(h.change, configuration_items=[])
    return [found("s2.ci.changes-traced", "8.2.6", "major", "", [h.change])]


@stage2("s2.ci.changes-traced")
def one_change_in_eleven_names_no_ci_an_isolated_lapse(h):
    traced = [h.build.change(h.email) for _ in range(10)]
    services.link_configuration_items(traced, {c.pk: [h.portfolio.mail_app.pk] for c in traced})
    update_record(h.change, configuration_items=[])
    return [found("s2.ci.changes-traced", "8.2.6", "minor", "", [h.change])]


@stage2("s2.ci.changes-traced", passes=True)
def a_change_not_carried_out_yet_needs_no_ci_yet(h):
    h.build.make(
        Change, title="Move mail", service=h.email, status="approved", requested_at=at(IN_PERIOD)
    )
    return []


@stage2("s2.ci.incidents-current")
def an_incident_against_an_item_retired_before_it(h):
    services.retire_configuration_item(h.portfolio.payroll_app, IN_PERIOD - dt.timedelta(days=5))
    incident = h.build.incident(h.payroll)
    app = h.portfolio.payroll_app
    services.link_configuration_items([incident], {incident.pk: [app.pk]})
    return [found("s2.ci.incidents-current", "8.2.6", "major", "", [incident, app])]


@stage2("s2.ci.incidents-current", passes=True)
def an_incident_before_the_item_was_retired(h):
    services.retire_configuration_item(h.portfolio.payroll_app, IN_PERIOD + dt.timedelta(days=5))
    incident = h.build.incident(h.payroll)
    services.link_configuration_items([incident], {incident.pk: [h.portfolio.payroll_app.pk]})
    return []


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)


def test_a_planned_item_named_by_incidents_is_a_minor_when_they_are_few(healthy, as_cli):
    h = healthy
    planned = create_record(ConfigurationItem, h.build.org, name="New relay", status="planned")
    incidents = [h.build.incident(h.email) for _ in range(10)]
    links = {i.pk: [h.portfolio.mail_app.pk] for i in incidents}
    links[incidents[0].pk] = [planned.pk]
    services.link_configuration_items(incidents, links)
    (finding,) = findings(h.build.org, 2, "s2.ci.incidents-current")
    assert finding.grade == "minor"
    assert finding.statement.startswith("1 of 10 incidents of the period")
    assert "New relay" in finding.statement


def test_the_change_finding_gives_the_rate(healthy, as_cli):
    update_record(healthy.change, configuration_items=[])
    (finding,) = findings(healthy.build.org, 2, "s2.ci.changes-traced")
    assert finding.statement.startswith("1 of 1 changes implemented in the period (100 %)")


def test_relations_and_parties_do_not_count_as_delivery(healthy, as_cli):
    """A retired service's CIs and parties are portfolio records, not delivery records."""
    services.retire_service(healthy.payroll, IN_PERIOD - dt.timedelta(days=1))
    bulk_delete_records(scoped(Problem, healthy.build.org))
    create_record(
        LifecycleParty, healthy.build.org, service=healthy.payroll, kind="internal",
        name="Payroll team", role="Archive",
    )  # fmt: skip
    assert CiRelation.objects.filter(organisation=healthy.build.org).exists()
    assert findings(healthy.build.org, 2, "s2.service.retired-still-delivered") == []
    assert not scoped(Incident, healthy.build.org).filter(service=healthy.payroll).exists()
