"""Rules on the dates of a record that the fields alone cannot state."""

from django.core.exceptions import ValidationError


def require_order(record, *pairs: tuple[str, str, str]) -> None:
    """Refuse a record whose later date falls before its earlier one.

    Each pair is ``(earlier_field, later_field, message)``; the error is filed under
    the later field, which is the one a person would correct.
    """
    errors = {}
    for earlier, later, message in pairs:
        first, last = getattr(record, earlier), getattr(record, later)
        if first is not None and last is not None and last < first:
            errors[later] = [message]
    if errors:
        raise ValidationError(errors)
