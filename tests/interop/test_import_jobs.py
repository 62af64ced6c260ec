"""Uploading an export from the pages or the API: the import runs as a job with a result page."""

import gzip
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evident.core.models import HistoryEntry, Role
from evident.core.tenancy import scoped
from evident.interop.models import ImportJob
from evident.operations.models import Incident

DATA = Path(__file__).parent / "data"
SERVICENOW = DATA / "servicenow_incidents.csv"
BAD_ROWS = DATA / "servicenow_bad_rows.csv"
JIRA = DATA / "jira_issues.csv"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


@pytest.fixture
def writer(client, manager):
    client.force_login(manager)
    return client


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def post_upload(client, path, fmt="servicenow", **kwargs):
    data = {"format": fmt, "file": upload(path, **kwargs)}
    return client.post("/o/acme/imports/new/", data)


def test_an_upload_runs_an_import_job_and_redirects_to_its_result(writer, org, manager):
    response = post_upload(writer, SERVICENOW)
    job = ImportJob.objects.get(organisation=org)
    assert response.status_code == 302
    assert response["Location"] == f"/o/acme/imports/{job.pk}/"
    assert job.status == ImportJob.Status.DONE
    assert job.created == scoped(Incident, org).count() > 0
    assert (job.file_name, job.requested_by) == ("servicenow_incidents.csv", manager)
    page = writer.get(response["Location"]).content.decode()
    assert "Done" in page and f"<dt>Created</dt><dd>{job.created}</dd>" in page


def test_imported_records_are_attributed_to_the_uploader_and_the_file(writer, org, manager):
    post_upload(writer, SERVICENOW)
    incident = scoped(Incident, org).order_by("ref").first()
    entry = HistoryEntry.objects.get(organisation=org, object_ref=incident.ref, action="create")
    assert (entry.actor, entry.source) == (manager, "import")
    assert entry.source_detail["file"].endswith(".csv")


def test_rejected_rows_are_listed_on_the_result_page(writer, org):
    response = post_upload(writer, BAD_ROWS)
    job = ImportJob.objects.get(organisation=org)
    assert job.status == ImportJob.Status.DONE_WITH_REJECTIONS
    assert job.problem_count == len(job.problems) == 5
    page = writer.get(response["Location"]).content.decode()
    assert "unknown incident state &#x27;Frozen&#x27;" in page
    assert "Rejected rows" in page


def test_a_file_refused_whole_imports_nothing_and_says_why(writer, org):
    post_upload(writer, DATA / "jira_issues.csv", fmt="servicenow")
    job = ImportJob.objects.get(organisation=org)
    assert job.status == ImportJob.Status.REFUSED
    assert "lacks required columns" in job.error
    assert not scoped(Incident, org).exists()


def test_a_gzip_jira_upload_imports_incidents_and_requests(writer, org, tmp_path):
    packed = tmp_path / "issues.csv.gz"
    packed.write_bytes(gzip.compress(JIRA.read_bytes()))
    post_upload(writer, packed, fmt="jira")
    job = ImportJob.objects.get(organisation=org)
    assert (job.status, job.created, job.skipped) == ("done", 5, {"Problem": 1})


def test_the_result_page_counts_new_cis_and_links_that_could_not_be_made(writer, org, tmp_path):
    changes = post_upload(writer, DATA / "servicenow_changes.csv")
    job = ImportJob.objects.get(organisation=org)
    assert job.cis_created == 3
    page = writer.get(changes["Location"]).content.decode()
    assert "<dt>New unconfirmed configuration items</dt><dd>3</dd>" in page

    log = tmp_path / "log.csv"
    log.write_text(
        "number,incident_state,sys_mod_count,sys_updated_at,opened_at,priority,problem_id\n"
        "INC1,New,0,2/3/2025 09:00,2/3/2025 09:00,3 - Moderate,PRB404\n"
    )
    incidents = post_upload(writer, log)
    job = ImportJob.objects.get(organisation=org, file_name="log.csv")
    assert (job.status, job.created, job.unlinked) == ("done", 1, {"problem": 1})
    page = writer.get(incidents["Location"]).content.decode()
    assert "<dt>Not linked, problem not held</dt><dd>1</dd>" in page
    assert "import this file again" in page


