"""Writing the rows of a user's own spreadsheet in batches through the service layer.

A batch is one transaction. Links to other records are resolved by ref, then
by name (or title, key, email) within the organisation; a service the file
names that does not exist becomes an unconfirmed service, flagged for the
catalogue check, and a configuration item likewise one marked for someone to
confirm. Each record is validated whole before it is written: a row
that fails is rejected with the column the failure belongs to, and never
half-written. Records already present under the key become updates of the
mapped fields only, and a row that changes nothing is counted unchanged.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from evident.catalogue.models import ConfigurationItem, Service
from evident.core import services
from evident.core.context import detail
from evident.core.tenancy import scoped

from .generic_mapping import MappingSpec, TargetField, lookup_fields
from .result import ImportResult, RowProblem
from .service_names import ServiceNames
from .servicenow_cis import CiNames

BATCH_SIZE = 2000


@dataclass
class ParsedRow:
    """One row read cleanly: its key and the value of each mapped field (links still names)."""

    row: int
    key: str
    values: dict


class _Rejected(Exception):
    def __init__(self, column: str | None, reason: str):
        super().__init__(reason)
        self.column = column
        self.reason = reason


class GenericLoader:
    """Collects parsed rows and writes them a batch at a time, counting what it did."""

    def __init__(self, organisation, spec: MappingSpec, result: ImportResult, *, batch_size=None):
        self.organisation = organisation
        self.spec = spec
        self.model = spec.model
        self.result = result
        self.batch_size = batch_size or BATCH_SIZE
        self.pending: list[ParsedRow] = []
        # Services and CIs named but unknown are created unconfirmed, as other importers do.
        self.named = {Service: ServiceNames(organisation), ConfigurationItem: CiNames(organisation)}

    def add(self, row: ParsedRow) -> None:
        self.pending.append(row)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        with transaction.atomic():
            link_fields = [t for t in self.spec.fields.values() if t.is_link]
            links = {t.name: self._look_up(t, batch) for t in link_fields}
            existing = {
                obj.ref: obj
                for obj in scoped(self.model, self.organisation).filter(
                    ref__in=[r.key for r in batch]
                )
            }
            # Unknown services and CIs are created only for rows that are otherwise sound.
            batch = [row for row in batch if self._sound(row, links, existing)]
            self._create_named(link_fields, batch, links)
            fresh = []
            for row in batch:
                try:
                    own, many = self._values(row, links)
                    if row.key in existing:
                        self._reconcile(row, existing[row.key], own, many)
                    else:
                        fresh.append((row, self._built(row, own), many))
                except _Rejected as rejected:
                    self._reject(row, rejected.column, rejected.reason)
            self._create(fresh)
            self._advance_counter([r.key for r, _, _ in fresh])

    def _sound(self, row: ParsedRow, links: dict, existing: dict) -> bool:
        """Whether the record the row makes passes validation, links still to be created aside."""
        try:
            own, _, pending = self._values(row, links, pending_ok=True)
            if row.key in existing:
                obj = copy.copy(existing[row.key])  # the record as the row would leave it
                for name, value in own.items():
                    setattr(obj, name, value)
            else:
                obj = self.model(organisation=self.organisation, ref=row.key, **own)
            try:
                obj.full_clean(exclude=pending)
            except ObjectDoesNotExist:
                pass  # a rule that reads a link still to be created: checked once it is
            except ValidationError as exc:
                raise _Rejected(*self._where(exc)) from exc
        except _Rejected as rejected:
            self._reject(row, rejected.column, rejected.reason)
            return False
        return True

    def _create_named(self, link_fields: list[TargetField], batch: list, links: dict) -> None:
        """Create, unconfirmed, the services and CIs the sound rows name that do not exist."""
        for target in link_fields:
            creator = self.named.get(target.target)
            found = links[target.name]
            unknown = {}
            for row in batch:
                for name in _names(target, row.values.get(target.name)):
                    if found.get(name, 0) is None:
                        unknown.setdefault(name, {"row": row.row})
            if creator is None or not unknown:
                continue
            before = creator.created
            creator.resolve(unknown)
            if target.target is Service:
                self.result.services_created += creator.created - before
            else:
                self.result.cis_created += creator.created - before
            found.update({name: creator[name] for name in unknown})

    def _values(self, row: ParsedRow, links: dict, pending_ok=False) -> tuple[dict, dict]:
        own, many, pending = {}, {}, []
        for name, value in row.values.items():
            target = self.spec.fields[name]
            if not target.is_link:
                own[name] = value
                continue
            pks = []
            for item in _names(target, value):
                pk = links[name].get(item)
                if pk is None and pending_ok:
                    pending.append(name)
                elif not isinstance(pk, int):
                    raise _Rejected(self.spec.heading_of(name), pk or f"{item!r} is not known")
                else:
                    pks.append(pk)
            if target.many:
                many[name] = pks
            else:
                own[target.field.attname] = pks[0] if pks else None
        return (own, many, pending) if pending_ok else (own, many)

    def _built(self, row: ParsedRow, own: dict):
        obj = self.model(organisation=self.organisation, ref=row.key, **own)
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise _Rejected(*self._where(exc)) from exc
        return obj

    def _reconcile(self, row: ParsedRow, obj, own: dict, many: dict) -> None:
        changes = {name: value for name, value in own.items() if getattr(obj, name) != value}
        for name, pks in many.items():
            if set(getattr(obj, name).values_list("pk", flat=True)) != set(pks):
                changes[name] = pks
        if not changes:
            self.result.unchanged += 1
            return
        try:
            with transaction.atomic(), detail(row=row.row):
                services.update_record(obj, **changes)
        except ValidationError as exc:
            raise _Rejected(*self._where(exc)) from exc
        self.result.updated += 1

    def _create(self, fresh: list) -> None:
        plain = [(row, obj) for row, obj, many in fresh if not many]
        try:
            with transaction.atomic():
                services.bulk_create_records(
                    self.model,
                    self.organisation,
                    [obj for _, obj in plain],
                    row_details=[{"row": row.row} for row, _ in plain],
                )
            self.result.created += len(plain)
        except IntegrityError:
            # Two rows of the batch clash on a value the database keeps unique:
            # write them one by one so only the clashing rows are rejected.
            for row, obj in plain:
                obj.pk = None
                self._create_one(row, obj, {})
        for row, obj, many in fresh:
            if many:
                self._create_one(row, obj, many)

    def _create_one(self, row: ParsedRow, obj, many: dict) -> None:
        own = {f.attname: getattr(obj, f.attname) for f in self.model._meta.concrete_fields}
        for name in ("id", "organisation_id", "created_at", "updated_at"):
            own.pop(name, None)
        try:
            with transaction.atomic(), detail(row=row.row):
                services.create_record(self.model, self.organisation, **own, **many)
        except (ValidationError, IntegrityError) as exc:
            column, reason = self._where(exc) if isinstance(exc, ValidationError) else (None, "")
            self._reject(row, column, reason or "clashes with another record of the file")
            return
        self.result.created += 1

    def _reject(self, row: ParsedRow, column: str | None, reason: str) -> None:
        self.result.add_problem(RowProblem(row.row, column, reason, row.key))
        self.result.rejected += 1

    def _where(self, exc: ValidationError) -> tuple[str | None, str]:
        """The column a validation error belongs to, and its message."""
        if not hasattr(exc, "error_dict"):
            return None, " ".join(exc.messages)
        name, messages = next(iter(exc.message_dict.items()))
        if name == "ref":
            return self.spec.key_column, " ".join(messages)
        column = self.spec.heading_of(name)
        if column is None and name != "__all__":
            return None, f"{name}: {' '.join(messages)}"
        return column, " ".join(messages)

    def _look_up(self, target: TargetField, batch: list[ParsedRow]) -> dict:
        """Each name the batch uses for ``target``: the record's pk, or why there is none
        (None: unknown, and of a kind the import creates unconfirmed)."""
        names = {name for row in batch for name in _names(target, row.values.get(target.name))}
        if not names:
            return {}
        model = target.target
        fields = lookup_fields(model)
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__in": list(names)})
        rows = scoped(model, self.organisation).filter(query).values_list("pk", *fields)
        found = {name: self._match(name, rows, fields, model) for name in names}
        if model not in self.named:
            kind = model._meta.verbose_name
            for name in [n for n, pk in found.items() if pk is None]:
                found[name] = f"no {kind} has the ref or name {name!r}"
        return found

    @staticmethod
    def _match(name: str, rows, fields: list[str], model) -> int | str | None:
        for at, field in enumerate(fields, start=1):
            pks = {row[0] for row in rows if row[at] == name}
            if len(pks) == 1:
                return pks.pop()
            if len(pks) > 1:
                kind = model._meta.verbose_name_plural
                return f"{name!r} is the {field} of {len(pks)} {kind}; give the ref instead"
        return None

    def _advance_counter(self, keys: list[str]) -> None:
        """Keys in Evident's own ref form must not be issued again to a later record."""
        prefix = self.model.REF_PREFIX
        pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
        numbers = [int(m[1]) for m in map(pattern.match, keys) if m]
        if numbers:
            services.advance_counter(self.organisation, prefix, max(numbers))


def _names(target: TargetField, value) -> list[str]:
    """The names a cell gives for a link: a list for several, one or none for one."""
    if target.many:
        return value or []
    return [value] if value else []
