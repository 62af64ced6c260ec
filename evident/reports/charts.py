"""The report's charts as SVG text, drawn in Python (no JavaScript, nothing fetched).

- ``clause_heat_map``: every clause of the catalogue below the top level, one row
  per top-level clause, each cell coloured by the worst finding in the clause or
  its sub-clauses (the dashboard's levels and order of gravity);
- ``findings_by_grade``: a bar per grade (Stage 1: per severity of concern);
- ``readiness_over_time``: the verdict of each stored evaluation of the
  organisation, one line per stage, from "not ready / not recommended" at the
  bottom to "ready / recommended" at the top.
"""

from __future__ import annotations

from html import escape

from evident.audits import clauses
from evident.audits.levels import LEVEL_LABELS, in_clause, worst

from .content import VERDICT_TONE, FindingItem, HistoryPoint

LEVEL_COLOURS = {
    "major": "#b42318",
    "high": "#e4572e",
    "minor": "#f0a030",
    "medium": "#f6d155",
    "low": "#9cc3e6",
    "clear": "#7cc48a",
    "none": "#e4e7eb",
}
TONE_HEIGHT = {"bad": 0, "warn": 1, "good": 2}
TONE_WORDS = ("Not ready / not recommended", "Conditional", "Ready / recommended")
STAGE_COLOURS = {1: "#3b6ea8", 2: "#7a3fa0"}
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        + "".join(body)
        + "</svg>"
    )


def _text(x, y, text, *, size=9, anchor="start", fill="#1f2933", weight="normal") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}" {FONT}>{escape(str(text))}</text>'
    )


# Clause heat map ---------------------------------------------------------------------

CELLS_PER_ROW, CELL_W, CELL_H, GAP, LABEL_W = 13, 44, 20, 3, 34


def clause_levels(findings: tuple[FindingItem, ...]) -> dict[str, str]:
    """The level of every catalogue clause: its worst finding, sub-clauses included."""
    return {
        entry.number: worst(f.level for f in findings if in_clause(f.clause, entry.number))
        for entry in clauses.all_clauses()
    }


def clause_heat_map(findings: tuple[FindingItem, ...]) -> str:
    levels = clause_levels(findings)
    rows: list[tuple[str, list[str]]] = []
    for entry in clauses.all_clauses():
        if entry.level == 1:
            rows.append((entry.number, []))
        else:
            rows[-1][1].append(entry.number)
    body, y = [], 0
    for top, numbers in rows:
        lines = [numbers[i : i + CELLS_PER_ROW] for i in range(0, len(numbers), CELLS_PER_ROW)]
        top_colour = LEVEL_COLOURS[levels[top]]
        block = len(lines) * (CELL_H + GAP) - GAP
        body.append(
            f'<rect x="0" y="{y}" width="{LABEL_W - 4}" height="{block}" rx="2" '
            f'fill="{top_colour}"/>'
        )
        body.append(
            _text(
                (LABEL_W - 4) / 2, y + block / 2 + 4, top, size=10, anchor="middle", weight="bold"
            )
        )
        for line in lines:
            for i, number in enumerate(line):
                x = LABEL_W + i * (CELL_W + GAP)
                colour = LEVEL_COLOURS[levels[number]]
                tip = f"{number}: {LEVEL_LABELS[levels[number]]}"
                body.append(
                    f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" rx="2" '
                    f'fill="{colour}"><title>{escape(tip)}</title></rect>'
                )
                body.append(_text(x + CELL_W / 2, y + 13.5, number, size=7.5, anchor="middle"))
            y += CELL_H + GAP
        y += 4
    width = LABEL_W + CELLS_PER_ROW * (CELL_W + GAP)
    y = _legend(body, y + 4, ("major", "high", "minor", "medium", "low", "clear"), width)
    return _svg(width, y, body, "Clause heat map: each clause coloured by its worst finding")


