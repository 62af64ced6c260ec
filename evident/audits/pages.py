"""What the record pages show beyond a record's fields: a KPI's series as a sparkline,
a review's compiled inputs by section, a service report by section.

Each function returns HTML that is safe to place in a page: values from the
records are escaped, and the sparkline is an inline SVG drawn on the server.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .kpis import series
from .models import Kpi, ManagementReview, ServiceReport
from .review_inputs import SECTIONS

WIDTH, HEIGHT, PAD = 240, 48, 4


def sparkline_points(values: list[float]) -> list[tuple[float, float]]:
    """Points of a line through ``values`` in a WIDTH x HEIGHT box (larger values higher)."""
    if not values:
        return []
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    return [
        (round(PAD + i * step, 1), round(HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD), 1))
        for i, v in enumerate(values)
    ]


def kpi_series(kpi: Kpi) -> SafeString:
    """The KPI's values in period order: an SVG sparkline and a table of the values."""
    rows = [m for m in series(kpi) if m.value is not None]
    if not rows:
        return mark_safe('<p class="empty">No value has been recorded yet.</p>')
    points = sparkline_points([float(m.value) for m in rows])
    path = " ".join(f"{x},{y}" for x, y in points)
    label = f"{kpi.name}: {len(rows)} values from {rows[0].period_start:%Y-%m} to " + (
        f"{rows[-1].period_start:%Y-%m}"
    )
    svg = format_html(
        '<svg class="sparkline" role="img" aria-label="{}" width="{}" height="{}" '
        'viewBox="0 0 {} {}"><polyline fill="none" stroke="currentColor" stroke-width="2" '
        'points="{}"/></svg>',
        label,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        path,
    )
    table = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (m.period_start.strftime("%Y-%m"), m.value, _met(kpi.meets_target(m.value)))
            for m in rows
        ),
    )
    return format_html(
        '{}<table class="table"><thead><tr><th scope="col">Period</th><th scope="col">Value'
        '</th><th scope="col">Target met</th></tr></thead><tbody>{}</tbody></table>',
        svg,
        table,
    )


def _met(result: bool | None) -> str:
    return {True: "Yes", False: "No", None: "–"}[result]


def _facts(section: dict) -> SafeString:
    items = (
        (key.replace("_", " ").capitalize(), _fact(value))
        for key, value in section.items()
        if key != "title"
    )
    return format_html('<dl class="fields">{}</dl>', format_html_join(
        "", "<div><dt>{}</dt><dd>{}</dd></div>", items
    ))  # fmt: skip


def _fact(value) -> str:
    if isinstance(value, list):
        refs = [v.get("ref") or v.get("kpi") for v in value if isinstance(v, dict)]
        if refs and all(refs):
            return ", ".join(str(r) for r in refs)
        return f"{len(value)} entries" if value else "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
    return "–" if value is None else str(value)


def review_inputs(review: ManagementReview) -> SafeString:
    """The compiled inputs of a review, one section per input in agenda order."""
    sections = (review.inputs or {}).get("sections")
    if not sections:
        return mark_safe('<p class="empty">The inputs have not been compiled yet.</p>')
    parts = [
        format_html("<section><h3>{}</h3>{}</section>", title, _facts(sections[key]))
        if key in sections
        else format_html('<section><h3>{}</h3><p class="empty">Not compiled.</p></section>', title)
        for key, title in SECTIONS
    ]
    return format_html_join("", "{}", ((part,) for part in parts))


REPORT_SECTIONS = (
    ("service_levels", "Service levels"),
    ("incidents", "Incidents"),
    ("requests", "Service requests"),
    ("changes", "Changes"),
    ("problems", "Problems"),
    ("availability", "Availability"),
    ("complaints", "Complaints"),
)


def service_report(report: ServiceReport) -> SafeString:
    """A generated service report, section by section."""
    content = report.content or {}
    parts = [
        format_html(
            "<section><h3>{}</h3>{}</section>",
            title,
            _facts(content[key]) if isinstance(content[key], dict) else _fact(content[key]),
        )
        for key, title in REPORT_SECTIONS
        if key in content
    ]
    if not parts:
        return mark_safe('<p class="empty">The report has no content yet.</p>')
    return format_html_join("", "{}", ((part,) for part in parts))
