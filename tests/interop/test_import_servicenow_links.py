"""Imported incidents are linked to the problems and changes their export names, by number."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from evident.core import services
from evident.core.tenancy import scoped
from evident.interop.importers import import_servicenow, import_servicenow_incidents
from evident.operations.models import Change, Incident, Problem

DATA = Path(__file__).parent / "data"
HEADER = [
    "number", "incident_state", "sys_mod_count", "sys_updated_at", "opened_at",
    "resolved_at", "priority", "cmdb_ci", "problem_id", "caused_by",
]  # fmt: skip


def export(path: Path, links: dict[str, tuple[str, str]]) -> Path:
    """One resolved incident per number, naming ``(problem, causing change)``."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number, (problem, change) in links.items():
            for count, state in enumerate(("New", "Resolved")):
                writer.writerow(
                    [number, state, count, f"2/3/2025 {9 + count}:00", "2/3/2025 09:00",
                     "2/3/2025 10:00" if state == "Resolved" else "?", "3 - Moderate",
                     "Email", problem or "?", change or "?"]
                )  # fmt: skip
    return path


@pytest.fixture
def held(org):
    """The problem and change tables, imported first."""
    import_servicenow(org, DATA / "servicenow_problems.csv")
    import_servicenow(org, DATA / "servicenow_changes.csv")
    return scoped(Problem, org).get(ref="PRB0001001"), scoped(Change, org).get(ref="CHG0030001")


def linked(org, ref):
    incident = scoped(Incident, org).get(ref=ref)
    return incident.problem, incident.caused_by_change


def test_an_incident_is_linked_to_the_problem_and_change_it_names(org, held, tmp_path):
    problem, change = held
    file = export(tmp_path / "log.csv", {"INC1": ("PRB0001001", "CHG0030001"), "INC2": ("", "")})

    result = import_servicenow_incidents(org, file)

    assert result.created == 2 and result.unlinked == {}
    assert linked(org, "INC1") == (problem, change)
    assert linked(org, "INC2") == (None, None)


def test_a_number_evident_does_not_hold_is_counted_and_nothing_is_invented(org, tmp_path):
    file = export(tmp_path / "log.csv", {"INC1": ("Problem ID  2", "CHG9"), "INC2": ("PRB7", "")})

    result = import_servicenow_incidents(org, file)

    assert result.created == 2 and result.ok
    assert result.unlinked == {"problem": 2, "causing change": 1}
    assert linked(org, "INC1") == (None, None)
    assert not scoped(Problem, org).exists() and not scoped(Change, org).exists()


def test_reimporting_after_the_problems_arrive_makes_the_links(org, tmp_path):
    file = export(tmp_path / "log.csv", {"INC1": ("PRB0001001", "CHG0030001")})
    import_servicenow_incidents(org, file)
    import_servicenow(org, DATA / "servicenow_problems.csv")
    import_servicenow(org, DATA / "servicenow_changes.csv")

    again = import_servicenow_incidents(org, file)

    assert (again.updated, again.unchanged, again.unlinked) == (1, 0, {})
    problem, change = linked(org, "INC1")
    assert (problem.ref, change.ref) == ("PRB0001001", "CHG0030001")


def test_an_incident_keeps_its_link_when_the_file_names_a_record_not_held(org, held, tmp_path):
    problem, _ = held
    import_servicenow_incidents(org, export(tmp_path / "a.csv", {"INC1": ("", "")}))
    services.update_record(scoped(Incident, org).get(ref="INC1"), problem=problem)

    result = import_servicenow_incidents(org, export(tmp_path / "b.csv", {"INC1": ("PRB7", "")}))

    assert result.unlinked == {"problem": 1}
    assert linked(org, "INC1")[0] == problem


def test_a_file_that_names_no_problem_clears_the_link_as_the_source_says(org, held, tmp_path):
    import_servicenow_incidents(org, export(tmp_path / "a.csv", {"INC1": ("PRB0001001", "")}))

    result = import_servicenow_incidents(org, export(tmp_path / "b.csv", {"INC1": ("", "")}))

    assert result.updated == 1 and linked(org, "INC1") == (None, None)


def test_the_command_says_how_many_links_could_not_be_made(org, tmp_path, capsys):
    file = export(tmp_path / "log.csv", {"INC1": ("PRB7", "CHG9")})

    call_command("import_records", "--org", org.slug, "--format", "servicenow", str(file))

    out = capsys.readouterr().out
    assert "imported without a link, naming a record Evident lacks" in out
    assert "causing change: 1, problem: 1" in out


def test_a_reference_longer_than_a_ref_rejects_the_incident(org, tmp_path):
    file = export(tmp_path / "log.csv", {"INC1": ("P" * 65, "")})

    result = import_servicenow_incidents(org, file)

    assert result.rejected == 1 and not scoped(Incident, org).exists()
    assert {(p.column, p.reason) for p in result.problems} == {
        ("problem_id", "longer than 64 characters")
    }
