"""The ISO/IEC 20000-1:2018 clause catalogue: its data file, lookups, table sync and docs."""

import copy
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from evident.audits import clauses
from evident.audits.apps import sync_clause_catalogue
from evident.audits.clauses import (
    CATALOGUE_FILE,
    CatalogueError,
    UnknownClause,
    all_clauses,
    clause_path,
    clause_title,
    parse_catalogue,
    sort_key,
    sync_catalogue,
    synchronise,
    top_level,
)
from evident.audits.models import Clause

DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "clauses.md"

# The clauses Evident audits, in the standard's order.
EXPECTED_NUMBERS = [
    *["4", "4.1", "4.2", "4.3", "4.4"],
    *["5", "5.1", "5.2", "5.2.1", "5.2.2", "5.3"],
    *["6", "6.1", "6.2", "6.2.1", "6.2.2", "6.3"],
    *["7", "7.1", "7.2", "7.3", "7.4", "7.5", "7.5.1", "7.5.2", "7.5.3", "7.5.4", "7.6"],
    *["8", "8.1", "8.2", "8.2.1", "8.2.2", "8.2.3", "8.2.4", "8.2.5", "8.2.6"],
    *["8.3", "8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.4.1", "8.3.4.2"],
    *["8.4", "8.4.1", "8.4.2", "8.4.3"],
    *["8.5", "8.5.1", "8.5.1.1", "8.5.1.2", "8.5.1.3"],
    *["8.5.2", "8.5.2.1", "8.5.2.2", "8.5.2.3", "8.5.3"],
    *["8.6", "8.6.1", "8.6.2", "8.6.3"],
    *["8.7", "8.7.1", "8.7.2", "8.7.3", "8.7.3.1", "8.7.3.2", "8.7.3.3"],
    *["9", "9.1", "9.2", "9.3", "9.4"],
    *["10", "10.1", "10.2"],
]


@pytest.fixture(scope="module")
def raw():
    """The data file as plain YAML, checked here without trusting the loader's validation."""
    return yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def small_catalogue():
    """A minimal valid catalogue, for showing what the validator rejects."""
    return {
        "catalogue": {"id": "iso20000-1-2018", "version": "9", "standard": "S", "note": "N"},
        "clauses": [
            {"id": f"iso20000-1-2018:{number}", "number": number, "title": title,
             "checkpoints": ["Is there a record?", "Was it reviewed?"]}
            for number, title in [("8", "Operation"), ("8.5", "Design"), ("8.5.1", "Change")]
        ],
    }  # fmt: skip


# The data file -----------------------------------------------------------------------


def test_the_file_names_the_catalogue_its_version_and_whose_words_it_uses(raw):
    header = raw["catalogue"]
    assert header["id"] == "iso20000-1-2018"
    assert header["version"] == "1.0"
    assert header["standard"] == "ISO/IEC 20000-1:2018"
    assert "reference" in header["note"] and "Evident" in header["note"]


def test_the_file_holds_exactly_the_clauses_evident_audits_in_the_standards_order(raw):
    assert [row["number"] for row in raw["clauses"]] == EXPECTED_NUMBERS


def test_every_clause_has_a_unique_number_and_a_stable_id_built_from_it(raw):
    numbers = [row["number"] for row in raw["clauses"]]
    assert len(numbers) == len(set(numbers))
    for row in raw["clauses"]:
        assert row["id"] == "iso20000-1-2018:" + row["number"]


def test_numbers_rise_in_numeric_order_and_every_parent_comes_first(raw):
    numbers = [row["number"] for row in raw["clauses"]]
    keys = [sort_key(number) for number in numbers]
    assert keys == sorted(keys)
    for index, number in enumerate(numbers):
        if "." in number:
            assert number.rsplit(".", 1)[0] in numbers[:index], number


def test_every_clause_has_two_to_five_short_distinct_questions_as_checkpoints(raw):
    seen = set()
    for row in raw["clauses"]:
        checkpoints = row["checkpoints"]
        assert 2 <= len(checkpoints) <= 5, row["number"]
        for text in checkpoints:
            assert text.endswith("?") and len(text) <= 200, (row["number"], text)
            assert text not in seen, f"checkpoint repeated: {text}"
            seen.add(text)


def test_titles_are_the_standards_clause_titles(raw):
    titles = {row["number"]: row["title"] for row in raw["clauses"]}
    assert titles["4.3"] == "Determining the scope of the service management system"
    assert titles["8.3.4.2"] == (
        "Management of internal suppliers and customers acting as a supplier"
    )
    assert titles["10.1"] == "Nonconformity and corrective action"


