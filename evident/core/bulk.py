"""Inserting many rows of one model in few statements.

Importers write hundreds of thousands of records and four times as many ledger
entries. Django's ``bulk_create`` compiles every value of every row through the
SQL compiler, and that compilation costs more than the database's own work.
Here each value is still prepared by its field (``pre_save`` and
``get_db_prep_save``, exactly as ``bulk_create`` does), but the statement is
built once per chunk of rows: ``INSERT … VALUES (…), (…) RETURNING pk``.

Databases without ``RETURNING`` for many rows fall back to ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connections, models, router
from django.utils import timezone

# PostgreSQL takes at most 65,535 parameters in one statement; keep well below it.
MAX_PARAMETERS = 30_000
MAX_ROWS = 1_000


def insert_objects(objs: Sequence[models.Model]) -> None:
    """Insert unsaved instances of one model, setting their primary keys.

    Nothing is validated here: callers validate (or build values that are valid).
    """
    if not objs:
        return
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    if not connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objs)
        return
    for obj in objs:
        # As bulk_create does: take ids of related objects saved since assignment,
        # and refuse a link to one that was never saved.
        obj._prepare_related_fields_for_save(operation_name="insert_objects")
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    plans = [_ValuePlan(field, connection, now) for field in fields]
    rows = [[plan.value(obj) for plan in plans] for obj in objs]
    pks = insert_values(model, [f.column for f in fields], rows, alias=alias)
    pk_attname = model._meta.pk.attname
    for obj, pk in zip(objs, pks, strict=True):
        setattr(obj, pk_attname, pk)
        obj._state.adding = False
        obj._state.db = alias


class _ValuePlan:
    """How one field's value of an instance becomes a database value.

    Values of exactly the plain type a simple field stores (a ``str`` for a text
    field, an ``int`` for a whole number, a ``bool`` for a flag, None) come out of
    ``get_db_prep_save`` unchanged, so they skip it: in an import they are nearly
    all of the values. Everything else goes through the field.
    """

    def __init__(self, field: models.Field, connection, now: dt.datetime):
        self.field = field
        self.connection = connection
        self.attname = field.attname
        self.pre_saves = type(field).pre_save is not models.Field.pre_save
        self.stamp = _stamp(field, now)
        self.plain = PLAIN_TYPES.get(field.get_internal_type(), ())
        # Dates repeat (one stamp for a whole insert, an incident's dates in its
        # history): prepare each distinct one once.
        self.prepared: dict = {} if isinstance(field, models.DateField) else None

    def value(self, obj):
        if self.stamp is not None:
            value = self.stamp
            setattr(obj, self.attname, value)
        elif self.pre_saves:
            value = self.field.pre_save(obj, True)
        else:
            value = getattr(obj, self.attname)
        if value is None and self.plain or type(value) in self.plain:
            return value
        if self.prepared is None:
            return self.field.get_db_prep_save(value, self.connection)
        if value not in self.prepared:
            self.prepared[value] = self.field.get_db_prep_save(value, self.connection)
        return self.prepared[value]


def _stamp(field: models.Field, now: dt.datetime):
    """The value an ``auto_now``/``auto_now_add`` field takes: one moment for the whole insert."""
    if not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
        return None
    if isinstance(field, models.DateTimeField):
        return now
    if isinstance(field, models.DateField):
        return timezone.localdate(now)
    return None


_WHOLE = (int,)
PLAIN_TYPES = {
    "CharField": (str,),
    "TextField": (str,),
    "SlugField": (str,),
    "EmailField": (str,),
    "URLField": (str,),
    "BooleanField": (bool,),
    "IntegerField": _WHOLE,
    "SmallIntegerField": _WHOLE,
    "BigIntegerField": _WHOLE,
    "PositiveIntegerField": _WHOLE,
    "PositiveSmallIntegerField": _WHOLE,
    "PositiveBigIntegerField": _WHOLE,
    "ForeignKey": _WHOLE,
}


def insert_values(
    model: type[models.Model], columns: list[str], rows: list[list], *, alias: str | None = None
) -> list:
    """Insert rows of values already prepared for the database; the new primary keys in order."""
    alias = alias or router.db_for_write(model)
    connection = connections[alias]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(column) for column in columns)}) VALUES "
    )
    tail = f" RETURNING {quote(model._meta.pk.column)}"
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    chunk = max(1, min(MAX_ROWS, MAX_PARAMETERS // max(len(columns), 1)))
    if connection.vendor == "sqlite":
        chunk = min(chunk, connection.features.max_query_params // max(len(columns), 1))
    pks = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            cursor.execute(
                head + ", ".join([placeholder] * len(part)) + tail,
                [value for row in part for value in row],
            )
            pks += [pk for (pk,) in cursor.fetchall()]
    return pks
