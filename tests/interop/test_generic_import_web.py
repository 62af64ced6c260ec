"""Saved column mappings over the API and the pages, and csv/xlsx uploads read with them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evident.core.context import acting
from evident.core.models import HistoryEntry, Role
from evident.core.tenancy import scoped
from evident.governance.models import Risk
from evident.interop.models import ImportJob, ImportMapping
from evident.interop.services import create_mapping

API = "/api/orgs/acme/import-mappings/"
JOBS = "/api/orgs/acme/import-jobs/"
RISK_CSV = b"Risk ID;Risk;Likelihood;Review due\nR-1;Relay outage;4;31/12/2026\nR-2;;2;01/01/2027\n"
MAPPING = {
    "name": "Risk register",
    "record_type": "risks",
    "key_column": "Risk ID",
    "columns": {"Risk": "title", "Likelihood": "likelihood", "Review due": "review_due"},
}


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def writer(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def saved(org):
    with acting(source="cli"):
        return create_mapping(org, **MAPPING)


def csv_upload(content=RISK_CSV, name="risks.csv"):
    return SimpleUploadedFile(name, content)


class TestTheMappingApi:
    def test_a_mapping_is_created_in_canonical_form_with_history(self, writer, org):
        response = writer.post(API, MAPPING, content_type="application/json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["record_type"], body["ref"][:4]) == ("governance.risk", "IMPM")
        entry = HistoryEntry.objects.get(organisation=org, object_ref=body["ref"])
        assert (entry.action, entry.source) == ("create", "api")

    def test_an_unknown_field_or_record_type_is_a_400_naming_it(self, writer, org):
        bad = {**MAPPING, "columns": {"Risk": "headline"}}
        response = writer.post(API, bad, content_type="application/json")
        assert response.status_code == 400
        assert "no importable field 'headline'" in response.json()["columns"][0]
        response = writer.post(
            API, {**MAPPING, "record_type": "spaceships"}, content_type="application/json"
        )
        assert response.status_code == 400
        assert "unknown record type 'spaceships'" in response.json()["record_type"][0]
        response = writer.post(
            API, {**MAPPING, "columns": ["Risk"]}, content_type="application/json"
        )
        assert response.status_code == 400 and "columns" in response.json()
        assert not ImportMapping.objects.exists()

    def test_a_mapping_is_updated_listed_and_deleted(self, writer, saved):
        url = f"{API}{saved.pk}/"
        response = writer.patch(url, {"delimiter": "tab"}, content_type="application/json")
        assert response.status_code == 200 and response.json()["delimiter"] == "\t"
        assert writer.post(API, MAPPING, content_type="application/json").status_code == 400
        assert [m["name"] for m in writer.get(API).json()["results"]] == ["Risk register"]
        assert writer.delete(url).status_code == 204

    def test_a_csv_upload_names_its_saved_mapping(self, writer, org, saved):
        response = writer.post(JOBS, {"format": "csv", "file": csv_upload(), "mapping": saved.name})
        assert response.status_code == 202, response.json()
        body = response.json()
        assert (body["created"], body["rejected"], body["mapping"]) == (1, 1, saved.ref)
        assert body["problems"] == [
            {"row": 2, "column": "Risk", "reason": "is required", "record": "R-2"}
        ]
        assert scoped(Risk, org).get(ref="R-1").review_due.isoformat() == "2026-12-31"

    def test_a_csv_upload_without_a_known_mapping_is_a_400(self, writer, org):
        response = writer.post(JOBS, {"format": "csv", "file": csv_upload()})
        assert response.status_code == 400 and "mapping" in response.json()
        response = writer.post(JOBS, {"format": "csv", "file": csv_upload(), "mapping": "nope"})
        assert response.status_code == 400 and "nope" in response.json()["mapping"][0]
        assert not ImportJob.objects.exists()

    def test_a_mapping_used_by_a_job_cannot_be_deleted(self, writer, saved):
        writer.post(JOBS, {"format": "csv", "file": csv_upload(), "mapping": saved.ref})
        assert writer.delete(f"{API}{saved.pk}/").status_code == 409


class TestTheMappingPage:
    url = "/o/acme/imports/mappings/new/"

    def test_a_sample_file_proposes_fields_for_its_headings(self, writer, org):
        assert "Read the headings" in writer.get(self.url).content.decode()
        data = {"name": "Risks", "record_type": "governance.risk", "sample_format": "csv"}
        response = writer.post(self.url, {**data, "sample": csv_upload()})
        page = response.content.decode()
        assert response.status_code == 200 and 'id="mapping-columns"' in page
        assert '<option value="likelihood" selected>' in page  # "Likelihood" names a field
        assert '<option value="review_due" selected>' in page  # "Review due" is its label
        assert not ImportMapping.objects.exists()

    def test_saving_the_columns_keeps_the_mapping_and_offers_it_for_upload(self, writer, org):
        data = {
            "name": "Risks",
            "record_type": "governance.risk",
            "sample_format": "csv",
            "heading": ["Risk ID", "Risk", "Likelihood", "Review due"],
            "key_column": "Risk ID",
            "field-1": "title",
            "field-2": "likelihood",
            "field-3": "review_due",
        }
        response = writer.post(self.url, data)
        mapping = scoped(ImportMapping, org).get()
        assert response.status_code == 302
        assert response["Location"] == f"/o/acme/imports/new/?mapping={mapping.pk}"
        assert mapping.columns == {
            "Risk": "title",
            "Likelihood": "likelihood",
            "Review due": "review_due",
        }
        assert HistoryEntry.objects.get(object_ref=mapping.ref).source == "web"
        page = writer.get(response["Location"]).content.decode()
        assert f'<option value="{mapping.pk}" selected>' in page

    def test_a_bad_key_column_is_shown_and_nothing_saved(self, writer, org):
        data = {
            "name": "Risks",
            "record_type": "governance.risk",
            "sample_format": "csv",
            "heading": ["Risk ID", "Risk"],
            "field-1": "title",
        }
        response = writer.post(self.url, data)
        assert response.status_code == 200
        assert "name the column holding each record" in response.content.decode()
        assert not ImportMapping.objects.exists()

    def test_an_existing_mapping_is_edited(self, writer, saved):
        url = f"/o/acme/imports/mappings/{saved.pk}/"
        page = writer.get(url).content.decode()
        assert 'value="Review due"' in page
        data = {
            "name": "Risk register",
            "record_type": "governance.risk",
            "sample_format": "csv",
            "heading": ["Risk ID", "Risk", "Likelihood"],
            "key_column": "Risk ID",
            "field-1": "title",
        }
        assert writer.post(url, data).status_code == 302
        saved.refresh_from_db()
        assert saved.columns == {"Risk": "title"}

    def test_a_viewer_cannot_open_the_mapping_page(self, client, org, make_user):
        client.force_login(make_user(org, Role.VIEWER))
        assert client.get(self.url).status_code == 403

    def test_an_uploaded_csv_with_a_saved_mapping_shows_its_result(self, writer, org, saved):
        data = {"format": "csv", "mapping": saved.pk, "file": csv_upload()}
        response = writer.post("/o/acme/imports/new/", data)
        job = ImportJob.objects.get(organisation=org)
        assert response.status_code == 302 and job.mapping == saved
        assert (job.status, job.created, job.rejected) == ("done_with_rejections", 1, 1)
        page = writer.get(response["Location"]).content.decode()
        assert "<dt>Created</dt><dd>1</dd>" in page and "Rejected rows" in page
        assert f"/o/acme/imports/mappings/{saved.pk}/" in page
        entry = HistoryEntry.objects.get(organisation=org, object_ref="R-1")
        assert (entry.source_detail["file"], entry.source_detail["row"]) == ("risks.csv", 1)
        assert '<td>Risk</td><td class="nowrap">R-2</td><td>is required</td>' in page

    def test_an_xlsx_upload_without_a_mapping_is_refused_on_the_form(self, writer, org):
        data = {"format": "xlsx", "file": csv_upload(name="risks.xlsx")}
        response = writer.post("/o/acme/imports/new/", data)
        assert (
            response.status_code == 200
            and "needs a saved column mapping" in response.content.decode()
        )
        assert not ImportJob.objects.exists()
