"""How the bundle reads the models: which fields it carries, in what order, written how."""

import datetime as dt
import decimal
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import models
from django.test.utils import isolate_apps

from evident.core.models import OrgRecord, Person
from evident.interop.bundle.codecs import read_datetime, read_decimal, write_decimal
from evident.interop.bundle.errors import BundleSpecError
from evident.interop.bundle.spec import (
    FieldSpec,
    field_spec,
    in_dependency_order,
    model_spec,
    record_specs,
    specs_by_label,
)


def unbound(field: models.Field, name: str) -> models.Field:
    field.set_attributes_from_name(name)
    return field


def test_a_record_carries_its_fields_but_not_its_id_organisation_timestamps_or_login():
    person = specs_by_label()["core.person"]
    assert list(person.by_name) == [
        "active",
        "email",
        "in_sms_scope",
        "is_top_management",
        "job_title",
        "name",
        "unit",
        "void_reason",
        "voided_at",
        "voided_by",
    ]


def test_no_record_carries_its_version_which_counts_writes_in_one_database():
    assert all("record_version" not in spec.by_name for spec in record_specs())


def test_links_to_records_are_refs_and_many_to_many_links_wait_for_every_record():
    incident = specs_by_label()["operations.incident"].by_name
    supplier = specs_by_label()["agreements.supplier"].by_name
    assert (incident["service"].kind, incident["service"].target) == ("ref", "catalogue.service")
    assert not incident["service"].deferred
    assert (supplier["services"].kind, supplier["services"].deferred) == ("refs", True)


def test_every_record_model_can_be_carried():
    assert len(record_specs()) >= 25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T09:30:00Z", dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)),
        ("2024-05-01T11:30:00.000250+02:00", dt.datetime(2024, 5, 1, 9, 30, 0, 250, dt.UTC)),
    ],
)
def test_datetimes_are_read_into_utc(text, expected):
    value = read_datetime(text)
    assert value == expected and value.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    "text", ["2024-05-01T09:30:00", "2024-05-01 09:30:00Z", "2024-02-30T09:30:00Z", "1714555800"]
)
def test_datetimes_without_an_offset_or_in_another_shape_are_refused(text):
    with pytest.raises(ValueError, match="not a valid date-time"):
        read_datetime(text)


def test_decimals_are_written_in_fixed_point_and_read_exactly():
    assert write_decimal(decimal.Decimal("1E+1")) == "10"
    assert read_decimal("99.950") == decimal.Decimal("99.950")
    for text in ("NaN", "Infinity", "ninety"):
        with pytest.raises(ValueError, match="not a valid decimal"):
            read_decimal(text)


@pytest.mark.parametrize(
    ("field", "kind", "value", "written"),
    [
        (models.DurationField(), "duration", dt.timedelta(hours=2, microseconds=7), None),
        (models.TimeField(), "time", dt.time(9, 5, 30, 250000), "09:05:30.250000"),
        (models.UUIDField(), "uuid", uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (models.DateField(), "date", dt.date(2024, 2, 29), "2024-02-29"),
        (models.JSONField(), "json", {"a": [1, 2]}, {"a": [1, 2]}),
    ],
)
def test_other_field_types_are_written_as_json_and_read_back(field, kind, value, written):
    spec = FieldSpec("value", unbound(field, "value"), kind)
    assert field_spec(Person, spec.field).kind == kind
    if written is not None:
        assert spec.write(value) == written
    assert spec.read(spec.write(value)) == value


@pytest.mark.parametrize(
    "field",
    [models.FileField(), models.BinaryField(), models.ForeignKey(Group, on_delete=models.CASCADE)],
)
def test_a_field_the_bundle_cannot_carry_is_reported_against_its_model(field):
    with pytest.raises(BundleSpecError, match="core.person.extra"):
        field_spec(Person, unbound(field, "extra"))


@isolate_apps("evident.interop")
def test_models_that_point_at_each_other_in_a_cycle_are_reported():
    class Shift(OrgRecord):
        """Test model."""

        REF_PREFIX = "SHF"
        handover = models.ForeignKey("Handover", null=True, on_delete=models.SET_NULL)

        class Meta(OrgRecord.Meta):
            app_label = "interop"

    class Handover(OrgRecord):
        """Test model."""

        REF_PREFIX = "HND"
        shift = models.ForeignKey(Shift, on_delete=models.CASCADE)

        class Meta(OrgRecord.Meta):
            app_label = "interop"

    with pytest.raises(BundleSpecError, match="cycle: interop.handover, interop.shift"):
        in_dependency_order([Shift, Handover])


@isolate_apps("evident.interop")
def test_a_link_to_its_own_model_is_set_after_every_record_exists():
    class Team(OrgRecord):
        """Test model."""

        REF_PREFIX = "TEM"
        parent = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)

        class Meta(OrgRecord.Meta):
            app_label = "interop"

    parent = model_spec(Team).by_name["parent"]
    assert (parent.kind, parent.target, parent.deferred) == ("ref", "interop.team", True)
