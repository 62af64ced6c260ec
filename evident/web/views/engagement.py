"""The auditor's workspace for one audit engagement, and the continuous-readiness panel.

The workspace shows the engagement's state and the actions it allows: the
Stage 1 draft concerns to confirm, regrade or withdraw; the Stage 2 samples
with each record's attributes, the engine's verdict and the auditor's; the
interview guide and interviews; the findings with the state of their
nonconformities and action plans; the recommendation and the decision.
Every button posts to one action view under the user's name. A button that
moves the engagement's state or a finding's status (start fieldwork, confirm,
regrade, withdraw, issue the outcome or the findings, decide, close) makes the
transition its record type declares (``certification.records``) through
``core.writers.perform_transition``, as the API does; the others run the verb
of ``certification.services``, ``certification.fieldwork`` or
``certification.plans``. The transition or the verb enforces role and state,
and its refusal is shown as a message. Without JavaScript the action
redirects back to the workspace; from htmx it answers only the fragment the
verb changed (the findings, a sampled record's row, the samples, the
interviews or the plans), with the message in it and the recommendation
swapped out of band.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from evident.audits.engine.sampling import POPULATIONS
from evident.audits.models import CorrectiveActionPlan, Sample
from evident.certification import fieldwork, maturity, plans, readiness, services
from evident.certification.interview_guide import ROLES, guide_clauses, questions_for
from evident.certification.models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Grade,
    Interview,
)
from evident.certification.recommendation import finding_states, recommendation_label
from evident.core.context import acting
from evident.core.models import Person
from evident.core.tenancy import scoped
from evident.core.writers import perform_transition

from .base import OrgPageMixin, vary_on_htmx, wants_partial

AUDITOR_ROLES = {str(r) for r in services.AUDITOR_ROLES}
ORGANISATION_ROLES = {str(r) for r in plans.ORGANISATION_ROLES}
# The fragment each verb changes, for htmx; the other verbs reload the whole page.
FRAGMENTS = {
    "confirm": "findings",
    "regrade": "findings",
    "withdraw": "findings",
    "add-finding": "findings",
    "judge": "sample_row",
    "draw-additional": "fieldwork",
    "interview": "interviews",
    "accept-plan": "plans",
    "return-plan": "plans",
    "submit-plan": "plans",
    "verify-closure": "plans",
}


class EngagementMixin(OrgPageMixin):
    def engagement(self) -> AuditEngagement:
        return get_object_or_404(scoped(AuditEngagement, self.organisation), pk=self.kwargs["pk"])

    @property
    def is_auditor(self) -> bool:
        return self.membership.role in AUDITOR_ROLES

    def workspace_context(self, engagement: AuditEngagement) -> dict:
        """What the workspace and each of its fragments show."""
        stage1 = services.is_stage1(engagement)
        findings = engagement.findings.prefetch_related("interviews").order_by(
            "status", "clause", "ref"
        )
        clause = self.request.GET.get("clause", "")
        role = self.request.GET.get("role", "")
        return dict(
            organisation=self.organisation,
            engagement=engagement,
            stage1=stage1,
            is_auditor=self.is_auditor,
            is_organisation=self.membership.role in ORGANISATION_ROLES,
            plans_open=engagement.state in plans.PLAN_STATES,
            findings=findings,
            drafts=[f for f in findings if f.status == EngagementFinding.Status.DRAFT],
            recommendation=recommendation_label(engagement),
            decisions=engagement.decisions.order_by("-decided_at"),
            samples=[] if stage1 else fieldwork.fieldwork_samples(engagement),
            populations=[p.name for p in POPULATIONS],
            states=finding_states(engagement),
            interviews=engagement.interviews.select_related("interviewee").order_by("-held_on"),
            guide_clauses=guide_clauses(),
            roles=ROLES,
            chosen_clause=clause,
            chosen_role=role,
            questions=questions_for(clause, role) if clause and role else (),
            people=scoped(Person, self.organisation).filter(active=True).order_by("name"),
            grades=[(g.value, g.label) for g in Grade if (g == Grade.AREA_OF_CONCERN) == stage1],
            decision_choices=[
                (d.value, d.label)
                for d in CertificationDecision.Decision
                if d.value in services.STAGE2_DECISIONS
            ],
            current_type="audit-engagements",
            today=dt.date.today(),
        )


class EngagementWorkspaceView(EngagementMixin, TemplateView):
    template_name = "web/engagement/workspace.html"

    def get(self, request, *args, **kwargs):
        return vary_on_htmx(super().get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.workspace_context(self.engagement()))
        return context


def _text(post, name: str) -> str:
    return (post.get(name) or "").strip()


class EngagementActionView(EngagementMixin, View):
    """Runs one verb on the engagement (POST) and returns to the workspace."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        engagement = self.engagement()
        handler = getattr(self, f"do_{kwargs['verb'].replace('-', '_')}", None)
        if handler is None:
            raise Http404("No such action")
        level = messages.SUCCESS
        try:
            with acting(source="web", user=request.user):
                done = handler(engagement, request.POST)
        except ValidationError as error:
            done, level = " ".join(error.messages), messages.ERROR
        fragment = FRAGMENTS.get(kwargs["verb"])
        if fragment and wants_partial(request):
            return vary_on_htmx(self.fragment(fragment, done, level))
        messages.add_message(request, level, done)
        url = reverse(
            "web:engagement-workspace", kwargs={"org_slug": self.org_slug, "pk": engagement.pk}
        )
        return redirect(url + _anchor(kwargs["verb"]))

    def fragment(self, name: str, flash: str, level: int):
        """The part of the workspace the verb changed, re-read after the change."""
        engagement = self.engagement()
        context = self.workspace_context(engagement)
        context.update(
            flash=flash,
            flash_level="success" if level == messages.SUCCESS else "error",
            oob=True,
        )
        if name == "sample_row":
            context.update(self.sampled_row(context["samples"]))
        return render(self.request, f"web/engagement/_{name}.html", context)

    def sampled_row(self, samples) -> dict:
        """The sample view and row of the record just judged (404 when it is not sampled)."""
        post = self.request.POST
        additional = bool(post.get("fieldwork_sample"))
        pk = _int(post.get("fieldwork_sample") or post.get("sample"))
        for view in samples:
            if view.additional == additional and view.sample.pk == pk:
                for row in view.rows:
                    if row.record.get("ref") == post.get("record_ref"):
                        return {"view": view, "row": row}
        raise Http404("No such sampled record")

    # Lookups of the records a form names, always inside the organisation and engagement.

    def finding(self, engagement, post) -> EngagementFinding:
        return get_object_or_404(engagement.findings, pk=_int(post.get("finding")))

    def person(self, post, name):
        value = post.get(name)
        if not value:
            return None
        return get_object_or_404(scoped(Person, self.organisation), pk=_int(value))

    def plan(self, post) -> CorrectiveActionPlan:
        return get_object_or_404(
            scoped(CorrectiveActionPlan, self.organisation), pk=_int(post.get("plan"))
        )

    def move(self, record, transition: str, post):
        """Make a declared transition of ``record`` with the form's values, as the API does."""
        return perform_transition(record, transition, role=self.membership.role, data=post)

    # The transitions of the engagement and its findings.

    def do_start_fieldwork(self, engagement, post):
        self.move(engagement, "start-fieldwork", post)
        return f"Fieldwork started: the engine's findings are drafts of {engagement.ref}."

    def do_confirm(self, engagement, post):
        finding = self.move(self.finding(engagement, post), "confirm", post)
        return f"{finding.ref} confirmed."

    def do_regrade(self, engagement, post):
        finding = self.move(self.finding(engagement, post), "regrade", post)
        return f"{finding.ref} regraded."

    def do_withdraw(self, engagement, post):
        finding = self.move(self.finding(engagement, post), "withdraw", post)
        return f"{finding.ref} withdrawn."

    def do_issue_outcome(self, engagement, post):
        decision = _latest_decision(self.move(engagement, "issue-outcome", post))
        return f"Stage 1 outcome issued: {decision.get_decision_display()}."

    def do_issue_findings(self, engagement, post):
        self.move(engagement, "issue-findings", post)
        return "Findings issued; nonconformities raised for the majors and minors."

    def do_decide(self, engagement, post):
        decision = _latest_decision(self.move(engagement, "decide", post))
        return f"Decision recorded: {decision.get_decision_display()}."

    def do_close(self, engagement, post):
        self.move(engagement, "close", post)
        return f"{engagement.ref} closed."

    # The verbs of fieldwork and of the action plans, which move no state.

    def do_add_finding(self, engagement, post):
        interviews = scoped(Interview, self.organisation).filter(
            engagement=engagement, pk__in=[_int(v) for v in post.getlist("interviews")]
        )
        finding = services.add_auditor_finding(
            engagement,
            clause=_text(post, "clause"),
            grade=_text(post, "grade"),
            severity=_text(post, "severity"),
            statement=_text(post, "statement"),
            requirement=_text(post, "requirement"),
            reason=_text(post, "reason"),
            interviews=list(interviews),
        )
        return f"{finding.ref} added."

    def do_judge(self, engagement, post):
        sample = fieldwork_sample = None
        if post.get("sample"):
            sample = get_object_or_404(scoped(Sample, self.organisation), pk=_int(post["sample"]))
        if post.get("fieldwork_sample"):
            fieldwork_sample = get_object_or_404(
                scoped(FieldworkSample, self.organisation), pk=_int(post["fieldwork_sample"])
            )
        judgement = fieldwork.judge_sample_record(
            engagement,
            sample=sample,
            fieldwork_sample=fieldwork_sample,
            record_ref=_text(post, "record_ref"),
            verdict=_text(post, "verdict"),
            note=_text(post, "note"),
        )
        return f"{judgement.record.get('ref')} judged {judgement.get_verdict_display().lower()}."

    def do_draw_additional(self, engagement, post):
        size = _int(post.get("size")) if post.get("size") else None
        drawn = fieldwork.draw_additional_sample(
            engagement, population=_text(post, "population"), size=size
        )
        return f"{drawn.ref}: {drawn.sample_size} more records drawn with seed {drawn.seed}."

    def do_interview(self, engagement, post):
        questions = post.getlist("question")
        answers = post.getlist("answer")
        interview = fieldwork.record_interview(
            engagement,
            interviewee=self.person(post, "interviewee"),
            role=_text(post, "role"),
            held_on=_date(post.get("held_on"), "held_on"),
            clauses=[c for c in _text(post, "clauses").replace(",", " ").split() if c],
            answers=[
                {"question": q, "answer": a} for q, a in zip(questions, answers, strict=False)
            ],
            evidence_seen=_text(post, "evidence_seen"),
            interviewer=self.person(post, "interviewer"),
        )
        return f"Interview {interview.ref} recorded."

    def do_accept_plan(self, engagement, post):
        plan = plans.accept_plan(engagement, self.plan(post))
        return f"{plan.ref} accepted."

    def do_return_plan(self, engagement, post):
        plan = plans.return_plan(engagement, self.plan(post), reason=_text(post, "reason"))
        return f"{plan.ref} returned: {plan.return_reason}"

    def do_submit_plan(self, engagement, post):
        due = _date(post.get("due_date"), "due_date") if post.get("due_date") else None
        plan = plans.submit_plan(
            self.finding(engagement, post),
            correction=_text(post, "correction"),
            root_cause=_text(post, "root_cause"),
            corrective_action=_text(post, "corrective_action"),
            owner=self.person(post, "owner"),
            due_date=due,
        )
        return f"{plan.ref} submitted to the auditor."

    def do_verify_closure(self, engagement, post):
        finding = services.verify_closure(
            self.finding(engagement, post), evidence=_text(post, "evidence")
        )
        return f"Closure of {finding.nonconformity.ref} verified."


