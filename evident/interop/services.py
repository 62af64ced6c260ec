"""Saved column mappings: kept once, reused for every later upload of the same spreadsheet.

The verbs check the mapping whole (an unknown record type or field is refused,
named) and keep it in canonical form (the model label, a real tab), then write
through ``core.services`` so each change leaves a ledger entry. The check lives
here rather than on the model: what is importable is the pages' business, and
a mapping carried in a bundle is checked again when an import uses it.
``headings_of`` reads only the heading row of an uploaded sample, and
``suggested_columns`` proposes a field for each heading that plainly names
one, for the person to confirm.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from evident.core import services

from .importers.generic_mapping import (
    OPTION_KEYS,
    check_mapping,
    mapping_values,
    resolve_record_type,
    target_fields,
)
from .importers.generic_reader import CsvTable, XlsxTable
from .importers.result import ImportRefused
from .models import ImportMapping


def create_mapping(organisation, **values) -> ImportMapping:
    return services.create_record(ImportMapping, organisation, **_checked(values))


def update_mapping(mapping: ImportMapping, **changes) -> ImportMapping:
    merged = {**mapping_values(mapping), **changes}
    merged.pop("name")
    checked = _checked(merged)
    return services.update_record(mapping, **{**checked, "name": changes.get("name", mapping.name)})


def _checked(values: dict) -> dict:
    """The mapping's values in canonical form, or a ValidationError keyed by field."""
    spec = check_mapping(values)
    canonical = {
        "record_type": spec.label,
        "columns": spec.columns,
        "key_column": spec.key_column,
        **{key: getattr(spec, key) for key in OPTION_KEYS},
    }
    return {**values, **canonical}


def delete_mapping(mapping: ImportMapping) -> None:
    """Delete a mapping no import job was read with; the jobs keep the mapping they used."""
    try:
        services.delete_record(mapping)
    except ProtectedError as exc:
        count = len(exc.protected_objects)
        raise ValidationError(
            f"{count} import job(s) were read with mapping {mapping.name!r}; it is kept for them"
        ) from exc


def headings_of(upload, fmt: str, *, sheet: str = "", encoding: str = "", delimiter: str = ""):
    """The column headings of an uploaded sample file (a Django ``UploadedFile``)."""
    suffix = ".xlsx" if fmt == "xlsx" else ".csv"
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"sample{suffix}"
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            if fmt == "xlsx":
                table = XlsxTable(path, sheet=sheet)
            else:
                table = CsvTable(path, encoding=encoding, delimiter=delimiter)
            rows = table.rows()
            next(rows, None)
            rows.close()
        except ImportRefused as exc:
            message = str(exc).replace("sample" + suffix, upload.name)
            raise ValidationError({"sample": message}) from exc
    headings = [h for h in table.headings if h]
    if not headings:
        raise ValidationError({"sample": f"{upload.name} has no heading row"})
    return headings


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text).casefold())


def suggested_columns(headings: list[str], record_type: str) -> dict[str, str]:
    """Heading -> field, where a heading is the field's name or its label, spaces aside."""
    entry = resolve_record_type(record_type)
    if entry is None:
        return {}
    by_plain = {}
    for name, target in target_fields(entry).items():
        by_plain.setdefault(_plain(name), name)
        by_plain.setdefault(_plain(target.field.verbose_name), name)
    suggested, taken = {}, set()
    for heading in headings:
        name = by_plain.get(_plain(heading))
        if name and name not in taken:
            suggested[heading] = name
            taken.add(name)
    return suggested