def _legend(body: list[str], y: int, levels, width: int) -> int:
    """Swatches with their labels, wrapped to ``width`` (labels measured at ~5 px a letter)."""
    x = 0
    for level in levels:
        label = LEVEL_LABELS[level]
        item = 24 + len(label) * 5
        if x and x + item > width:
            x, y = 0, y + 15
        body.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{LEVEL_COLOURS[level]}"/>')
        body.append(_text(x + 14, y + 9, label, size=8))
        x += item
    return y + 16


# Findings by grade -------------------------------------------------------------------

BAR_LEVEL = {
    "Major nonconformity": "major",
    "Minor nonconformity": "minor",
    "Opportunity for improvement": "low",
    "Area of concern (high)": "high",
    "Area of concern (medium)": "medium",
    "Area of concern (low)": "low",
}


def findings_by_grade(counts: dict[str, int], stage: int) -> str:
    """Horizontal bars; every grade of the stage is shown, zero included."""
    if stage == 1:
        labels = [f"Area of concern ({s})" for s in ("high", "medium", "low")]
    else:
        labels = ["Major nonconformity", "Minor nonconformity", "Opportunity for improvement"]
    labels += [label for label in counts if label not in labels]
    top = max([counts.get(label, 0) for label in labels] + [1])
    label_w, bar_max, row_h = 170, 300, 24
    body = []
    for i, label in enumerate(labels):
        y = i * row_h
        count = counts.get(label, 0)
        width = round(bar_max * count / top)
        colour = LEVEL_COLOURS[BAR_LEVEL.get(label, "low")]
        body.append(_text(label_w - 8, y + 15, label, anchor="end"))
        body.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{max(width, 1)}" height="16" fill="{colour}"/>'
        )
        body.append(_text(label_w + width + 6, y + 15, count, weight="bold"))
    height = len(labels) * row_h + 4
    return _svg(label_w + bar_max + 40, height, body, "Findings by grade")


# Readiness over time -----------------------------------------------------------------


def readiness_over_time(history: tuple[HistoryPoint, ...]) -> str:
    """One point per evaluation, left to right in audit-date order; a line per stage."""
    width, height, left, top, bottom = 560, 190, 140, 12, 48
    plot_w, plot_h = width - left - 40, height - top - bottom
    body = []
    for level, words in enumerate(TONE_WORDS):
        y = top + plot_h - level * plot_h / 2
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y}" y2="{y}" stroke="#d5dae0"/>')
        body.append(_text(left - 8, y + 3, words, size=8, anchor="end"))
    points = [p for p in history if VERDICT_TONE.get(p.verdict)]
    if not points:
        body.append(
            _text(left + plot_w / 2, top + plot_h / 2, "No verdicts recorded yet", anchor="middle")
        )
        return _svg(width, height, body, "Readiness over time")
    step = plot_w / max(len(points) - 1, 1)
    xy = {}
    for i, point in enumerate(points):
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        y = top + plot_h - TONE_HEIGHT[VERDICT_TONE[point.verdict]] * plot_h / 2
        xy[point.ref] = (round(x, 1), round(y, 1))
    for stage, colour in STAGE_COLOURS.items():
        series = [xy[p.ref] for p in points if p.stage == stage]
        if len(series) > 1:
            path = " ".join(f"{x},{y}" for x, y in series)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for x, y in series:
            body.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>')
    every = max(1, len(points) // 8)  # label at most about eight dates
    dates = [point.audit_date for point in points]
    for i, point in enumerate(points):
        if i % every == 0 or i == len(points) - 1:
            x = xy[point.ref][0]
            # Evaluations on the same day would carry the same label: name them by ref instead.
            label = point.ref if dates.count(point.audit_date) > 1 else point.audit_date.isoformat()
            body.append(_text(x, top + plot_h + 16, label, size=7.5, anchor="middle"))
    legend_y = height - 10
    for n, (stage, colour) in enumerate(STAGE_COLOURS.items()):
        x = left + n * 110
        body.append(f'<circle cx="{x + 4}" cy="{legend_y - 3}" r="4" fill="{colour}"/>')
        body.append(_text(x + 12, legend_y, f"Stage {stage} evaluations", size=8))
    return _svg(width, height, body, "Readiness over time")
