"""Who is writing, and from where.

Every write records its actor and source. Requests, commands, imports and jobs
each open an ``acting(...)`` block; service functions read it. Writes made
outside any block are attributed to ``system`` so nothing goes unrecorded.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

SOURCES = ("web", "api", "cli", "import", "job", "system")


@dataclass(frozen=True)
class WriteContext:
    source: str = "system"
    user: object | None = None
    actor_name: str = "system"
    detail: dict = field(default_factory=dict)
    # The domain event being written (``change.approved``) and the id shared by every
    # ledger entry of one operation; set by ``core.verbs.verb`` for the call it wraps.
    event: str = ""
    operation: str = ""

    def with_detail(self, **extra) -> WriteContext:
        return replace(self, detail={**self.detail, **extra})


SYSTEM = WriteContext()
_current: contextvars.ContextVar[WriteContext | None] = contextvars.ContextVar(
    "evident_write_context", default=None
)


def current() -> WriteContext:
    return _current.get() or SYSTEM


@contextmanager
def acting(*, source: str, user=None, actor_name: str | None = None, **detail):
    """Attribute the writes inside the block to ``user`` (or ``actor_name``) and ``source``."""
    if source not in SOURCES:
        raise ValueError(f"unknown write source {source!r}; expected one of {SOURCES}")
    name = actor_name or (user.get_username() if user is not None else "system")
    token = _current.set(WriteContext(source=source, user=user, actor_name=name, detail=detail))
    try:
        yield current()
    finally:
        _current.reset(token)


@contextmanager
def operation(*, event: str, operation_id: str):
    """Attribute the writes inside the block to one operation and its domain event."""
    token = _current.set(replace(current(), event=event, operation=operation_id))
    try:
        yield current()
    finally:
        _current.reset(token)


@contextmanager
def detail(**extra):
    """Add detail (for instance the import row) to the current context for a nested block."""
    token = _current.set(current().with_detail(**extra))
    try:
        yield
    finally:
        _current.reset(token)