def _latest_decision(engagement: AuditEngagement) -> CertificationDecision:
    return engagement.decisions.order_by("-decided_at", "-pk").first()


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such record") from None


def _date(value, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise ValidationError({field: "Give a date as YYYY-MM-DD."}) from None


def _anchor(verb: str) -> str:
    sections = {
        "judge": "#fieldwork",
        "draw-additional": "#fieldwork",
        "interview": "#interviews",
        "accept-plan": "#plans",
        "submit-plan": "#plans",
        "return-plan": "#plans",
        "verify-closure": "#plans",
        "decide": "#decision",
    }
    return sections.get(verb, "#findings")


class ReadinessPanelView(OrgPageMixin, TemplateView):
    """Maturity per clause, the ready-on-paper list and the readiness chart.

    A page of its own, and the panel the dashboard loads into itself.
    """

    template_name = "web/engagement/readiness.html"
    partial_template_name = "web/engagement/readiness_panel.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", None):
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = maturity.clause_maturity(self.organisation)
        points = readiness.readiness_series(self.organisation)
        context.update(
            maturity_rows=rows,
            paper_only=maturity.ready_on_paper(rows),
            levels=maturity.LEVELS,
            points=points,
            chart=readiness.readiness_svg(points),
            paper_design=maturity.PAPER_DESIGN,
            paper_effective=maturity.PAPER_EFFECTIVE,
            engagements=scoped(AuditEngagement, self.organisation).order_by("-audit_date")[:10],
            current_type="readiness",
        )
        return context
