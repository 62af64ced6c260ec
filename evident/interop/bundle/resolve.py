"""Second pass of an import: build every record in memory, resolve its refs, check its values.

Nothing is written here. Records point at each other through unsaved
instances; links are checked by ref against the bundle itself, which is also
what keeps an import inside its own organisation. Each value is checked by its
field (length, choice, format), and uniqueness and constraints that do not
involve links are checked here too. The model's own rules (``clean``) are not:
many read the ids of linked records, which unsaved records do not have yet, so
they run once the records and their links are written (``write.check_records``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from evident.core.models import Organisation, OrgRecord

from .errors import Path, Problems, format_path
from .spec import VOID_FIELDS, FieldSpec, ModelSpec, record_specs


@dataclass
class Planned:
    """One record of the bundle, built and checked, waiting to be written."""

    path: Path
    row: dict
    obj: OrgRecord
    deferred: dict = field(default_factory=dict)
    # Every record this one links to (links, deferred links, many-to-many), and
    # whether a ref of it named no record: a record is written only with its targets.
    targets: list = field(default_factory=list)
    broken: bool = False

    @property
    def where(self) -> str:
        return format_path(self.path)


Plan = dict[str, list[Planned]]


def _unique_sets(spec: ModelSpec) -> list[tuple[str, ...]]:
    """Field sets the database keeps unique within one organisation, as bundle keys."""
    meta = spec.model._meta
    sets = [(f.name,) for f in meta.concrete_fields if f.unique and not f.primary_key]
    sets += [tuple(c.fields) for c in meta.total_unique_constraints]
    sets += [tuple(names) for names in meta.unique_together]
    found = []
    for names in sets:
        names = tuple(n for n in names if n != "organisation")
        if names and names != ("ref",) and names not in found and set(names) <= spec.by_name.keys():
            found.append(names)
    return found


class Resolver:
    """Turns the ``records`` of a schema-valid bundle into a plan of unsaved records."""

    def __init__(self, records: dict, organisation: Organisation, faulty: set, problems: Problems):
        self.records = records
        self.organisation = organisation
        self.faulty = faulty
        self.problems = problems
        self.index: dict[str, dict[str, Planned]] = {}
        # Types with a record whose ref could not be read: a ref into them that is
        # not found may be that record's, and its own error already says what is wrong.
        self.unreadable: set[str] = set()

    def plan(self) -> Plan:
        specs = record_specs()
        for spec in specs:
            self._index(spec)
        plan = {}
        for spec in specs:
            planned = [p for p in self.index[spec.label].values() if p.path not in self.faulty]
            for item in planned:
                self._resolve(spec, item)
            self._check_unique(spec, planned)
            plan[spec.label] = planned
        return plan

    def _index(self, spec: ModelSpec) -> None:
        """Every record gets an unsaved instance under its ref; a ref used twice is an error."""
        index = self.index[spec.label] = {}
        rows = self.records.get(spec.label, [])
        if not isinstance(rows, list):
            self.unreadable.add(spec.label)
            return
        for position, row in enumerate(rows):
            ref = row.get("ref") if isinstance(row, dict) else None
            if not isinstance(ref, str):
                self.unreadable.add(spec.label)
                continue
            path = ("records", spec.label, position)
            if ref in index:
                first = index[ref].where
                self.problems.add((*path, "ref"), f"duplicate ref {ref!r}, also used by {first}")
                continue
            obj = spec.model(organisation=self.organisation, ref=ref)
            index[ref] = Planned(path, row, obj)

    def _resolve(self, spec: ModelSpec, item: Planned) -> None:
        for field_spec in spec.fields:
            if field_spec.name not in item.row:
                continue  # the model's default applies
            value = item.row[field_spec.name]
            if field_spec.is_refs:
                item.deferred[field_spec.name] = self._targets(field_spec, item, value)
            elif field_spec.is_ref:
                target = self._target(field_spec, item, (*item.path, field_spec.name), value)
                if field_spec.deferred:
                    item.deferred[field_spec.name] = target
                else:
                    setattr(item.obj, field_spec.name, target)
            else:
                self._set_value(field_spec, item, value)
        self._validate(spec, item)
        self._check_void(item)

    def _target(self, field_spec: FieldSpec, item: Planned, path: Path, ref) -> OrgRecord | None:
        if ref is None:
            return None
        target = self.index[field_spec.target].get(ref)
        if target is not None:
            item.targets.append(target.obj)
            return target.obj
        item.broken = True
        if field_spec.target not in self.unreadable:
            self.problems.add(path, f"no {field_spec.target} with ref {ref!r}")
        return None

    def _targets(self, field_spec: FieldSpec, item: Planned, refs: list) -> list[OrgRecord]:
        paths = [(*item.path, field_spec.name, n) for n in range(len(refs))]
        targets = [
            self._target(field_spec, item, path, ref) for path, ref in zip(paths, refs, strict=True)
        ]
        return [t for t in targets if t is not None]

    def _set_value(self, field_spec: FieldSpec, item: Planned, value) -> None:
        try:
            setattr(item.obj, field_spec.attname, field_spec.read(value))
        except ValueError as exc:
            self.problems.add((*item.path, field_spec.name), str(exc))

    def _validate(self, spec: ModelSpec, item: Planned) -> None:
        """What ``full_clean`` checks less ``clean`` and the links, which were checked by ref."""
        exclude = {"organisation", *(f.name for f in spec.fields if f.is_ref or f.is_refs)}
        obj = item.obj
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as exc:
            add_errors(self.problems, item.path, exc)
            exclude |= set(exc.message_dict)  # as full_clean: a bad value is not also a duplicate
        for check in (obj.validate_unique, obj.validate_constraints):
            try:
                check(exclude=exclude)
            except ValidationError as exc:
                add_errors(self.problems, item.path, exc)

    def _check_void(self, item: Planned) -> None:
        """A voided record says when, by whom and why; a record that is not voided says none."""
        voided_at, voided_by, reason = (getattr(item.obj, name) for name in VOID_FIELDS)
        if voided_at is None and item.row.get("voided_at") is not None:
            return  # the date could not be read, and its own problem says why
        said = {"voided_by": (voided_by, "who voided it"), "void_reason": (reason, "why")}
        for name, (value, what) in said.items():
            if voided_at is None and value:
                self.problems.add((*item.path, name), "only a voided record (voided_at) has this")
            elif voided_at is not None and not (value or "").strip():
                self.problems.add((*item.path, name), f"a voided record must say {what}")

    def _check_unique(self, spec: ModelSpec, planned: list[Planned]) -> None:
        """Records that the database would refuse as duplicates of each other."""
        for names in _unique_sets(spec):
            seen: dict[tuple, Planned] = {}
            for item in planned:
                key = tuple(self._key_value(spec.by_name[n], item) for n in names)
                if None in key:
                    continue  # the database lets nulls repeat
                if key in seen:
                    path = (*item.path, names[0]) if len(names) == 1 else item.path
                    fields = ", ".join(names)
                    self.problems.add(path, f"same {fields} as {seen[key].where}")
                else:
                    seen[key] = item

    @staticmethod
    def _key_value(field_spec: FieldSpec, item: Planned):
        if field_spec.is_ref:
            return item.row.get(field_spec.name)
        return getattr(item.obj, field_spec.attname)


def add_errors(problems: Problems, path: Path, error: ValidationError) -> None:
    """A model's ``ValidationError`` as problems under the path of its record."""
    # Field rules raise a dict of messages; a service may raise a plain message.
    plain = {NON_FIELD_ERRORS: error.messages}
    by_field = error.message_dict if hasattr(error, "error_dict") else plain
    for name, messages in by_field.items():
        where = path if name == NON_FIELD_ERRORS else (*path, name)
        for message in messages:
            problems.add(where, message)