def test_the_upload_is_removed_once_the_job_has_finished(writer, upload_dir):
    post_upload(writer, SERVICENOW)
    assert list(upload_dir.iterdir()) == []


def test_a_form_without_a_file_is_shown_again_with_the_field_named(writer, org):
    response = writer.post("/o/acme/imports/new/", {"format": "servicenow"})
    assert response.status_code == 200
    assert 'id="id_file_errors"' in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_empty_file_is_refused_before_a_job_is_made(writer, org):
    empty = SimpleUploadedFile("empty.csv", b"")
    response = writer.post("/o/acme/imports/new/", {"format": "servicenow", "file": empty})
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_a_viewer_may_not_upload(client, org, make_user):
    client.force_login(make_user(org, Role.VIEWER))
    assert client.get("/o/acme/imports/new/").status_code == 403
    assert post_upload(client, SERVICENOW).status_code == 403
    assert not ImportJob.objects.exists()


def test_a_running_job_page_polls_and_a_finished_one_does_not(writer, org, manager, as_cli):
    from evident.core.services import create_record

    queued = create_record(
        ImportJob, org, file_name="a.csv", format="servicenow", stored_file="/nowhere"
    )
    fragment = writer.get(f"/o/acme/imports/{queued.pk}/", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    assert "<progress" in fragment.content.decode()
    post_upload(writer, SERVICENOW)
    done = ImportJob.objects.get(status="done")
    assert "hx-trigger" not in writer.get(f"/o/acme/imports/{done.pk}/").content.decode()


def test_another_organisations_job_is_not_found(client, org, other_org, make_user, writer):
    post_upload(writer, SERVICENOW)
    job = ImportJob.objects.get(organisation=org)
    client.force_login(make_user(other_org, Role.SMS_MANAGER, username="globex-manager"))
    assert client.get(f"/o/globex/imports/{job.pk}/").status_code == 404
    assert client.get(f"/o/acme/imports/{job.pk}/").status_code == 404


class TestTheApi:
    url = "/api/orgs/acme/import-jobs/"

    def test_a_posted_file_starts_a_job_answered_with_202(self, writer, org):
        response = writer.post(self.url, {"format": "jira", "file": upload(JIRA)})
        assert response.status_code == 202
        body = response.json()
        assert (body["status"], body["created"], body["skipped"]) == ("done", 5, {"Problem": 1})
        assert body["progress"] == {"phase": "done", "fraction": 1.0}
        assert writer.get(f"{self.url}{body['id']}/").json()["ref"] == body["ref"]

    def test_a_bad_format_or_a_missing_file_is_a_400_naming_the_field(self, writer, org):
        response = writer.post(self.url, {"format": "remedy", "file": upload(JIRA)})
        assert response.status_code == 400 and "format" in response.json()
        response = writer.post(self.url, {"format": "jira"})
        assert response.status_code == 400 and "file" in response.json()
        assert not ImportJob.objects.exists()

    def test_jobs_cannot_be_edited_or_deleted(self, writer, org):
        job_id = writer.post(self.url, {"format": "jira", "file": upload(JIRA)}).json()["id"]
        assert writer.patch(f"{self.url}{job_id}/", {}).status_code == 405
        assert writer.delete(f"{self.url}{job_id}/").status_code == 405

    def test_a_viewer_may_read_jobs_but_not_start_one(self, client, org, make_user):
        client.force_login(make_user(org, Role.VIEWER))
        assert client.get(self.url).status_code == 200
        assert client.post(self.url, {"format": "jira", "file": upload(JIRA)}).status_code == 403