# What the validator rejects -------------------------------------------------------------


def test_a_minimal_catalogue_is_accepted_with_parents_and_levels_derived(small_catalogue):
    parsed = parse_catalogue(small_catalogue)
    assert [(c.number, c.parent, c.level, c.position) for c in parsed.clauses] == [
        ("8", None, 1, 1),
        ("8.5", "8", 2, 2),
        ("8.5.1", "8.5", 3, 3),
    ]


def _duplicate(rows):
    rows.append(copy.deepcopy(rows[-1]))


def _out_of_order(rows):
    rows.reverse()


def _orphan(rows):
    del rows[1]


def _wrong_id(rows):
    rows[2]["id"] = "iso20000-1-2018:8.5.2"


def _not_a_question(rows):
    rows[0]["checkpoints"][0] = "There is a record."


def _too_few_checkpoints(rows):
    rows[0]["checkpoints"] = ["Is there a record?"]


def _overlong_checkpoint(rows):
    rows[0]["checkpoints"][0] = "Is " + "x" * 200 + "?"


def _malformed_number(rows):
    rows[2]["number"] = "8.5.01"


@pytest.mark.parametrize(
    ("spoil", "complaint"),
    [
        (_duplicate, "more than once"),
        (_out_of_order, "out of order"),
        (_orphan, "parent '8.5' is missing"),
        (_wrong_id, "id must be 'iso20000-1-2018:8.5.1'"),
        (_not_a_question, "must be a question"),
        (_too_few_checkpoints, "needs 2 to 5 checkpoints"),
        (_overlong_checkpoint, "exceeds 200"),
        (_malformed_number, "number must look like"),
    ],
)
def test_a_spoiled_catalogue_is_rejected_with_the_reason(small_catalogue, spoil, complaint):
    spoil(small_catalogue["clauses"])
    with pytest.raises(CatalogueError, match=re.escape(complaint)):
        parse_catalogue(small_catalogue)


def test_a_catalogue_without_its_header_is_rejected(small_catalogue):
    del small_catalogue["catalogue"]["version"]
    with pytest.raises(CatalogueError, match="'version' must be a non-empty string"):
        parse_catalogue(small_catalogue)


# Lookups (no database) ------------------------------------------------------------------


def test_all_clauses_follow_the_file_in_order():
    assert [c.number for c in all_clauses()] == EXPECTED_NUMBERS
    assert all_clauses()[0].title == "Context of the organization"


def test_the_catalogue_is_read_once_and_cached():
    assert clauses.catalogue() is clauses.catalogue()


def test_a_clause_title_is_looked_up_by_number():
    assert clause_title("8.5.1") == "Change management"
    assert clause_title("10") == "Improvement"


def test_a_clause_path_runs_from_the_top_level_clause_down():
    assert clause_path("8.5.1") == ["8", "8.5", "8.5.1"]
    assert clause_path("8.5.1.2") == ["8", "8.5", "8.5.1", "8.5.1.2"]
    assert clause_path("9") == ["9"]


def test_top_level_names_the_clause_a_number_belongs_to():
    assert top_level("8.5.1") == "8"
    assert top_level("10.2") == "10"
    assert top_level("4") == "4"


def test_clause_numbers_sort_numerically_not_as_text():
    shuffled = ["10.1", "9.4", "8.5.1.2", "8.5.1", "8.10", "8.5", "10"]
    assert sorted(shuffled, key=sort_key) == [
        "8.5",
        "8.5.1",
        "8.5.1.2",
        "8.10",
        "9.4",
        "10",
        "10.1",
    ]


@pytest.mark.parametrize("bad", ["", "8.", ".5", "8..1", "8.5a", "08.5", None])
def test_something_that_is_not_a_clause_number_cannot_be_sorted(bad):
    with pytest.raises(ValueError):
        sort_key(bad)


@pytest.mark.parametrize("unknown", ["11", "8.9", "4.3.1"])
def test_an_unknown_clause_is_reported_as_such(unknown):
    with pytest.raises(UnknownClause):
        clause_title(unknown)
    with pytest.raises(UnknownClause):
        clause_path(unknown)


# The Clause table ---------------------------------------------------------------------


def _table():
    return list(
        Clause.objects.order_by("position").values_list(
            "number", "title", "parent__number", "level", "position", "checkpoints",
            "catalogue_version",
        )
    )  # fmt: skip


