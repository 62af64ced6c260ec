"""How the API answers refusals: 4xx with the field, the version or the referrers named.

Model validation, permission and integrity errors raised by the services are the
client's to fix; they are translated here so no malformed request answers 500.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .. import services

logger = logging.getLogger(__name__)

# How many referring records a 409 answer names before it only counts them.
REFERRERS_NAMED = 10


class Conflict(APIException):
    """The request is well formed but the record's relations forbid it (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record cannot be changed in its current state."
    default_code = "conflict"


class PreconditionFailed(APIException):
    """The record changed since the version the client based its write on (412)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record was changed by someone else since you read it."
    default_code = "stale"


def _stale(exc: services.StaleRecord) -> Response:
    """412, with the version now stored and the fields changed since the one the client read."""
    body = {
        "detail": str(exc),
        "current_version": exc.current_version,
        "changed_fields": exc.fields,
    }
    return Response(body, status=status.HTTP_412_PRECONDITION_FAILED)


def exception_handler(exc, context):
    """Model validation and integrity errors are the client's to fix: answer 4xx, not 500."""
    if isinstance(exc, services.StaleRecord):
        return _stale(exc)
    if isinstance(exc, DjangoPermissionDenied):
        exc = PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(_validation_detail(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        # Both subclass IntegrityError, so they must be caught first.
        exc = _still_referenced(exc)
    elif isinstance(exc, IntegrityError):
        exc = ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: ["conflicts with an existing record"]}
        )
    elif isinstance(exc, DataError):
        # A value the database cannot hold (out of range, unstorable): the client's to fix.
        exc = ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [_data_error(exc)]})
    elif isinstance(exc, DatabaseError):
        return _unavailable(exc)
    return drf_exception_handler(exc, context)


def _data_error(exc: DataError) -> str:
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"a value cannot be stored: {first_line}" if first_line else "a value cannot be stored"


def _unavailable(exc: DatabaseError) -> Response:
    """The database is down or out of connections: say so, and when to come back (503)."""
    logger.error("database unavailable: %s", exc)
    body = {"detail": "The database is unavailable just now; try again shortly."}
    return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "5"})


def _validation_detail(exc: DjangoValidationError) -> dict:
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    # Django files record-wide errors under "__all__"; API clients expect DRF's key.
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): messages
        for name, messages in exc.message_dict.items()
    }


def _still_referenced(exc: ProtectedError | RestrictedError) -> Conflict:
    referrers = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    by_kind: dict[str, list[str]] = {}
    for record in referrers:
        kind = str(record._meta.verbose_name_plural)
        by_kind.setdefault(kind, []).append(getattr(record, "ref", "") or str(record.pk))
    counts = ", ".join(f"{len(refs)} {kind}" for kind, refs in sorted(by_kind.items()))
    detail = {
        "detail": f"Still referred to by {counts}; reassign or delete those first.",
        "referenced_by": {kind: sorted(refs)[:REFERRERS_NAMED] for kind, refs in by_kind.items()},
    }
    return Conflict(detail)
