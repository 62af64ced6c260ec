"""How people plan and edit an audit engagement in the API and the pages (``core.writers``).

Both go through ``plan_engagement``; an edit keeps what fieldwork depends on:
the kind and audit date are fixed once fieldwork starts, and the period runs
forwards. The state moves only by the lifecycle declared in ``records.py``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.verbs import verb

from .models import AuditEngagement
from .services import plan_engagement

FIXED_ONCE_FIELDWORK_STARTS = ("audit_date", "kind")


@verb("audit_engagement.planned")
def enter_engagement(organisation, **fields) -> AuditEngagement:
    """Plan an engagement as entered; a period left blank defaults as the verb says."""
    for bound in ("period_start", "period_end"):
        if fields.get(bound) is None:
            fields.pop(bound, None)
    return plan_engagement(organisation, **fields)


@verb("audit_engagement.revised")
def revise_engagement(engagement: AuditEngagement, **changes) -> AuditEngagement:
    if engagement.state != AuditEngagement.State.PLANNED:
        for name in FIXED_ONCE_FIELDWORK_STARTS:
            if name in changes and changes[name] != getattr(engagement, name):
                raise ValidationError(
                    {name: f"Fixed once fieldwork starts; the audit is {engagement.state}."}
                )
    start = changes.get("period_start", engagement.period_start)
    end = changes.get("period_end", engagement.period_end)
    if start and end and start > end:
        raise ValidationError({"period_start": "The period must start before it ends."})
    return services.update_record(engagement, **changes)
