"""Scope exclusions and phases, milestone dependencies, and the resource plan's monthly load."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from evident.core.models import Person
from evident.core.services import create_record, update_record
from evident.governance import resources
from evident.governance.models import (
    Milestone,
    ResourceAllocation,
    ScopePhase,
    ScopeStatement,
    SmsPlan,
)
from evident.governance.services import complete_milestone

DAY = dt.date(2025, 3, 1)


@pytest.fixture
def plan(org, as_cli):
    return create_record(SmsPlan, org, title="SMS plan 2025")


def milestone(org, plan, title, **fields):
    return create_record(Milestone, org, plan=plan, title=title, due_date=DAY, **fields)


class TestMilestoneDependencies:
    def test_a_milestone_may_wait_on_others(self, org, plan):
        scope = milestone(org, plan, "Scope approved")
        policy = milestone(org, plan, "Policy approved", dependencies=[scope.pk])
        assert list(policy.dependencies.all()) == [scope]
        assert list(scope.dependents.all()) == [policy]

    def test_a_milestone_cannot_wait_on_itself(self, org, plan):
        first = milestone(org, plan, "Scope approved")
        with pytest.raises(ValidationError) as error:
            update_record(first, dependencies=[first.pk])
        assert "dependencies" in error.value.message_dict
        assert first.dependencies.count() == 0

    def test_a_cycle_through_other_milestones_is_refused(self, org, plan):
        a = milestone(org, plan, "A")
        b = milestone(org, plan, "B", dependencies=[a.pk])
        c = milestone(org, plan, "C", dependencies=[b.pk])
        with pytest.raises(ValidationError):
            update_record(a, dependencies=[c.pk])
        with pytest.raises(ValidationError), transaction.atomic():
            c.dependents.add(a)  # the reverse side: a would wait on c
        assert a.dependencies.count() == 0

    def test_a_milestone_of_another_organisation_cannot_be_a_dependency(self, org, other_org, plan):
        theirs = milestone(other_org, create_record(SmsPlan, other_org, title="X"), "Theirs")
        ours = milestone(org, plan, "Ours")
        with pytest.raises(ValidationError):
            update_record(ours, dependencies=[theirs.pk])

    def test_a_milestone_is_completed_only_after_what_it_waits_on(self, org, plan):
        first = milestone(org, plan, "Scope approved")
        second = milestone(org, plan, "Policy approved", dependencies=[first.pk])
        with pytest.raises(ValidationError, match=first.ref):
            complete_milestone(second, DAY)
        complete_milestone(first, DAY)
        complete_milestone(second, DAY)
        second.refresh_from_db()
        assert (second.status, second.completed_on) == ("done", DAY)


def test_a_scope_phase_number_is_unique_within_its_scope(org, as_cli):
    scope = create_record(ScopeStatement, org, statement="Email")
    create_record(ScopePhase, org, scope=scope, number=1)
    with pytest.raises(ValidationError):
        create_record(ScopePhase, org, scope=scope, number=1)


class TestResourceAllocation:
    @pytest.fixture
    def dana(self, org, as_cli):
        return create_record(Person, org, name="Dana Reyes")

    def allocate(self, org, person, fte, start, end, role="Change manager", **fields):
        return create_record(
            ResourceAllocation,
            org,
            person=person,
            role=role,
            period_start=start,
            period_end=end,
            fte=Decimal(fte),
            **fields,
        )

    def test_names_either_a_person_or_external_support(self, org, dana):
        with pytest.raises(ValidationError, match="either a person"):
            self.allocate(org, dana, "0.5", DAY, DAY, external_support="Acme Ltd")
        with pytest.raises(ValidationError, match="either a person"):
            self.allocate(org, None, "0.5", DAY, DAY)
        external = self.allocate(org, None, "2.0", DAY, DAY, external_support="Acme Ltd")
        assert external.holder == "Acme Ltd"

    def test_refuses_a_period_that_ends_before_it_starts_and_more_than_a_whole_person(
        self, org, dana
    ):
        with pytest.raises(ValidationError) as error:
            self.allocate(org, dana, "1.5", DAY, DAY - dt.timedelta(days=1))
        assert {"period_end", "fte"} <= set(error.value.message_dict)
        with pytest.raises(ValidationError):
            self.allocate(org, dana, "0", DAY, DAY)

    def test_load_sums_a_persons_allocations_in_each_month_they_touch(self, org, dana):
        a = self.allocate(org, dana, "0.6", dt.date(2025, 1, 15), dt.date(2025, 3, 10))
        b = self.allocate(
            org, dana, "0.6", dt.date(2025, 3, 20), dt.date(2025, 4, 30), role="SMS manager"
        )
        self.allocate(
            org, None, "3", dt.date(2025, 1, 1), dt.date(2025, 12, 31), external_support="Acme Ltd"
        )
        loads = resources.person_month_loads(org, dt.date(2025, 1, 1), dt.date(2025, 6, 1))
        by_month = {load.month: load for load in loads}
        assert sorted(by_month) == [dt.date(2025, m, 1) for m in (1, 2, 3, 4)]
        assert by_month[dt.date(2025, 2, 1)].fte == Decimal("0.6")
        march = by_month[dt.date(2025, 3, 1)]
        assert (march.fte, march.over_allocated) == (Decimal("1.2"), True)
        assert march.allocation_refs == [a.ref, b.ref]
        over = resources.over_allocations(org, dt.date(2025, 1, 1), dt.date(2025, 6, 1))
        assert [load.month for load in over] == [dt.date(2025, 3, 1)]

    def test_load_is_limited_to_the_months_asked_for(self, org, dana):
        self.allocate(org, dana, "0.5", dt.date(2024, 1, 1), dt.date(2026, 12, 31))
        loads = resources.person_month_loads(org, dt.date(2025, 2, 1), dt.date(2025, 4, 30))
        assert [load.month.month for load in loads] == [2, 3, 4]

    def test_exactly_one_full_time_is_not_over_allocated(self, org, dana):
        self.allocate(org, dana, "0.5", DAY, DAY)
        self.allocate(org, dana, "0.5", DAY, DAY, role="SMS manager")
        (load,) = resources.person_month_loads(org, DAY, DAY)
        assert (load.fte, load.over_allocated) == (Decimal("1.0"), False)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"from": "2025-13"}, "from"),
        ({"to": "March"}, "to"),
        ({"from": "2025-05", "to": "2025-01"}, "to"),
        ({"from": "2020-01", "to": "2026-01"}, "to"),
    ],
)
def test_month_parameters_are_checked_naming_the_field(params, field):
    with pytest.raises(ValidationError) as error:
        resources.months_from_query(params, DAY)
    assert field in error.value.message_dict


def test_month_parameters_default_to_twelve_months_from_now():
    assert resources.months_from_query({}, DAY) == (dt.date(2025, 3, 1), dt.date(2026, 2, 1))
