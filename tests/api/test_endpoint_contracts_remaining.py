"""Evaluations, engagement findings, import jobs and saved column mappings over the API.

None of these is entered and edited like the other records, and each contract
overrides the generic checks that do not hold with the type's declared behaviour:
an evaluation is a run of the engine (POST runs it, nothing edits it); an
engagement finding is raised by an auditor's verb and changes only by its
transitions; an import job is started by uploading a file and written by the
import alone; a saved column mapping is a setting, deleted outright with the
deletion kept in the ledger. What is evidence is still voided, not deleted.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evident.audits.engine.runner import ENGINE_VERSION
from evident.audits.models import Evaluation
from evident.certification.models import AuditEngagement, EngagementFinding
from evident.core.context import acting
from evident.core.models import HistoryEntry, Role
from evident.core.services import model_label, update_record
from evident.core.writers import writer_for
from evident.interop.models import ImportJob, ImportMapping
from tests.api import (
    TODAY,
    RecordEndpointContract,
    as_json,
    assert_written_by_api,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    last_entry,
    record,
)

YEAR_BEFORE = TODAY - dt.timedelta(days=365)


def assert_voided_instead(api, org, route, existing, user, fmt="json"):
    """The generic void: a reason and a current version needed, then out of the live list."""
    model = type(existing)
    at = endpoint(org, route, existing.pk)
    assert api.post(f"{at}void/", {}, format=fmt).status_code == 400
    stale = f'"{existing.record_version - 1}"'
    refused = api.post(f"{at}void/", {"reason": "x"}, format=fmt, HTTP_IF_MATCH=stale)
    assert refused.status_code == 412, refused.data
    voided = api.post(f"{at}void/", {"reason": "entered twice"}, format=fmt)
    assert voided.status_code == 200, voided.data
    assert voided.data["void_reason"] == "entered twice" and voided.data["voided_at"]
    assert model.objects.get(pk=existing.pk).voided_by == user.get_username()
    assert_written_by_api(model, existing.pk, "update", user)
    assert last_entry(model, existing.pk).operation
    listed = api.get(endpoint(org, route)).data["results"]
    assert existing.ref not in [row["ref"] for row in listed]
    listed = api.get(endpoint(org, route), {"voided": "true"}).data["results"]
    assert existing.ref in [row["ref"] for row in listed]


class WrittenByEvidentAlone:
    """Shared overrides for records no request edits (an engine run, an import job).

    PATCH, PUT and DELETE are not routed (405, for any record, before it is looked
    up); the one write a person makes on one is voiding it, with a reason, on the
    version they read. Subclasses name ``background_change``, a change Evident
    itself makes to a stored record, and ``void_format``, how the void is posted.
    """

    background_change: dict
    void_format = "json"

    def test_update_answers_the_new_version_as_its_etag(self, api, org, existing):
        # With no edit, the version moves only when the record is voided; each answer names it.
        at = endpoint(org, self.route, existing.pk)
        assert api.get(at)["ETag"] == f'"{existing.record_version}"'
        voided = api.post(f"{at}void/", {"reason": "wrong file"}, format=self.void_format)
        assert voided.status_code == 200, voided.data
        assert voided.data["record_version"] == existing.record_version + 1
        assert voided["ETag"] == f'"{existing.record_version + 1}"'

    def test_an_update_based_on_an_older_version_is_refused(self, api, org, existing):
        # The void is refused when Evident changed the record since the version read.
        read = existing.record_version
        with acting(source="cli", actor_name="evident"):
            update_record(existing, **self.background_change)
        at = endpoint(org, self.route, existing.pk)
        body = {"reason": "wrong file"}
        refused = api.post(f"{at}void/", body, format=self.void_format, HTTP_IF_MATCH=f'"{read}"')
        assert refused.status_code == 412, refused.data
        assert refused.data["current_version"] == read + 1
        assert set(refused.data["changed_fields"]) == set(self.background_change)
        assert not self.model.objects.get(pk=existing.pk).is_voided

    def test_delete_is_refused_and_the_record_is_voided_instead(self, api, org, manager, existing):
        at = endpoint(org, self.route, existing.pk)
        assert api.delete(at).status_code == 405
        assert self.model.objects.filter(pk=existing.pk).exists()
        assert_voided_instead(api, org, self.route, existing, manager, self.void_format)
        assert api.patch(at, self.update, format="json").status_code == 405

    def test_another_organisations_record_cannot_be_reached(self, api, org, other_org):
        foreign = record(self.model, other_org, **self.fields(other_org))
        listed = api.get(endpoint(org, self.route))
        assert foreign.ref not in [row["ref"] for row in listed.data["results"]]
        at = endpoint(org, self.route, foreign.pk)
        assert api.get(at).status_code == 404
        voided = api.post(f"{at}void/", {"reason": "not ours"}, format=self.void_format)
        assert voided.status_code == 404
        # PATCH and DELETE are refused for every record of the type, before any lookup.
        assert api.patch(at, self.update, format="json").status_code == 405
        assert api.delete(at).status_code == 405
        stored = self.model.objects.get(pk=foreign.pk)
        assert (stored.record_version, stored.is_voided) == (foreign.record_version, False)


class TestEvaluations(WrittenByEvidentAlone, RecordEndpointContract):
    route = "evaluations"
    model = Evaluation
    update = {"seed": 8, "outcome": "ready"}
    background_change = {"recommendation": "not_recommended"}

    def fields(self, org):
        return {
            "stage": 2,
            "audit_date": TODAY,
            "period_start": YEAR_BEFORE,
            "period_end": TODAY,
            "seed": 7,
            "engine_version": "test",
            "evidence_digest": "0" * 64,
        }

    def test_create_issues_a_ref_and_leaves_a_ledger_entry(self, api, org, manager):
        # Declared: creating one runs the engine; only the stage, date and seed are taken.
        forged = {"outcome": "ready", "recommendation": "recommended"}
        body = {**as_json(self.fields(org)), **forged}
        response = api.post(endpoint(org, self.route), body, format="json")
        assert response.status_code == 201, response.data
        created = Evaluation.objects.get(pk=response.data["id"])
        assert created.organisation == org
        assert created.ref and response.data["ref"] == created.ref
        assert (created.stage, created.audit_date, created.seed) == (2, TODAY, 7)
        assert created.engine_version == ENGINE_VERSION != "test"
        assert created.evidence_digest != "0" * 64
        # An organisation with no records is not recommended for certification.
        assert created.recommendation == "not_recommended"
        assert response.data["findings_count"] == created.findings.count() > 0
        assert_written_by_api(Evaluation, created.pk, "create", manager)

    def test_update_changes_the_record_and_leaves_a_ledger_entry(self, api, org, existing):
        # Declared: a run is what the engine found and is never edited; run a new one instead.
        at = endpoint(org, self.route, existing.pk)
        seen = last_entry(Evaluation, existing.pk).seq
        assert api.patch(at, self.update, format="json").status_code == 405
        assert api.put(at, {**as_json(self.fields(org)), **self.update}).status_code == 405
        stored = Evaluation.objects.get(pk=existing.pk)
        assert (stored.seed, stored.outcome) == (7, "")
        assert stored.record_version == existing.record_version
        assert last_entry(Evaluation, existing.pk).seq == seen
        with pytest.raises(ValidationError, match="run a new evaluation"):
            writer_for(Evaluation).update(stored, seed=8)


# A Jira export of two issues, enough for an import job to run to its end.
JIRA_CSV = (
    b"Summary,Issue key,Issue id,Issue Type,Status,Priority,Created\n"
    b"Mail down,ITSM-1,10001,Incident,Resolved,High,03/Nov/24 9:15 AM\n"
    b"VPN drops,ITSM-2,10002,Incident,Closed,Low,04/Nov/24 8:00 AM\n"
)


class TestImportJobs(WrittenByEvidentAlone, RecordEndpointContract):
    route = "import-jobs"
    model = ImportJob
    update = {"file_name": "renamed.csv"}
    background_change = {"rows_read": 2}
    # The endpoint reads uploads: forms, not JSON, for the void as for the upload.
    void_format = "multipart"

    @pytest.fixture(autouse=True)
    def upload_dir(self, settings, tmp_path):
        settings.UPLOAD_DIR = tmp_path / "uploads"

    def fields(self, org):
        return {"file_name": "issues.csv", "format": "jira", "stored_file": "uploads/issues.csv"}

    def test_create_issues_a_ref_and_leaves_a_ledger_entry(self, api, org, manager):
        # Declared: a job is started by uploading the file, never by typing in its fields.
        url = endpoint(org, self.route)
        typed = as_json(self.fields(org))
        as_json_body = api.post(url, typed, format="json")
        assert as_json_body.status_code == 400 and "file" in as_json_body.data
        refused = api.post(url, typed, format="multipart")
        assert refused.status_code == 400 and "file" in refused.data
        assert not ImportJob.objects.exists()
        upload = SimpleUploadedFile("issues.csv", JIRA_CSV)
        response = api.post(url, {"format": "jira", "file": upload}, format="multipart")
        assert response.status_code == 202, response.data
        job = ImportJob.objects.get(pk=response.data["id"])
        assert job.organisation == org
        assert job.ref and response.data["ref"] == job.ref
        assert (job.file_name, job.requested_by) == ("issues.csv", manager)
        first = (
            HistoryEntry.objects.filter(model=model_label(ImportJob), object_id=job.pk)
            .order_by("seq")
            .first()
        )
        assert (first.action, first.source, first.actor) == ("create", "api", manager)

    def test_update_changes_the_record_and_leaves_a_ledger_entry(self, api, org, existing):
        # Declared: a job records what its import did; only the import moves it.
        at = endpoint(org, self.route, existing.pk)
        seen = last_entry(ImportJob, existing.pk).seq
        assert api.patch(at, self.update, format="multipart").status_code == 405
        assert api.put(at, {**as_json(self.fields(org)), **self.update}).status_code == 405
        stored = ImportJob.objects.get(pk=existing.pk)
        assert (stored.file_name, stored.status) == ("issues.csv", "queued")
        assert stored.record_version == existing.record_version
        assert last_entry(ImportJob, existing.pk).seq == seen
        with pytest.raises(PermissionDenied, match="not edited"):
            writer_for(ImportJob).update(stored, file_name="renamed.csv")


class TestImportMappings(RecordEndpointContract):
    route = "import-mappings"
    model = ImportMapping
    update = {"name": "Risk register 2025", "key_column": "ID"}

    def fields(self, org):
        return {
            "name": "Risk register",
            "record_type": "governance.risk",
            "columns": {"Risk": "title", "Owner": "owner"},
            "key_column": "Risk ID",
        }

    def test_a_delete_based_on_an_older_version_is_refused(self, api, org, existing):
        at = endpoint(org, self.route, existing.pk)
        api.patch(at, self.update, format="json")
        stale = api.delete(at, HTTP_IF_MATCH=f'"{existing.record_version}"')
        assert stale.status_code == 412
        assert ImportMapping.objects.filter(pk=existing.pk).exists()

    def test_delete_is_refused_and_the_record_is_voided_instead(self, api, org, manager, existing):
        """Declared deletable (a setting, not evidence): DELETE removes it, the ledger keeps it."""
        at = endpoint(org, self.route, existing.pk)
        response = api.delete(at)
        assert response.status_code == 204, getattr(response, "data", None)
        assert not ImportMapping.objects.filter(pk=existing.pk).exists()
        assert api.get(at).status_code == 404
        entry = last_entry(ImportMapping, existing.pk)
        assert (entry.action, entry.source, entry.actor) == ("delete", "api", manager)
        assert entry.before["name"] == "Risk register" and entry.after is None
        assert entry.object_ref == existing.ref

    def test_a_mapping_an_import_was_read_with_is_kept_for_it(self, api, org, existing):
        job = record(
            ImportJob,
            org,
            file_name="risks.csv",
            format="csv",
            stored_file="uploads/risks.csv",
            mapping=existing,
        )
        response = api.delete(endpoint(org, self.route, existing.pk))
        assert response.status_code == 409, response.data
        assert job.ref in str(response.data["referenced_by"])
        assert ImportMapping.objects.filter(pk=existing.pk).exists()


def engagement(org):
    return record(
        AuditEngagement,
        org,
        title="Stage 2 certification audit",
        kind="stage2",
        audit_date=TODAY,
        period_start=YEAR_BEFORE,
        period_end=TODAY,
        state="fieldwork",
    )


REGRADE = {"grade": "major", "reason": "The supplier runs the mail service."}


class TestEngagementFindings(RecordEndpointContract):
    """Findings are raised by an auditor's verb and move by transitions an auditor makes.

    The contract works as an internal auditor: an auditor and a writer, who may void.
    """

    route = "engagement-findings"
    model = EngagementFinding
    update = {"grade": "major"}

    @pytest.fixture
    def auditor(self, org, make_user):
        return make_user(org, Role.INTERNAL_AUDITOR)

    @pytest.fixture
    def api(self, auditor):
        return client_for(auditor)

    def fields(self, org):
        return {
            "engagement": engagement(org),
            "origin": "engine",
            "key": "s2.supplier.reviewed:minor",
            "clause": "8.3.4",
            "grade": "minor",
            "statement": "The mail supplier was not reviewed in the period.",
            "requirement": "Supplier performance is reviewed against the contract.",
        }

    def move(self, api, org, finding, name, body, **headers):
        url = f"{endpoint(org, self.route, finding.pk)}{name}/"
        return api.post(url, body, format="json", **headers)

    def test_create_issues_a_ref_and_leaves_a_ledger_entry(self, api, org, auditor, manager):
        # Declared: not entered on the findings; an auditor raises one on the engagement.
        refused = api.post(endpoint(org, self.route), as_json(self.fields(org)), format="json")
        assert refused.status_code == 405
        assert "add-finding" in str(refused.data["detail"])
        audit = engagement(org)
        url = f"{endpoint(org, 'audit-engagements', audit.pk)}add-finding/"
        raised = {
            "clause": "8.3.4",
            "grade": "minor",
            "statement": "The mail supplier was not reviewed in the period.",
            "requirement": "Supplier performance is reviewed against the contract.",
            "reason": "Seen in the supplier register.",
        }
        staff = client_for(manager).post(url, raised, format="json")
        assert staff.status_code == 403, staff.data
        assert not EngagementFinding.objects.filter(engagement=audit).exists()
        response = api.post(url, raised, format="json")
        assert response.status_code == 201, response.data
        created = EngagementFinding.objects.get(pk=response.data["id"])
        assert (created.organisation, created.engagement) == (org, audit)
        assert created.ref and response.data["ref"] == created.ref
        assert (created.origin, created.status) == ("auditor", "confirmed")
        assert_written_by_api(EngagementFinding, created.pk, "create", auditor)

    def test_update_changes_the_record_and_leaves_a_ledger_entry(
        self, api, org, auditor, manager, existing
    ):
        # Declared: no field is edited; the grade changes by the auditor's regrade transition.
        at = endpoint(org, self.route, existing.pk)
        assert api.patch(at, self.update, format="json").status_code == 405
        assert self.move(client_for(manager), org, existing, "regrade", REGRADE).status_code == 403
        assert EngagementFinding.objects.get(pk=existing.pk).grade == "minor"
        response = self.move(api, org, existing, "regrade", REGRADE)
        assert response.status_code == 200, response.data
        assert (response.data["grade"], response.data["status"]) == ("major", "changed")
        assert response.data["reason"] == REGRADE["reason"]
        assert_written_by_api(EngagementFinding, existing.pk, "update", auditor)
        assert last_entry(EngagementFinding, existing.pk).before["grade"] == "minor"

    def test_update_answers_the_new_version_as_its_etag(self, api, org, existing):
        response = self.move(api, org, existing, "confirm", {"reason": "Seen in the register."})
        assert response.status_code == 200, response.data
        assert response.data["record_version"] == existing.record_version + 1
        assert response["ETag"] == f'"{existing.record_version + 1}"'

    def test_an_update_based_on_an_older_version_is_refused(self, api, org, existing):
        stale = f'"{existing.record_version}"'
        confirmed = self.move(api, org, existing, "confirm", {}, HTTP_IF_MATCH=stale)
        assert confirmed.status_code == 200, confirmed.data
        again = self.move(api, org, existing, "regrade", REGRADE, HTTP_IF_MATCH=stale)
        assert again.status_code == 412, again.data
        assert again.data["current_version"] == existing.record_version + 1
        assert "status" in again.data["changed_fields"]
        stored = EngagementFinding.objects.get(pk=existing.pk)
        assert (stored.grade, stored.status) == ("minor", "confirmed")

    def test_delete_is_refused_and_the_record_is_voided_instead(self, api, org, auditor, existing):
        at = endpoint(org, self.route, existing.pk)
        assert api.delete(at).status_code == 405
        assert EngagementFinding.objects.filter(pk=existing.pk).exists()
        assert_voided_instead(api, org, self.route, existing, auditor)
        # A voided finding is kept as it was: no transition moves it.
        assert self.move(api, org, existing, "confirm", {}).status_code == 400
        assert EngagementFinding.objects.get(pk=existing.pk).status == "draft"

    def test_the_organisations_staff_cannot_void_an_auditors_finding(self, org, manager, existing):
        at = endpoint(org, self.route, existing.pk)
        refused = client_for(manager).post(f"{at}void/", {"reason": "awkward"}, format="json")
        assert refused.status_code == 403
        assert not EngagementFinding.objects.get(pk=existing.pk).is_voided

    def test_a_voided_draft_does_not_hold_up_issuing_the_findings(self, api, org, existing):
        at = endpoint(org, self.route, existing.pk)
        assert api.post(f"{at}void/", {"reason": "raised twice"}, format="json").status_code == 200
        audit = existing.engagement
        audit_at = endpoint(org, "audit-engagements", audit.pk)
        if audit.state == "planned":
            type(audit).objects.filter(pk=audit.pk).update(state="fieldwork")
        issued = api.post(f"{audit_at}issue-findings/", {}, format="json")
        assert "findings" not in (issued.data if issued.status_code == 400 else {}), issued.data

    def test_another_organisations_record_cannot_be_reached(self, api, org, other_org):
        foreign = record(self.model, other_org, **self.fields(other_org))
        listed = api.get(endpoint(org, self.route))
        assert foreign.ref not in [row["ref"] for row in listed.data["results"]]
        at = endpoint(org, self.route, foreign.pk)
        assert api.get(at).status_code == 404
        assert self.move(api, org, foreign, "confirm", {}).status_code == 404
        assert api.post(f"{at}void/", {"reason": "not ours"}, format="json").status_code == 404
        # PATCH and DELETE are refused for every finding, before any lookup.
        assert api.patch(at, self.update, format="json").status_code == 405
        assert api.delete(at).status_code == 405
        stored = EngagementFinding.objects.get(pk=foreign.pk)
        assert (stored.status, stored.is_voided) == ("draft", False)
