"""Inserting many rows of one model in few statements.

Importers write hundreds of thousands of records and four times as many ledger
entries. Django's ``bulk_create`` compiles every value of every row through the
SQL compiler, and that compilation costs more than the database's own work.
Here each value is still prepared by its field (``pre_save`` and
``get_db_prep_save``, exactly as ``bulk_create`` does), but the statement is
built once per chunk of rows: ``INSERT … VALUES (…), (…) RETURNING pk``, or
on PostgreSQL ``INSERT … SELECT * FROM UNNEST(column arrays) RETURNING pk`` as
Django's own PostgreSQL backend does.

Databases without ``RETURNING`` for many rows fall back to ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connections, models, router
from django.utils import timezone

MAX_ROWS = 1_000  # rows per statement where each value is a parameter (SQLite)
UNNEST_ROWS = 5_000  # rows per statement where each column is one array (PostgreSQL)


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
    pks = _insert(model, fields, rows, connection)
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
        if (value is None and self.plain) or type(value) in self.plain:
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


def _insert(model: type[models.Model], fields: list, rows: list[list], connection) -> list:
    """Insert rows of values prepared for the database; the new primary keys in order."""
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
    )
    tail = f" RETURNING {quote(model._meta.pk.column)}"
    pks = []
    with _cursor(connection) as cursor:
        for sql, params in _statements(fields, rows, connection):
            cursor.execute(head + sql + tail, params)
            pks += [pk for (pk,) in cursor.fetchall()]
    return pks


def _cursor(connection):
    """A cursor on the connection's current transaction.

    On PostgreSQL Django binds parameters on the client, quoting every element
    of the column arrays as text in Python; a server-binding cursor sends each
    column as one binary array parameter instead, which is what makes ``UNNEST``
    pay. Statements sent this way bypass Django's query logging and wrappers.
    """
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        return psycopg.Cursor(connection.connection)
    return connection.cursor()


def _statements(fields: list, rows: list[list], connection):
    """``(values clause, parameters)`` for each chunk of rows."""
    if connection.vendor == "postgresql":
        # One array per column: the statement text is the same for every chunk,
        # so the driver parses its parameter markers once, not per row.
        casts = [f"(%b)::{field.db_type(connection).split('(')[0]}[]" for field in fields]
        sql = f"SELECT * FROM UNNEST({', '.join(casts)})"
        for start in range(0, len(rows), UNNEST_ROWS):
            part = rows[start : start + UNNEST_ROWS]
            yield sql, [list(column) for column in zip(*part, strict=True)]
        return
    width = max(len(fields), 1)
    limit = connection.features.max_query_params or 30_000
    chunk = max(1, min(MAX_ROWS, limit // width))
    row_markers = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        yield (
            "VALUES " + ", ".join([row_markers] * len(part)),
            [value for row in part for value in row],
        )
