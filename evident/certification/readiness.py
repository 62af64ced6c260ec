"""Continuous readiness: every stored evaluation as a point in time, and its chart.

Each evaluation the engine stored is a point: its stage, its verdict and a
score for it (ready or recommended 100, conditionally ready or recommended
after the action plans 50, not ready or not recommended 0), and its open
findings by grade (a minor whose action plan is accepted is no longer open).
``readiness_svg`` draws the series on the server, with no script: one line per
stage for the score, and bars for the open findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from evident.audits.models import Evaluation, Finding
from evident.core.tenancy import scoped

SCORE = {
    Evaluation.Outcome.READY: 100,
    Evaluation.Outcome.CONDITIONALLY_READY: 50,
    Evaluation.Outcome.NOT_READY: 0,
    Evaluation.Recommendation.RECOMMENDED: 100,
    Evaluation.Recommendation.AFTER_CAP: 50,
    Evaluation.Recommendation.NOT_RECOMMENDED: 0,
}
MAX_POINTS = 40


@dataclass(frozen=True)
class ReadinessPoint:
    ref: str
    pk: int
    stage: int
    audit_date: object
    created_at: object
    verdict: str
    verdict_label: str
    majors: int
    minors: int
    concerns: int
    ofis: int

    @property
    def score(self) -> int | None:
        return SCORE.get(self.verdict)

    @property
    def open_findings(self) -> int:
        return self.majors + self.minors + self.concerns


def readiness_series(organisation, limit: int = MAX_POINTS) -> list[ReadinessPoint]:
    """The latest ``limit`` evaluations, oldest first, with their verdicts and open findings."""
    G = Finding.Grade
    evaluations = (
        scoped(Evaluation, organisation)
        .filter(voided_at__isnull=True)
        .annotate(
            majors=Count("findings", filter=Q(findings__grade=G.MAJOR)),
            minors=Count(
                "findings", filter=Q(findings__grade=G.MINOR, findings__cap_accepted=False)
            ),
            concerns=Count("findings", filter=Q(findings__grade=G.AREA_OF_CONCERN)),
            ofis=Count("findings", filter=Q(findings__grade=G.OFI)),
        )
        .order_by("-created_at", "-pk")[:limit]
    )
    points = []
    for e in reversed(list(evaluations)):
        verdict = e.outcome if e.stage == 1 else e.recommendation
        label = e.get_outcome_display() if e.stage == 1 else e.get_recommendation_display()
        points.append(
            ReadinessPoint(
                e.ref,
                e.pk,
                e.stage,
                e.audit_date,
                e.created_at,
                verdict,
                label,
                e.majors,
                e.minors,
                e.concerns,
                e.ofis,
            )
        )
    return points


WIDTH, HEIGHT, PAD = 640, 220, 36
COLOURS = {1: "#2b6cb0", 2: "#2f855a"}


def readiness_svg(points: list[ReadinessPoint]) -> str:
    """An SVG chart of the score per stage (lines) and open findings (bars) over time."""
    if not points:
        return ""
    plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = plot_w / max(len(points), 1)
    most = max(max(p.open_findings for p in points), 1)

    def x(i):
        return PAD + step * (i + 0.5)

    def y(score):
        return PAD + plot_h * (1 - score / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="readiness-chart" role="img" aria-labelledby="readiness-title readiness-desc">',
        '<title id="readiness-title">Readiness and open findings over time</title>',
        f'<desc id="readiness-desc">{len(points)} evaluations, oldest on the left. Lines: '
        "verdict score per stage (100 ready or recommended, 50 conditional, 0 not). "
        "Bars: open findings.</desc>",
    ]
    for score in (0, 50, 100):
        parts.append(
            f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(score):.1f}" y2="{y(score):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{PAD - 6}" y="{y(score) + 4:.1f}" text-anchor="end" '
            f'font-size="10">{score}</text>'
        )
    bar_w = max(step * 0.4, 2)
    for i, p in enumerate(points):
        h = plot_h * p.open_findings / most
        parts.append(
            f'<rect x="{x(i) - bar_w / 2:.1f}" y="{PAD + plot_h - h:.1f}" width="{bar_w:.1f}" '
            f'height="{h:.1f}" fill="#e53e3e" fill-opacity="0.35">'
            f"<title>{escape(p.ref)}: {p.open_findings} open findings</title></rect>"
        )
    for stage, colour in COLOURS.items():
        line = [
            (x(i), y(p.score))
            for i, p in enumerate(points)
            if p.stage == stage and p.score is not None
        ]
        if len(line) > 1:
            coords = " ".join(f"{a:.1f},{b:.1f}" for a, b in line)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        staged = [p for p in points if p.stage == stage and p.score is not None]
        for (a, b), p in zip(line, staged, strict=True):
            parts.append(
                f'<circle cx="{a:.1f}" cy="{b:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(p.ref)} Stage {stage} {p.audit_date}: {escape(p.verdict_label)}"
                "</title></circle>"
            )
    first, last = points[0], points[-1]
    parts.append(
        f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="10">{escape(str(first.audit_date))}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" font-size="10" text-anchor="end">'
        f"{escape(str(last.audit_date))}</text>"
        f'<text x="{WIDTH - PAD}" y="{PAD - 10}" font-size="10" text-anchor="end">'
        f"bars: open findings (max {most})</text></svg>"
    )
    return mark_safe("".join(parts))  # every interpolated text is escaped above
