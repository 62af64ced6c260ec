"""The Run Stage 1 / Run Stage 2 buttons run the engine as the signed-in user."""

import pytest

from evident.audits.models import Evaluation
from evident.core.models import HistoryEntry, Role

ENGINE_MISSING = "the audit engine (evident.audits.engine) is not importable yet"


def test_a_viewer_may_not_run_an_evaluation(client, org, make_user):
    client.force_login(make_user(org, Role.VIEWER))
    assert client.post("/o/acme/evaluations/run/", {"stage": "1"}).status_code == 403
    assert not Evaluation.objects.exists()


def test_running_needs_a_post_and_a_known_stage(client, manager):
    client.force_login(manager)
    assert client.get("/o/acme/evaluations/run/").status_code == 405
    assert client.post("/o/acme/evaluations/run/", {"stage": "3"}).status_code == 400
    assert client.post("/o/acme/evaluations/run/", {}).status_code == 400


def test_a_non_member_cannot_run_an_evaluation(client, other_org, make_user):
    client.force_login(make_user(other_org, Role.ADMIN))
    assert client.post("/o/acme/evaluations/run/", {"stage": "1"}).status_code == 404


@pytest.mark.parametrize("role", [Role.SMS_MANAGER, Role.EXTERNAL_AUDITOR])
def test_the_run_button_evaluates_and_shows_the_evaluation(client, org, make_user, role):
    pytest.importorskip("evident.audits.engine", reason=ENGINE_MISSING)
    user = make_user(org, role)
    client.force_login(user)
    response = client.post("/o/acme/evaluations/run/", {"stage": "1"})
    evaluation = Evaluation.objects.get(organisation=org)
    assert evaluation.stage == 1
    assert response.status_code == 302
    assert response["Location"] == f"/o/acme/evaluations/{evaluation.pk}/"
    entry = HistoryEntry.objects.get(model="audits.evaluation", object_id=evaluation.pk)
    assert (entry.source, entry.actor) == ("web", user)
    page = client.get(response["Location"]).content.decode()
    assert evaluation.get_outcome_display() in page
    # An empty organisation has no foundations: Stage 1 says so.
    assert evaluation.outcome == Evaluation.Outcome.NOT_READY
