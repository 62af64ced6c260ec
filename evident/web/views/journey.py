"""The implementation journey: the gap analysis, the steering committee's progress page and
the resource plan's monthly load.

``urlpatterns`` are mounted under ``/o/<org_slug>/`` before the generic record routes.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldError, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from evident.audits import gap_analysis as gaps
from evident.audits.readiness import readiness_series
from evident.core.safe_export import attachment
from evident.core.tenancy import scoped
from evident.governance import resources
from evident.governance.models import Milestone, Objective, SmsPlan

from .base import OrgPageMixin

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 640, 220, 36
STAGE_COLOUR = {1: "#b45309", 2: "#1d4ed8"}
STATUS_STYLE = {
    gaps.MET: "good",
    gaps.PARTLY_MET: "warn",
    gaps.NOT_MET: "bad",
    gaps.NOT_ASSESSED: "none",
}


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class GapAnalysisView(OrgPageMixin, TemplateView):
    """Every clause with its status, evidence and milestones; ``?export=csv|xlsx`` downloads it."""

    template_name = "web/journey/gap_analysis.html"

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export", "")
        if export in ("csv", "xlsx"):
            analysis = gaps.gap_analysis(self.organisation)
            if export == "csv":
                content, content_type = gaps.as_csv(analysis), "text/csv; charset=utf-8"
            else:
                content, content_type = gaps.as_xlsx(analysis), XLSX_TYPE
            response = HttpResponse(content, content_type=content_type)
            name = f"gap-analysis-{self.organisation.slug}.{export}"
            response["Content-Disposition"] = attachment(name)
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        analysis = gaps.gap_analysis(self.organisation)
        context.update(
            analysis=analysis,
            rows=[(gap, STATUS_STYLE[gap.status]) for gap in analysis.clauses],
            counts=[
                (gaps.STATUS_LABELS[k], STATUS_STYLE[k], n) for k, n in analysis.counts().items()
            ],
            to_plan=len(analysis.gaps_to_plan()),
            plans=scoped(SmsPlan, self.organisation).order_by("-approved_at", "ref"),
            current_type="gap-analysis",
        )
        return context


class GapPlanView(OrgPageMixin, View):
    """POST: turn the gaps into milestones of the chosen SMS plan."""

    def post(self, request, *args, **kwargs):
        self.require_writer()
        target = redirect("web:gap-analysis", org_slug=self.org_slug)
        plan_id = request.POST.get("plan", "")
        plan = None
        if plan_id.isdigit():
            plan = scoped(SmsPlan, self.organisation).filter(pk=int(plan_id)).first()
        if plan is None:
            messages.error(request, "Choose the SMS plan the milestones go into.")
            return target
        try:
            created = gaps.turn_gaps_into_plan(self.organisation, plan, request.user, source="web")
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            return target
        if created:
            messages.success(
                request, f"Added {len(created)} milestone(s) to {plan.ref} {plan.title}."
            )
        else:
            messages.info(request, "Every clause with gaps already has an open milestone.")
        return target


class ProgressView(OrgPageMixin, TemplateView):
    """For the steering committee: plan milestones, objectives and readiness over time."""

    template_name = "web/journey/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = today()
        milestones = list(
            scoped(Milestone, self.organisation)
            .select_related("plan", "owner")
            .order_by("due_date", "ref")
        )
        objectives = list(
            scoped(Objective, self.organisation).select_related("owner").order_by("title")
        )
        series = readiness_series(self.organisation)
        measures = latest_measures(objectives)
        context.update(
            done=[m for m in milestones if m.status == Milestone.Status.DONE],
            overdue=[
                m for m in milestones if m.status != Milestone.Status.DONE and m.due_date < day
            ],
            upcoming=[
                m for m in milestones if m.status != Milestone.Status.DONE and m.due_date >= day
            ],
            objectives=[(o, measures.get(o.pk)) for o in objectives],
            series=list(reversed(series)),
            chart=readiness_chart(series),
            current_type="progress",
        )
        return context


def latest_measures(objectives) -> dict[int, object]:
    """The latest KPI measurement of each objective, where the organisation measures KPIs.

    KPI records are optional: without them (or without a link to objectives) there is
    no measure to show, and the page says so.
    """
    try:
        model = apps.get_model("audits", "KpiMeasurement")
    except LookupError:
        return {}
    try:
        rows = model._default_manager.filter(kpi__objective__in=objectives).order_by(
            "kpi__objective", "-period_end"
        )
        latest = {}
        for row in rows.select_related("kpi"):
            latest.setdefault(row.kpi.objective_id, row)
        return latest
    except (FieldError, AttributeError):
        return {}


def readiness_chart(series) -> dict | None:
    """Geometry of the readiness chart: blocking findings per evaluation, one line per stage."""
    if not series:
        return None
    first, last = series[0].audit_date, series[-1].audit_date
    span = max((last - first).days, 1)
    top = max(max(p.blocking for p in series), 1)
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD

    def x(day):
        return round(CHART_PAD + inner_w * (day - first).days / span, 1)

    def y(count):
        return round(CHART_HEIGHT - CHART_PAD - inner_h * count / top, 1)

    lines = []
    for stage, label in ((1, "Stage 1: high and medium concerns"), (2, "Stage 2: nonconformities")):
        points = [
            {"x": x(p.audit_date), "y": y(p.blocking), "point": p}
            for p in series
            if p.stage == stage
        ]
        if points:
            lines.append(
                {
                    "label": label,
                    "colour": STAGE_COLOUR[stage],
                    "points": points,
                    "path": " ".join(f"{pt['x']},{pt['y']}" for pt in points),
                }
            )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_PAD,
        "right": CHART_WIDTH - CHART_PAD,
        "top_y": y(top),
        "base_y": y(0),
        "top": top,
        "first": first,
        "last": last,
        "lines": lines,
    }


class ResourceLoadView(OrgPageMixin, TemplateView):
    """Each person's FTE per month in the resource plan; months above 1.0 stand out."""

    template_name = "web/journey/resource_load.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            first, last = resources.months_from_query(self.request.GET, today())
            error = ""
        except ValidationError as invalid:
            first, last = resources.months_from_query({}, today())
            error = "; ".join(invalid.messages)
        loads = resources.person_month_loads(self.organisation, first, last)
        months, rows = resources.load_table(loads)
        context.update(
            first=first,
            last=last,
            error=error,
            months=months,
            rows=rows,
            over=[load for load in loads if load.over_allocated],
            current_type="resource-allocations",
        )
        return context


urlpatterns = [
    path("gap-analysis/", GapAnalysisView.as_view(), name="gap-analysis"),
    path("gap-analysis/plan/", GapPlanView.as_view(), name="gap-analysis-plan"),
    path("progress/", ProgressView.as_view(), name="progress"),
    path("resource-load/", ResourceLoadView.as_view(), name="resource-load"),
]
