"""What the portfolio records accept and refuse, whichever way they are written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue.models import Asset, CiRelation, LifecycleParty, ServicePlan
from evident.core.models import Person
from evident.core.services import create_record, update_record

DAY = dt.date(2025, 3, 4)


def relate(org, source, kind, target):
    return create_record(CiRelation, org, source=source, kind=kind, target=target)


def test_a_relation_reads_as_a_sentence_and_gets_a_ref(org, make):
    app, server = make.ci("Mail relay"), make.ci("Mail server")
    relation = relate(org, app, "runs_on", server)
    assert relation.ref == "CIR000001"
    assert str(relation) == "Mail relay runs on Mail server"


def test_an_item_cannot_be_related_to_itself(org, make):
    server = make.ci("Mail server")
    with pytest.raises(ValidationError) as error:
        relate(org, server, "depends_on", server)
    assert "target" in error.value.message_dict


def test_the_same_relation_cannot_be_recorded_twice(org, make):
    app, server = make.ci("Mail relay"), make.ci("Mail server")
    relate(org, app, "runs_on", server)
    with pytest.raises(ValidationError):
        relate(org, app, "runs_on", server)
    relate(org, app, "depends_on", server)  # another kind of link is another fact


def test_part_of_cannot_close_a_loop_however_long(org, make):
    disk, server, rack = make.ci("Disk"), make.ci("Server"), make.ci("Rack")
    relate(org, disk, "part_of", server)
    relate(org, server, "part_of", rack)
    with pytest.raises(ValidationError) as error:
        relate(org, rack, "part_of", disk)
    assert "cycle" in error.value.message_dict["target"][0]


def test_a_loop_of_depends_on_is_allowed_because_services_do_call_each_other(org, make):
    a, b = make.ci("Billing"), make.ci("Orders")
    relate(org, a, "depends_on", b)
    relate(org, b, "depends_on", a)
    assert CiRelation.objects.filter(organisation=org).count() == 2


def test_editing_a_part_of_relation_into_a_loop_is_refused(org, make):
    disk, server = make.ci("Disk"), make.ci("Server")
    relate(org, disk, "part_of", server)
    second = relate(org, server, "depends_on", disk)
    with pytest.raises(ValidationError):
        update_record(second, kind="part_of")


def test_a_relation_cannot_reach_another_organisations_item(org, other_org, make):
    mine = make.ci("Mail server")
    theirs = create_record(type(mine), other_org, name="Their server")
    with pytest.raises(ValidationError) as error:
        relate(org, mine, "runs_on", theirs)
    assert "target" in error.value.message_dict


def test_a_retired_item_needs_its_retirement_day(org, make):
    with pytest.raises(ValidationError) as error:
        make.ci("Old server", status="retired")
    assert "retired_on" in error.value.message_dict
    assert make.ci("Old server", status="retired", retired_on=DAY).retired_on == DAY


def test_a_disposed_asset_needs_a_disposal_day_after_acquisition(org, as_cli):
    with pytest.raises(ValidationError) as error:
        create_record(Asset, org, name="Laptop", status="disposed")
    assert "disposed_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        create_record(
            Asset,
            org,
            name="Laptop",
            status="disposed",
            acquired_on=DAY,
            disposed_on=DAY - dt.timedelta(days=1),
        )


def test_an_asset_is_at_most_one_configuration_item(org, make):
    server = make.ci("Mail server")
    create_record(Asset, org, name="Server hardware", configuration_item=server)
    with pytest.raises(ValidationError):
        create_record(Asset, org, name="Same hardware again", configuration_item=server)


def test_a_completed_plan_needs_its_completion_day(org, make):
    service = make.service("Email")
    with pytest.raises(ValidationError) as error:
        create_record(ServicePlan, org, title="Go live", service=service, status="completed")
    assert "completed_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "person"}, "person"),
        ({"kind": "supplier"}, "supplier"),
        ({"kind": "internal"}, "name"),
        ({"kind": "customer"}, "name"),
    ],
)
def test_a_lifecycle_party_says_who_it_is(org, make, fields, field):
    service = make.service("Email")
    with pytest.raises(ValidationError) as error:
        create_record(LifecycleParty, org, service=service, role="Hosting", **fields)
    assert field in error.value.message_dict


def test_a_person_can_be_a_lifecycle_party(org, make):
    service = make.service("Email")
    person = create_record(Person, org, name="Ada")
    party = create_record(
        LifecycleParty, org, service=service, kind="person", person=person, role="Service owner"
    )
    assert str(party) == f"{party.ref} Ada: Service owner"
