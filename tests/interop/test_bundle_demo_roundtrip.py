"""The demo organisation, at each scale, survives a move: export, import elsewhere, export.

Export, empty the database, import the file, export again: the same bytes but
for the export time. This is a backup restored, or a move between servers, run
with the commands an operator would use.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from evident.demo import SCALE_DEMO, SCALE_SMALL, build_organisation, remove_organisation
from evident.interop.bundle import bundle_json, read_bundle

from . import differences, footprint, without_export_time

TODAY = dt.date(2026, 11, 22)


def evident(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("scale", [SCALE_SMALL, SCALE_DEMO], ids=["small", "demo"])
def test_the_demo_organisation_exports_the_same_bundle_after_a_move(db, tmp_path, scale):
    build_organisation("demo", today=TODAY, scale=scale, faults=True)
    exported, again = tmp_path / "demo.json", tmp_path / "again.json"
    evident("export", org="demo", output=str(exported))
    remove_organisation("demo")
    assert not any(footprint().values())

    evident("import", str(exported))
    evident("export", org="demo", output=str(again))

    first, second = (read_bundle(path.read_bytes()) for path in (exported, again))
    assert sum(len(rows) for rows in first["records"].values()) > 1_000
    assert differences(first, second) == []
    assert bundle_json(without_export_time(first)) == bundle_json(without_export_time(second))
