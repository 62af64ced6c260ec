"""The ISO/IEC 20000-1:2018 clause catalogue: versioned data, lookups and the table sync.

The catalogue lives in ``data/clauses.yaml``: clause numbers and titles of the
standard, in its order, each with a stable id and checkpoints written in our own
words. It is parsed and validated once and cached, so the lookups here
(``clause_title``, ``clause_path``, ``top_level``, ``sort_key``, ``all_clauses``)
need no database.

``sync_catalogue`` copies the catalogue into the shared ``audits.Clause`` table.
It runs after every ``migrate`` of the audits app and from ``evident load_clauses``.
The table is reference data shared by all organisations, not an organisation's
record, so it has no ref and no ledger chain and is written here directly rather
than through ``core.services``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import DEFAULT_DB_ALIAS, transaction

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "clauses.yaml"
NUMBER_PATTERN = re.compile(r"^[1-9][0-9]*(\.[1-9][0-9]*)*$")
MIN_CHECKPOINTS, MAX_CHECKPOINTS = 2, 5
MAX_CHECKPOINT_LENGTH = 200
# Column sizes of audits.Clause: a catalogue that does not fit is rejected up front.
MAX_NUMBER_LENGTH, MAX_TITLE_LENGTH, MAX_VERSION_LENGTH = 16, 200, 32
HEADER_KEYS = ("id", "version", "standard", "note")


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message lists every problem found."""


class UnknownClause(LookupError):
    """A clause number that is not in the catalogue."""


@dataclass(frozen=True)
class ClauseEntry:
    """One clause as the catalogue describes it; ``parent`` is derived from the number."""

    id: str
    number: str
    title: str
    checkpoints: tuple[str, ...]
    parent: str | None
    level: int
    position: int


@dataclass(frozen=True)
class Catalogue:
    """A validated catalogue: its header and its clauses in the standard's order."""

    id: str
    version: str
    standard: str
    note: str
    clauses: tuple[ClauseEntry, ...]

    @functools.cached_property
    def by_number(self) -> Mapping[str, ClauseEntry]:
        return {entry.number: entry for entry in self.clauses}


# Numbers ---------------------------------------------------------------------------


def sort_key(number: str) -> tuple[int, ...]:
    """Numeric order of clause numbers.

    ``"10.1"`` sorts after ``"9.4"``, and ``"8.5.1.2"`` after ``"8.5.1"``.
    """
    if not isinstance(number, str) or not NUMBER_PATTERN.match(number):
        raise ValueError(f"{number!r} is not a clause number")
    return tuple(int(part) for part in number.split("."))


def top_level(number: str) -> str:
    """The top-level clause a number belongs to: ``"8.5.1"`` gives ``"8"``."""
    return str(sort_key(number)[0])


def _parent_number(number: str) -> str | None:
    head, dot, _ = number.rpartition(".")
    return head if dot else None


# Parsing and validation --------------------------------------------------------------


def parse_catalogue(data: object) -> Catalogue:
    """Build a ``Catalogue`` from the file's parsed YAML, or raise ``CatalogueError``."""
    if not isinstance(data, dict):
        raise CatalogueError("the catalogue file must be a mapping with 'catalogue' and 'clauses'")
    header = data.get("catalogue")
    rows = data.get("clauses")
    problems = _header_problems(header)
    if not isinstance(rows, list) or not rows:
        problems.append("'clauses' must be a non-empty list")
    if problems:
        raise CatalogueError("; ".join(problems))
    entries = [_entry(row, position) for position, row in enumerate(rows, start=1)]
    problems = [problem for row in rows for problem in _row_problems(row)]
    problems += _structure_problems(header["id"], [e for e in entries if e is not None])
    if problems:
        raise CatalogueError("; ".join(problems))
    return Catalogue(
        id=header["id"],
        version=header["version"],
        standard=header["standard"],
        note=header["note"],
        clauses=tuple(entries),
    )


