"""``evident measure-slas`` writes the month's SLA measurements and explains bad input."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from evident.agreements import services
from evident.agreements.models import SLA, SlaMeasurement
from evident.catalogue.models import Service
from evident.core.models import HistoryEntry
from evident.core.services import create_record
from evident.operations.models import Incident


@pytest.fixture
def agreed_sla(org, as_cli):
    service = create_record(Service, org, name="E-mail")
    sla = create_record(SLA, org, name="E-mail SLA", service=service)
    services.define_sla_target(
        org,
        sla=sla,
        metric="Resolved within 4 hours",
        kind="resolution",
        time_limit_minutes=240,
        target_value=Decimal("90"),
    )
    opened = dt.datetime(2025, 2, 10, 8, 0, tzinfo=dt.UTC)
    for hours in (1, 2, 6):
        create_record(
            Incident,
            org,
            title="Mail delayed",
            service=service,
            opened_at=opened,
            resolved_at=opened + dt.timedelta(hours=hours),
        )
    return sla


def measure(*args) -> str:
    out = StringIO()
    call_command("measure_slas", *args, stdout=out)
    return out.getvalue()


def test_it_measures_every_agreed_sla_for_the_month_asked(org, agreed_sla):
    create_record(SLA, org, name="Draft SLA", service=agreed_sla.service, status="draft")
    output = measure("--org", "acme", "--month", "2025-02")
    [measurement] = SlaMeasurement.objects.all()
    assert (measurement.month, measurement.value, measurement.met) == (
        dt.date(2025, 2, 1),
        Decimal("66.667"),
        False,
    )
    assert f"{agreed_sla.ref} E-mail SLA 2025-02" in output and "66.667 %" in output
    assert "missed" in output and "Draft SLA" not in output
    entry = HistoryEntry.objects.get(model="agreements.slameasurement")
    assert (entry.source, entry.source_detail) == ("cli", {"command": "measure-slas"})


def test_by_default_it_measures_the_last_complete_month(org, agreed_sla, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 3, 5, 12, 0, tzinfo=dt.UTC))
    measure("--org", "acme")
    assert list(SlaMeasurement.objects.values_list("month", flat=True)) == [dt.date(2025, 2, 1)]


def test_one_sla_can_be_chosen_by_its_ref(org, agreed_sla):
    output = measure("--org", "acme", "--month", "2025-02", "--sla", agreed_sla.ref)
    assert agreed_sla.ref in output
    assert SlaMeasurement.objects.count() == 1


def test_running_it_again_changes_nothing(org, agreed_sla):
    measure("--org", "acme", "--month", "2025-02")
    measure("--org", "acme", "--month", "2025-02")
    assert HistoryEntry.objects.filter(model="agreements.slameasurement").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nobody", "--month", "2025-02"], "No organisation with the slug 'nobody'"),
        (["--org", "acme", "--month", "2025-13"], "--month must be a month as YYYY-MM"),
        (["--org", "acme", "--month", "February"], "--month must be a month as YYYY-MM"),
        (["--org", "acme", "--sla", "SLA999999"], "No SLA with the ref 'SLA999999' in acme"),
    ],
)
def test_bad_input_is_explained(org, agreed_sla, args, message):
    with pytest.raises(CommandError, match=message):
        measure(*args)
    assert not SlaMeasurement.objects.exists()
