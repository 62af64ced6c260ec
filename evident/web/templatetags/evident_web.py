"""Template filters for verdicts, finding levels and the records a finding rests on."""

from django import template

from evident.audits import levels as gravity
from evident.audits.models import Evaluation

from .. import dashboard
from ..display import reference_links

register = template.Library()


@register.filter
def verdict(evaluation: Evaluation) -> str:
    """Stage 1 ends in an outcome, Stage 2 in a recommendation: the one that applies, in words."""
    if evaluation.stage == Evaluation.Stage.READINESS:
        return evaluation.get_outcome_display()
    return evaluation.get_recommendation_display()


@register.filter
def verdict_style(evaluation: Evaluation) -> str:
    """``good``, ``warn`` or ``bad`` for the colour of a verdict; ``none`` when there is none."""
    if evaluation.stage == Evaluation.Stage.READINESS:
        return dashboard.OUTCOME_STYLE.get(evaluation.outcome, "none")
    return dashboard.RECOMMENDATION_STYLE.get(evaluation.recommendation, "none")


@register.filter
def finding_level(finding) -> str:
    """The dashboard level of a finding, for its colour."""
    return gravity.finding_level(finding.grade, finding.severity)


@register.simple_tag
def record_refs(org_slug: str, references):
    """Links to the records a finding or a sample names."""
    return reference_links(org_slug, references or [])
