"""Verbs: the named operations by which records change.

``@verb("change.approved")`` makes a service function one operation: it runs in
one transaction, every ledger entry it writes carries the domain event and one
operation id, and a verb called from inside another joins the outer operation
(one approval that also moves the change's status is one operation, one event).
A caller may name the acting user as the keyword-only ``acting_user``; the
writes are then attributed to that user, from the source already in force.
"""

from __future__ import annotations

import functools
import uuid
from contextlib import nullcontext

from django.db import transaction

from .context import acting, current, operation


def verb(event: str):
    """Declare a service function a verb that writes the domain event ``event``."""

    def decorate(func):
        @functools.wraps(func)
        def run(*args, acting_user=None, **kwargs):
            with _as(acting_user), transaction.atomic():
                if current().operation:
                    return func(*args, **kwargs)
                with operation(event=event, operation_id=uuid.uuid4().hex):
                    return func(*args, **kwargs)

        run.event = event
        run.is_verb = True
        return run

    return decorate


def _as(user):
    if user is None:
        return nullcontext()
    ctx = current()
    return acting(source=ctx.source, user=user, **ctx.detail)


def is_verb(func) -> bool:
    return getattr(func, "is_verb", False)
