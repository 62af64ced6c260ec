"""The user's organisations, an organisation's dashboard, and the buttons that run the engine."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from evident.audits import levels as gravity
from evident.audits.models import Evaluation
from evident.core.context import acting

from .. import dashboard
from .base import OrgPageMixin


class HomeView(LoginRequiredMixin, TemplateView):
    """The organisations the user belongs to; with only one, straight to its dashboard."""

    template_name = "web/home.html"

    def get(self, request, *args, **kwargs):
        memberships = list(
            request.user.memberships.select_related("organisation").order_by("organisation__name")
        )
        if len(memberships) == 1:
            return redirect("web:dashboard", org_slug=memberships[0].organisation.slug)
        return self.render_to_response(self.get_context_data(memberships=memberships))


class DashboardView(OrgPageMixin, TemplateView):
    """The latest verdicts of both stages, findings by grade and the clause-by-clause picture."""

    template_name = "web/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = dashboard.latest_evaluations(self.organisation)
        evaluations = [e for e in latest.values() if e is not None]
        context.update(
            stage1=latest[Evaluation.Stage.READINESS],
            stage2=latest[Evaluation.Stage.EFFECTIVENESS],
            grade_counts=dashboard.grade_counts(self.organisation, evaluations),
            clause_tree=dashboard.clause_tree(self.organisation, evaluations),
            levels=[(level, gravity.LEVEL_LABELS[level]) for level in gravity.LEVELS],
            evaluated=bool(evaluations),
        )
        return context


class RunEvaluationView(OrgPageMixin, View):
    """Runs the audit engine for one stage (POST) and shows the new evaluation.

    Writer roles and the external auditor may run it; the evaluation and its
    findings are written under the user's name with the ``web`` source.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.require_writer(findings=True)
        try:
            stage = Evaluation.Stage(int(request.POST.get("stage", "")))
        except ValueError:
            return HttpResponseBadRequest("Choose Stage 1 or Stage 2.")
        # Imported on use: loading the engine registers every check, which no other page needs.
        from evident.audits.engine import run_evaluation

        with acting(source="web", user=request.user):
            evaluation = run_evaluation(self.organisation, stage)
        messages.success(request, f"{stage.label} evaluated: {evaluation.ref}.")
        url = reverse(
            "web:evaluation-detail", kwargs={"org_slug": self.org_slug, "pk": evaluation.pk}
        )
        return redirect(url)
