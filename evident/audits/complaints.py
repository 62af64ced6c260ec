"""A customer complaint raised as a nonconformity (8.3.2 feeding 10.1).

The verb lives with nonconformities rather than with complaints because it
creates one: agreements sits below audits, so it may not import audits' models.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.agreements.models import Complaint
from evident.core import services
from evident.core.verbs import verb

from .models import Nonconformity


@verb("nonconformity.raised_from_complaint")
def raise_complaint_as_nonconformity(complaint: Complaint, *, raised_on: dt.date) -> Nonconformity:
    """Raise a nonconformity from a complaint that shows a requirement was not met.

    The nonconformity is then handled like any other (corrective action, closure);
    the complaint keeps its ref so either can be found from the other. One operation:
    a complaint never points at a nonconformity that was not written.
    """
    if complaint.nonconformity_ref:
        raise ValidationError(
            {"nonconformity_ref": [f"Already raised as {complaint.nonconformity_ref}."]}
        )
    nonconformity = services.create_record(
        Nonconformity,
        complaint.organisation,
        title=f"Complaint {complaint.ref}: {complaint.summary}"[:200],
        source=Nonconformity.Source.COMPLAINT,
        clause="8.3.2",
        statement=complaint.details or complaint.summary,
        raised_on=raised_on,
    )
    services.update_record(complaint, nonconformity_ref=nonconformity.ref)
    return nonconformity