def test_migrate_filled_the_clause_table_from_the_file(db, raw):
    assert Clause.objects.count() == len(raw["clauses"])
    change_management = Clause.objects.get(number="8.5.1")
    assert change_management.parent.number == "8.5"
    assert change_management.level == 3
    assert change_management.catalogue_version == "1.0"
    assert change_management.checkpoints == next(
        row["checkpoints"] for row in raw["clauses"] if row["number"] == "8.5.1"
    )
    assert [c.number for c in Clause.objects.all()] == EXPECTED_NUMBERS


def test_syncing_again_changes_nothing(db):
    before = _table()
    result = synchronise()
    assert result.in_sync
    assert sync_catalogue() == len(EXPECTED_NUMBERS)
    assert _table() == before


def test_sync_repairs_edited_added_and_deleted_clauses(db):
    before = _table()
    Clause.objects.filter(number="8.5.1").update(title="Edited by hand", level=9)
    Clause.objects.filter(number="10.2").delete()
    Clause.objects.create(number="11", title="Stray", level=1, position=99, catalogue_version="0")
    result = synchronise()
    assert (result.created, result.updated, result.removed) == (("10.2",), ("8.5.1",), ("11",))
    assert _table() == before


def test_clauses_that_leave_the_file_leave_the_table(db, raw):
    trimmed = copy.deepcopy(raw)
    trimmed["clauses"] = [row for row in raw["clauses"] if top_level(row["number"]) != "10"]
    result = synchronise(source=parse_catalogue(trimmed))
    assert result.removed == ("10", "10.1", "10.2")
    assert not Clause.objects.filter(number__in=["10", "10.1", "10.2"]).exists()
    assert Clause.objects.count() == len(EXPECTED_NUMBERS) - 3


def test_a_new_catalogue_version_is_stamped_on_every_clause(db, raw):
    bumped = copy.deepcopy(raw)
    bumped["catalogue"]["version"] = "1.1"
    result = synchronise(source=parse_catalogue(bumped))
    assert len(result.updated) == len(EXPECTED_NUMBERS)
    assert set(Clause.objects.values_list("catalogue_version", flat=True)) == {"1.1"}


def test_a_dry_run_reports_drift_without_writing(db):
    Clause.objects.filter(number="6.3").update(title="Edited by hand")
    result = synchronise(dry_run=True)
    assert result.updated == ("6.3",)
    assert Clause.objects.get(number="6.3").title == "Edited by hand"


def test_the_post_migrate_handler_skips_a_database_migrated_back_before_the_table(db):
    class NoClauseApps:
        def get_model(self, app_label, model_name):
            raise LookupError(model_name)

    Clause.objects.filter(number="6.3").update(title="Edited by hand")
    sync_clause_catalogue(None, using="default", apps=NoClauseApps(), verbosity=0)
    assert Clause.objects.get(number="6.3").title == "Edited by hand"


# The command --------------------------------------------------------------------------


def test_load_clauses_reports_an_up_to_date_table(db, capsys):
    call_command("load_clauses")
    assert "iso20000-1-2018 1.0 (77 clauses): up to date" in capsys.readouterr().out


def test_load_clauses_puts_back_a_clause_removed_from_the_table(db, capsys):
    Clause.objects.filter(number="7.6").delete()
    call_command("load_clauses")
    assert "added: 7.6" in capsys.readouterr().out
    assert clause_title("7.6") == Clause.objects.get(number="7.6").title


def test_load_clauses_check_fails_on_drift_and_leaves_the_table_alone(db, capsys):
    Clause.objects.filter(number="9.2").update(title="Edited by hand")
    with pytest.raises(SystemExit) as exit_info:
        call_command("load_clauses", "--check")
    assert exit_info.value.code == 1
    assert "to update: 9.2" in capsys.readouterr().out
    assert Clause.objects.get(number="9.2").title == "Edited by hand"


# The documentation ------------------------------------------------------------------------


def test_the_docs_page_lists_every_clause_with_its_number_and_title_in_order():
    text = DOCS_PAGE.read_text(encoding="utf-8")
    table = re.findall(r"^\| (\d+(?:\.\d+)*) \| (.+?) \|$", text, flags=re.MULTILINE)
    assert table == [(c.number, c.title) for c in all_clauses()]


def test_the_docs_page_states_the_catalogue_version():
    text = DOCS_PAGE.read_text(encoding="utf-8")
    assert f"| `version` | `{clauses.catalogue().version}` |" in text