def _header_problems(header: object) -> list[str]:
    if not isinstance(header, dict):
        return ["'catalogue' must be a mapping with " + ", ".join(HEADER_KEYS)]
    problems = [
        f"catalogue {key!r} must be a non-empty string"
        for key in HEADER_KEYS
        if not isinstance(header.get(key), str) or not header[key].strip()
    ]
    if len(str(header.get("version", ""))) > MAX_VERSION_LENGTH:
        problems.append(f"catalogue version is longer than {MAX_VERSION_LENGTH} characters")
    return problems


def _entry(row: object, position: int) -> ClauseEntry | None:
    """The row as a ``ClauseEntry``, or None when its number is unusable."""
    if not isinstance(row, dict):
        return None
    number = row.get("number")
    if not isinstance(number, str) or not NUMBER_PATTERN.match(number):
        return None
    checkpoints = row.get("checkpoints")
    return ClauseEntry(
        id=row.get("id"),
        number=number,
        title=row.get("title"),
        checkpoints=tuple(checkpoints) if isinstance(checkpoints, list) else (),
        parent=_parent_number(number),
        level=number.count(".") + 1,
        position=position,
    )


def _row_problems(row: object) -> list[str]:
    """What is wrong with one clause row on its own, each problem naming the clause."""
    if not isinstance(row, dict):
        return [f"clause row {row!r} must be a mapping"]
    number = row.get("number")
    label = f"clause {number!r}"
    problems = []
    if not isinstance(number, str) or not NUMBER_PATTERN.match(number):
        problems.append(f"{label}: number must look like 8.5.1")
    elif len(number) > MAX_NUMBER_LENGTH:
        problems.append(f"{label}: number is longer than {MAX_NUMBER_LENGTH} characters")
    title = row.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE_LENGTH:
        problems.append(f"{label}: title must be 1 to {MAX_TITLE_LENGTH} characters")
    return problems + [f"{label}: {p}" for p in _checkpoint_problems(row.get("checkpoints"))]


def _checkpoint_problems(checkpoints: object) -> list[str]:
    if not isinstance(checkpoints, list):
        return ["checkpoints must be a list"]
    problems = []
    if not MIN_CHECKPOINTS <= len(checkpoints) <= MAX_CHECKPOINTS:
        problems.append(f"needs {MIN_CHECKPOINTS} to {MAX_CHECKPOINTS} checkpoints")
    for text in checkpoints:
        if not isinstance(text, str) or not text.strip().endswith("?"):
            problems.append(f"checkpoint {text!r} must be a question ending with '?'")
        elif len(text) > MAX_CHECKPOINT_LENGTH:
            problems.append(f"checkpoint {text[:40]!r}... exceeds {MAX_CHECKPOINT_LENGTH} chars")
    return problems


def _structure_problems(catalogue_id: str, entries: list[ClauseEntry]) -> list[str]:
    """Ids, uniqueness, order and parents, which only make sense across the whole list."""
    problems = []
    seen: set[str] = set()
    previous: ClauseEntry | None = None
    for entry in entries:
        expected_id = f"{catalogue_id}:{entry.number}"
        if entry.id != expected_id:
            problems.append(f"clause {entry.number!r}: id must be {expected_id!r}")
        if entry.number in seen:
            problems.append(f"clause {entry.number!r} appears more than once")
        elif previous and sort_key(entry.number) < sort_key(previous.number):
            problems.append(f"clause {entry.number!r} is out of order after {previous.number!r}")
        # Parents come first in the standard's order, so they are already seen.
        if entry.parent is not None and entry.parent not in seen:
            problems.append(f"clause {entry.number!r}: parent {entry.parent!r} is missing")
        seen.add(entry.number)
        previous = entry
    return problems


