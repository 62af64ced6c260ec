"""The evidence digest: a fingerprint of the records an evaluation saw.

SHA-256 over canonical JSON of, for every record model except the engine's own
results, the organisation's row count and latest ``updated_at``, together with
the stage, period, seed and engine version. Any create, update or delete of a
record changes the count or the latest update time, so a rerun on unchanged
data gives the same digest and a rerun after a write does not.
"""

from __future__ import annotations

import hashlib
import json

from django.apps import apps
from django.db.models import Count, Max

from evident.core.models import OrgRecord
from evident.core.tenancy import scoped

from .scope import AuditScope

# The engine's own output is not evidence: reruns add to it.
EXCLUDED = {"audits.evaluation", "audits.finding", "audits.sample"}


def evidence_models() -> list:
    models = [
        m
        for m in apps.get_models()
        if issubclass(m, OrgRecord) and m._meta.label_lower not in EXCLUDED
    ]
    return sorted(models, key=lambda m: m._meta.label_lower)


def evidence_state(scope: AuditScope) -> dict:
    """Per record model: ``[count, latest updated_at]`` of the organisation's rows."""
    state = {}
    for model in evidence_models():
        row = scoped(model, scope.organisation).aggregate(n=Count("pk"), latest=Max("updated_at"))
        latest = row["latest"].isoformat() if row["latest"] else None
        state[model._meta.label_lower] = [row["n"], latest]
    return state


def evidence_digest(scope: AuditScope, stage: int, engine_version: str) -> str:
    body = {
        "engine_version": engine_version,
        "period": [scope.period_start.isoformat(), scope.period_end.isoformat()],
        "records": evidence_state(scope),
        "seed": scope.seed,
        "stage": stage,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
