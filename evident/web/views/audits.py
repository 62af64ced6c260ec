"""The engine's results: evaluations, one evaluation in full, and the findings list."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from evident.audits import levels as gravity
from evident.audits.models import Clause, Evaluation, Finding, Sample
from evident.core.tenancy import scoped

from .. import dashboard
from ..forms import FindingFilterForm
from .base import OrgPageMixin, vary_on_htmx, wants_partial


def ordered_findings(findings) -> list[Finding]:
    """Findings by clause in the standard's order, the most serious first within a clause."""
    return sorted(
        findings,
        key=lambda f: (
            dashboard.clause_key(f.clause),
            gravity.LEVELS.index(gravity.finding_level(f.grade, f.severity)),
            f.ref,
        ),
    )


def grouped_by_clause(findings) -> list[dict]:
    """``[{"clause", "title", "findings"}]`` in clause order, titles from the catalogue."""
    findings = ordered_findings(findings)
    numbers = {f.clause for f in findings}
    titles = dict(Clause.objects.filter(number__in=numbers).values_list("number", "title"))
    return [
        {"clause": clause, "title": titles.get(clause, ""), "findings": list(group)}
        for clause, group in groupby(findings, key=lambda f: f.clause)
    ]


class EvaluationListView(OrgPageMixin, TemplateView):
    """Every evaluation of the organisation, newest first, with its verdict and finding count."""

    template_name = "web/evaluation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluations = (
            scoped(Evaluation, self.organisation)
            .annotate(finding_count=Count("findings"))
            .order_by("-created_at", "-pk")
        )
        context.update(
            evaluations=evaluations,
            current_type="evaluations",
        )
        return context


class EvaluationDetailView(OrgPageMixin, TemplateView):
    """One evaluation: verdict, period, seed, engine version, digest, findings, samples."""

    template_name = "web/evaluation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = get_object_or_404(scoped(Evaluation, self.organisation), pk=self.kwargs["pk"])
        findings = list(scoped(Finding, self.organisation).filter(evaluation=evaluation))
        samples = scoped(Sample, self.organisation).filter(evaluation=evaluation)
        context.update(
            evaluation=evaluation,
            clause_groups=grouped_by_clause(findings),
            finding_count=len(findings),
            samples=sorted(samples, key=lambda s: (dashboard.clause_key(s.clause), s.population)),
            current_type="evaluations",
        )
        return context


class FindingListView(OrgPageMixin, TemplateView):
    """Findings of the latest evaluation of each stage, or of one, by clause and grade."""

    template_name = "web/finding_list.html"
    partial_template_name = "web/partials/finding_table.html"

    def get_template_names(self):
        if wants_partial(self.request):
            return [self.partial_template_name]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        return vary_on_htmx(super().get(request, *args, **kwargs))

    def evaluations(self) -> list[Evaluation]:
        chosen = self.request.GET.get("evaluation", "")
        if chosen:
            if not chosen.isdigit():
                raise Http404("No such evaluation")
            return [get_object_or_404(scoped(Evaluation, self.organisation), pk=int(chosen))]
        latest = dashboard.latest_evaluations(self.organisation)
        return [e for e in latest.values() if e is not None]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluations = self.evaluations()
        findings = (
            scoped(Finding, self.organisation)
            .filter(evaluation__in=evaluations)
            .select_related("evaluation")
        )
        clauses = sorted(set(findings.values_list("clause", flat=True)), key=dashboard.clause_key)
        form = FindingFilterForm(self.request.GET, clauses=clauses)
        if form.is_valid():
            findings = self.filtered(findings, form.cleaned_data)
        context.update(
            form=form,
            evaluations=evaluations,
            findings=ordered_findings(findings),
            current_type="findings",
        )
        return context

    @staticmethod
    def filtered(findings, filters: dict):
        if filters.get("clause"):
            clause = filters["clause"]
            findings = findings.filter(Q(clause=clause) | Q(clause__startswith=f"{clause}."))
        if filters.get("grade"):
            findings = findings.filter(grade=filters["grade"])
        return findings