def load_catalogue(path: Path | str = CATALOGUE_FILE) -> Catalogue:
    """Read, parse and validate a catalogue file."""
    with open(path, encoding="utf-8") as stream:
        try:
            data = yaml.safe_load(stream)
        except yaml.YAMLError as error:
            raise CatalogueError(f"{path} is not valid YAML: {error}") from error
    return parse_catalogue(data)


@functools.cache
def catalogue() -> Catalogue:
    """The shipped catalogue, read once per process."""
    return load_catalogue(CATALOGUE_FILE)


# Lookups ---------------------------------------------------------------------------


def all_clauses() -> tuple[ClauseEntry, ...]:
    """Every clause in the standard's order."""
    return catalogue().clauses


def get_clause(number: str) -> ClauseEntry:
    """The catalogue entry for ``number``; ``UnknownClause`` if there is none."""
    try:
        return catalogue().by_number[number]
    except (KeyError, TypeError):
        raise UnknownClause(f"clause {number!r} is not in the catalogue") from None


def is_known_clause(number: str) -> bool:
    return isinstance(number, str) and number in catalogue().by_number


def clause_title(number: str) -> str:
    return get_clause(number).title


def clause_path(number: str) -> list[str]:
    """The clause and its ancestors from the top: ``"8.5.1"`` gives ``["8", "8.5", "8.5.1"]``."""
    path = [get_clause(number).number]
    while (parent := _parent_number(path[0])) is not None:
        path.insert(0, parent)
    return path


# The Clause table ------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    """Clause numbers created, updated and removed by one sync (or a dry run of it)."""

    created: tuple[str, ...]
    updated: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def in_sync(self) -> bool:
        return not (self.created or self.updated or self.removed)


def synchronise(
    *,
    model=None,
    using: str = DEFAULT_DB_ALIAS,
    dry_run: bool = False,
    source: Catalogue | None = None,
) -> SyncResult:
    """Make the Clause table match a catalogue: upsert by number, drop what left the file.

    ``model`` lets the post_migrate handler pass the migration-state model;
    ``dry_run`` reports what would change without writing; ``source`` is a
    catalogue to load instead of the shipped one.
    """
    model = model or _clause_model()
    source = source or catalogue()
    manager = model._default_manager.db_manager(using)
    with transaction.atomic(using=using):
        rows = {row.number: row for row in manager.select_related("parent")}
        created, updated = [], []
        for entry in source.clauses:
            row = rows.get(entry.number)
            wanted = _wanted_fields(entry, source.version, rows)
            if row is None:
                created.append(entry.number)
                rows[entry.number] = row = model(number=entry.number, **wanted)
            elif _differs(row, wanted):
                updated.append(entry.number)
                for name, value in wanted.items():
                    setattr(row, name, value)
            else:
                continue
            if not dry_run:
                row.save(using=using)
        removed = sorted(set(rows) - set(source.by_number), key=sort_key)
        if removed and not dry_run:
            manager.filter(number__in=removed).delete()
    return SyncResult(tuple(created), tuple(updated), tuple(removed))


def _clause_model():
    # Imported late so that the lookups above work without a configured Django.
    from evident.audits.models import Clause

    return Clause


def _wanted_fields(entry: ClauseEntry, version: str, rows: dict) -> dict:
    return {
        "title": entry.title,
        "parent": rows[entry.parent] if entry.parent else None,
        "level": entry.level,
        "position": entry.position,
        "checkpoints": list(entry.checkpoints),
        "catalogue_version": version,
    }


def _differs(row, wanted: dict) -> bool:
    # Parents are compared by number: in a dry run a new parent has no primary key yet.
    parent = wanted["parent"]
    if (row.parent.number if row.parent else None) != (parent.number if parent else None):
        return True
    return any(getattr(row, name) != value for name, value in wanted.items() if name != "parent")


def sync_catalogue(*, model=None, using: str = DEFAULT_DB_ALIAS) -> int:
    """Sync the Clause table with the shipped catalogue; the number of clauses it now holds."""
    synchronise(model=model, using=using)
    return len(all_clauses())
