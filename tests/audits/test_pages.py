"""What the pages show of a KPI's series, a review's compiled inputs and a service report."""

import datetime as dt

import pytest

from evident.audits import pages
from evident.audits import services as audits
from evident.audits.models import KpiMeasurement, ManagementReview
from evident.audits.review_inputs import SECTIONS

from .builders import Builder


@pytest.fixture
def b(org, as_cli):
    return Builder(org)


def test_a_rising_series_draws_a_line_that_rises_left_to_right():
    points = pages.sparkline_points([1.0, 2.0, 3.0])
    assert [x for x, _ in points] == sorted(x for x, _ in points)
    assert points[0][1] > points[-1][1]  # SVG y grows downwards
    assert points[0] == (pages.PAD, pages.HEIGHT - pages.PAD)


def test_a_flat_series_stays_inside_the_box():
    points = pages.sparkline_points([5.0, 5.0])
    assert all(0 <= y <= pages.HEIGHT for _, y in points)


def test_the_kpi_series_shows_each_value_and_whether_it_met_the_target(org, b):
    kpi = audits.define_kpi(org, key="csat", name="Customer <satisfaction>", target=4)
    for month, value in ((1, "4.5"), (2, "3.9")):
        b.make(
            KpiMeasurement,
            kpi=kpi,
            period_start=dt.date(2025, month, 1),
            period_end=dt.date(2025, month, 28),
            value=value,
        )
    html = str(pages.kpi_series(kpi))
    assert "<svg" in html and "polyline" in html
    assert "Customer &lt;satisfaction&gt;" in html  # names are escaped
    assert "<td>2025-01</td><td>4.500</td><td>Yes</td>" in html
    assert "<td>2025-02</td><td>3.900</td><td>No</td>" in html


def test_a_kpi_without_values_says_so(org, as_cli):
    kpi = audits.define_kpi(org, key="csat", name="Customer satisfaction")
    assert "No value" in str(pages.kpi_series(kpi))


def test_review_inputs_are_shown_by_section_in_agenda_order(b):
    review = b.make(
        ManagementReview,
        title="Review",
        planned_date=dt.date(2025, 6, 1),
        held_on=dt.date(2025, 6, 1),
        status="held",
    )
    assert "not been compiled" in str(pages.review_inputs(review))
    html = str(pages.review_inputs(audits.compile_review_inputs(review)))
    positions = [html.index(title) for _, title in SECTIONS]
    assert positions == sorted(positions)


def test_a_service_report_is_shown_by_section(b):
    email = b.service("Email")
    b.incident(email, dt.date(2025, 3, 3))
    report = audits.generate_service_report(
        email, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31)
    )
    html = str(pages.service_report(report))
    assert "<h3>Incidents</h3>" in html and "<dt>Opened</dt><dd>1</dd>" in html
