"""The commands: ``evident export``, ``evident import`` and ``evident bundle-schema``."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from evident.catalogue.models import Service
from evident.cli import main
from evident.core import services
from evident.core.models import HistoryEntry, Organisation, Person
from evident.interop.bundle import bundle_json, export_bundle, schema_json
from evident.operations.models import Incident

from . import footprint, without_export_time

MORNING = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def acme(org, as_cli):
    ada = services.create_record(Person, org, name="Ada Lovelace")
    mail = services.create_record(Service, org, name="Mail", owner=ada)
    services.create_record(Incident, org, title="Mail down", service=mail, opened_at=MORNING)
    return org


@pytest.fixture
def bundle_file(acme, tmp_path):
    path = tmp_path / "acme.json"
    path.write_text(bundle_json(export_bundle(acme)), encoding="utf-8")
    return path


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_writes_only_the_bundle_to_standard_output(acme):
    out, err = run("export", "--org", "acme")
    assert without_export_time(json.loads(out)) == without_export_time(export_bundle(acme))
    assert err == ""


def test_export_can_write_to_a_file(acme, tmp_path):
    target = tmp_path / "out.json"
    out, _ = run("export", "--org", "acme", "--output", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["organisation"]["slug"] == "acme"
    assert out == f"wrote 3 records of acme to {target}\n"


def test_export_of_an_unknown_organisation_fails(db):
    with pytest.raises(CommandError, match="no organisation with slug 'nowhere'"):
        run("export", "--org", "nowhere")


def test_import_prints_the_records_it_loaded_per_type(bundle_file):
    out, _ = run("import", str(bundle_file), "--slug", "copy")
    lines = out.splitlines()
    assert lines[0] == "imported copy (Acme IT Services): 3 records"
    assert [line.split() for line in lines[1:]] == [
        ["core.person", "1"],
        ["catalogue.service", "1"],
        ["operations.incident", "1"],
    ]
    entry = HistoryEntry.objects.filter(organisation__slug="copy").first()
    assert entry.source_detail["file"] == "acme.json"
    assert entry.actor_name.endswith("(evident import)")


def test_import_of_a_malformed_bundle_names_every_bad_field_and_writes_nothing(bundle_file):
    data = json.loads(bundle_file.read_text(encoding="utf-8"))
    data["organisation"]["slug"] = "copy"
    (incident,) = data["records"]["operations.incident"]
    incident.update(opened_at="tuesday", service="SVC000099", status="urgent")
    bundle_file.write_text(json.dumps(data), encoding="utf-8")
    before = footprint()

    err = StringIO()
    with pytest.raises(CommandError, match="acme.json: 2 problems; nothing was imported"):
        call_command("import", str(bundle_file), stdout=StringIO(), stderr=err)

    assert [line.split(":")[0] for line in err.getvalue().splitlines()] == [
        "records.operations.incident[0].opened_at",
        "records.operations.incident[0].status",
    ]
    assert footprint() == before


def test_import_of_text_that_is_not_json_fails(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{format: evident}", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem; nothing was imported"):
        call_command("import", str(broken), stderr=err)
    assert err.getvalue().startswith("bundle: not valid JSON (line 1, column 2")


def test_import_of_a_missing_file_fails(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run("import", str(tmp_path / "missing.json"))


def test_import_over_an_existing_organisation_needs_replace(bundle_file, acme):
    with pytest.raises(CommandError):
        run("import", str(bundle_file))
    out, _ = run("import", str(bundle_file), "--replace")
    assert out.startswith("replaced acme (Acme IT Services): 3 records")
    assert Organisation.objects.filter(slug="acme").count() == 1


def test_bundle_schema_prints_the_published_schema(db):
    out, _ = run("bundle_schema")
    assert out == schema_json()


@pytest.fixture
def console(monkeypatch, capsys):
    """Run the ``evident`` console script in this process: real exit status, real streams."""
    # A finished command closes the database connections, which would end the test's
    # transaction; the test database is torn down by pytest-django instead.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run_script(*args) -> tuple[int, str, str]:
        try:
            status = main(["evident", *args])
        except SystemExit as exit_:
            status = exit_.code
        out, err = capsys.readouterr()
        return status, out, err

    return run_script


def test_the_console_script_exports_pure_json_and_exits_0(console, acme):
    status, out, err = console("export", "--org", "acme")
    assert (status, err) == (0, "")
    assert without_export_time(json.loads(out)) == without_export_time(export_bundle(acme))


def test_the_console_script_exits_1_with_the_problems_on_standard_error(console, bundle_file):
    status, out, err = console("import", str(bundle_file))
    assert (status, out) == (1, "")
    assert err.startswith("organisation.slug: an organisation with slug 'acme' already exists")
    assert "nothing was imported" in err


def test_the_console_script_imports_and_exits_0(console, bundle_file):
    status, out, _ = console("import", str(bundle_file), "--slug", "copy")
    assert status == 0 and out.startswith("imported copy")
