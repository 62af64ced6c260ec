"""Importing a user's own CSV or Excel file into any record type, by a column mapping.

Two streaming passes. The first checks the file as a whole and nothing is
written if it fails: the mapped columns are present, the file decodes, the
keys given on more than one row are found, and each date and decimal column's
conventions are settled (a column whose dates could be read two ways is
refused, naming it). The second reads each row into field values and hands it
to the loader; a row with any problem is rejected with its row number, column
and reason. The key column becomes each record's ref, so importing the same
file again updates the records instead of duplicating them.
"""

from __future__ import annotations

import itertools
import os

from evident.core.context import acting
from evident.core.db import refresh_statistics

from .generic_loader import GenericLoader, ParsedRow
from .generic_mapping import MappingSpec, spec_of
from .generic_reader import CsvTable, XlsxTable
from .generic_values import CellError, CellReader, ColumnProfile, cell_text, settle
from .result import ImportRefused, ImportResult, RowProblem

PROGRESS_EVERY = 500
PROFILED_KINDS = ("date", "date-time", "decimal", "number", "integer")


def import_csv(organisation, path: str | os.PathLike, *, mapping=None, **options) -> ImportResult:
    """Import a CSV file (any encoding and delimiter, plain or gzip) by ``mapping``."""
    spec = _spec(mapping, "csv")
    table = CsvTable(path, encoding=spec.encoding, delimiter=spec.delimiter)
    return _import(organisation, table, spec, **options)


def import_xlsx(organisation, path: str | os.PathLike, *, mapping=None, **options) -> ImportResult:
    """Import one sheet of an Excel workbook by ``mapping``."""
    spec = _spec(mapping, "xlsx")
    table = XlsxTable(path, sheet=spec.sheet)
    return _import(organisation, table, spec, **options)


def _spec(mapping, fmt: str) -> MappingSpec:
    """A mapping file's checked spec, or a saved ``ImportMapping`` checked again."""
    if mapping is None:
        raise ImportRefused(
            f"a {fmt} import needs a column mapping: a mapping file or a saved mapping"
        )
    return mapping if isinstance(mapping, MappingSpec) else spec_of(mapping)


def _import(
    organisation,
    table,
    spec: MappingSpec,
    *,
    user=None,
    actor_name=None,
    on_progress=None,
    batch_size=None,
    file_name=None,
) -> ImportResult:
    """``file_name``: the name the ledger gives the file (an upload's own name, not the
    name it is kept under)."""
    report = on_progress or (lambda phase, fraction: None)
    repeated, readings = _survey(table, spec, report)
    reader = CellReader(spec, readings)
    name = file_name or table.path.name
    result = ImportResult(file_name=name)
    with acting(source="import", user=user, actor_name=actor_name, file=name):
        loader = GenericLoader(organisation, spec, result, batch_size=batch_size)
        for count, row in enumerate(table.rows(), start=1):
            result.rows_read += 1
            if count % PROGRESS_EVERY == 0:
                report("importing", table.progress)
            parsed = _parse(row, spec, reader, repeated)
            if isinstance(parsed, ParsedRow):
                loader.add(parsed)
                continue
            for problem in parsed:
                result.add_problem(problem)
            result.rejected += 1
        loader.flush()
    refresh_statistics()
    report("done", 1.0)
    return result


def _survey(table, spec: MappingSpec, report) -> tuple[dict[str, list[int]], dict]:
    """The first pass: headings, repeated keys and each column's conventions."""
    report("checking", 0.0)
    profiles = [
        ColumnProfile(heading, spec.fields[name].kind)
        for heading, name in spec.columns.items()
        if spec.fields[name].kind in PROFILED_KINDS and not spec.fields[name].choices
    ]
    rows_of: dict[str, list[int]] = {}
    rows = table.rows()
    first = next(rows, None)
    _check_headings(table, spec)
    for count, row in enumerate(itertools.chain([first] if first else [], rows), start=1):
        if count % PROGRESS_EVERY == 0:
            report("checking", table.progress)
        if row.values is None:
            continue
        key = cell_text(row.values[spec.key_column]).strip()
        if key:
            rows_of.setdefault(key, []).append(row.row)
        for profile in profiles:
            profile.see(row.row, row.values[profile.heading])
    readings = settle(profiles, spec)
    report("checking", 1.0)
    return {key: rows for key, rows in rows_of.items() if len(rows) > 1}, readings


def _check_headings(table, spec: MappingSpec) -> None:
    headings = table.headings
    missing = [h for h in spec.needed_columns if h not in headings]
    if missing:
        raise ImportRefused(
            f"{table.path.name} lacks the mapped column"
            + ("s " if len(missing) > 1 else " ")
            + ", ".join(repr(h) for h in missing)
            + f"; its columns are: {', '.join(repr(h) for h in headings if h)}"
        )
    twice = sorted({h for h in spec.needed_columns if headings.count(h) > 1})
    if twice:
        raise ImportRefused(
            f"{table.path.name} has more than one column headed {', '.join(map(repr, twice))}"
        )


def _parse(row, spec: MappingSpec, reader: CellReader, repeated) -> ParsedRow | list:
    """The row's field values, or every problem it has."""
    if row.values is None:
        return [row.problem]
    key = cell_text(row.values[spec.key_column]).strip()
    if not key:
        reason = "has no key; every row needs the record's id in the source tool"
        return [RowProblem(row.row, spec.key_column, reason)]
    if key in repeated:
        rows = ", ".join(str(r) for r in repeated[key])
        reason = f"the key {key!r} is given on rows {rows}; give each record once"
        return [RowProblem(row.row, spec.key_column, reason, key)]
    values, problems = {}, []
    for heading, name in spec.columns.items():
        try:
            values[name] = reader.read(spec.fields[name], heading, row.values[heading])
        except CellError as exc:
            problems.append(RowProblem(row.row, heading, str(exc), key))
    return problems or ParsedRow(row.row, key, values)
