"""Readiness over time: stored evaluations read as a series, and the command that adds to it."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from evident.audits.models import Evaluation
from evident.audits.readiness import readiness_series
from evident.core.models import HistoryEntry
from evident.core.tenancy import scoped

from .test_gap_analysis import evaluation, finding


def test_the_series_is_every_evaluation_oldest_first_with_counts(org, as_cli):
    later = evaluation(org, 2, recommendation="not_recommended")
    later.audit_date = dt.date(2025, 7, 7)
    later.save()
    earlier = evaluation(org, 1, outcome="not_ready")
    finding(org, earlier, "4.3", "area_of_concern", "high")
    finding(org, earlier, "6.3", "area_of_concern", "low")
    finding(org, later, "8.5.1", "major")
    finding(org, later, "7.2", "minor")
    finding(org, later, "7.5", "ofi")
    series = readiness_series(org)
    assert [p.evaluation for p in series] == [earlier, later]
    first, second = series
    assert (first.stage, first.verdict, first.blocking) == (1, "Not ready", 1)
    assert first.counts == {"major": 0, "minor": 0, "ofi": 0, "high": 1, "medium": 0, "low": 1}
    assert (second.stage, second.verdict_code, second.blocking) == (2, "not_recommended", 2)
    assert second.as_dict()["counts"]["ofi"] == 1
    assert readiness_series(org, since=dt.date(2025, 7, 1)) == [series[1]]


def test_another_organisations_evaluations_are_not_in_the_series(org, other_org, as_cli):
    evaluation(other_org, 1)
    assert readiness_series(org) == []


def test_track_readiness_stores_both_stages(org):
    out = StringIO()
    call_command("track_readiness", "--org", org.slug, "--date", "2025-06-30", stdout=out)
    evaluations = scoped(Evaluation, org).order_by("stage")
    assert [(e.stage, e.audit_date) for e in evaluations] == [
        (1, dt.date(2025, 6, 30)),
        (2, dt.date(2025, 6, 30)),
    ]
    assert out.getvalue().count("as at 2025-06-30") == 2
    entry = HistoryEntry.objects.filter(model="audits.evaluation").first()
    assert (entry.source, entry.actor_name) == ("cli", "track-readiness")
    assert len(readiness_series(org)) == 2


@pytest.mark.parametrize(
    "args, message", [(["--org", "nobody"], "No organisation"), (["--date", "30/06"], "--date")]
)
def test_track_readiness_explains_bad_arguments(org, args, message):
    argv = ["--org", org.slug, *args] if args[0] == "--date" else args
    with pytest.raises(CommandError, match=message):
        call_command("track_readiness", *argv)
