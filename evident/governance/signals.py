"""Invariants of links that model validation cannot see: milestone dependencies.

Many-to-many links are set after a record is validated and saved, so the rule
that milestone dependencies form no cycle (and stay inside the organisation) is
enforced when the links are added, whichever path adds them: services, API,
pages or admin. Raising here rolls back the surrounding write.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import Milestone


def depends_on(milestone_pks: set[int], target_pk: int) -> bool:
    """Whether ``target_pk`` is reachable from ``milestone_pks`` along dependency links."""
    through = Milestone.dependencies.through
    seen, frontier = set(), set(milestone_pks)
    while frontier:
        if target_pk in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                through.objects.filter(from_milestone_id__in=frontier).values_list(
                    "to_milestone_id", flat=True
                )
            )
            - seen
        )
    return False


@receiver(m2m_changed, sender=Milestone.dependencies.through)
def refuse_dependency_cycles(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    # ``milestone.dependents.add(...)`` (reverse): each added milestone comes to depend on it.
    pairs = [(pk, {instance.pk}) for pk in pk_set] if reverse else [(instance.pk, set(pk_set))]
    added = {instance.pk, *pk_set}
    organisations = set(
        Milestone.objects.filter(pk__in=added).values_list("organisation_id", flat=True)
    )
    if len(organisations) > 1:
        raise ValidationError(
            {"dependencies": "A milestone can depend only on milestones of its own organisation."}
        )
    for milestone_pk, targets in pairs:
        if milestone_pk in targets or depends_on(targets, milestone_pk):
            raise ValidationError(
                {"dependencies": "These dependencies would make a milestone wait on itself."}
            )
