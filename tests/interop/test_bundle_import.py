"""Importing a bundle: evidence of where each record came from, slugs, replacing, fresh refs."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from evident.audits.models import Evaluation
from evident.catalogue.models import Service
from evident.core import ledger, services
from evident.core.models import HistoryEntry, Organisation, Person
from evident.core.tenancy import scoped
from evident.interop.bundle import BundleError, export_bundle, import_bundle
from evident.operations.models import Incident

from . import footprint, without_export_time

MORNING = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def bundle(org, as_cli):
    """Acme's records: two people, two services (one with an owner), one incident."""
    ada = services.create_record(Person, org, name="Ada Lovelace")
    services.create_record(Person, org, name="Grace Hopper")
    mail = services.create_record(Service, org, name="Mail", owner=ada)
    services.create_record(Service, org, name="Web")
    services.create_record(Incident, org, title="Mail down", service=mail, opened_at=MORNING)
    return export_bundle(org)


def at(bundle: dict, path: str) -> dict:
    """The record at ``records.<app>.<model>[n]``."""
    label, position = path.removeprefix("records.").rstrip("]").split("[")
    return bundle["records"][label][int(position)]


def test_every_imported_record_has_a_ledger_entry_naming_the_file_and_its_path(bundle):
    copy = import_bundle(bundle, slug="copy", file_name="acme-2024.json")

    entries = list(HistoryEntry.objects.filter(organisation=copy).order_by("seq"))
    assert len(entries) == 5
    for entry in entries:
        assert (entry.source, entry.action, entry.actor_name) == (
            "import",
            "create",
            "bundle import",
        )
        assert entry.source_detail["file"] == "acme-2024.json"
        assert at(bundle, entry.source_detail["path"])["ref"] == entry.object_ref
        assert entry.source_detail["path"].startswith(f"records.{entry.model}[")
    assert ledger.verify(copy).ok


def test_many_to_many_links_are_set_afterwards_with_their_own_ledger_entry(org, as_cli):
    from evident.assurance.models import ContinuityPlan

    mail = services.create_record(Service, org, name="Mail")
    services.create_record(ContinuityPlan, org, title="Mail recovery", services=[mail])

    copy = import_bundle(export_bundle(org), slug="copy")

    update = HistoryEntry.objects.get(organisation=copy, action="update")
    assert update.model == "assurance.continuityplan"
    assert update.source_detail["path"] == "records.assurance.continuityplan[0]"
    plan = scoped(ContinuityPlan, copy).get()
    assert [s.ref for s in plan.services.all()] == [mail.ref]


def test_an_import_is_attributed_to_the_user_who_ran_it(bundle, make_user, org):
    user = make_user(org)
    copy = import_bundle(bundle, slug="copy", user=user)
    entry = HistoryEntry.objects.filter(organisation=copy).first()
    assert (entry.actor, entry.actor_name) == (user, user.get_username())


def test_a_slug_that_exists_is_refused_and_nothing_changes(bundle, org):
    before = footprint()
    with pytest.raises(BundleError) as refusal:
        import_bundle(bundle)
    assert refusal.value.errors == [
        "organisation.slug: an organisation with slug 'acme' already exists; "
        "import with replace to overwrite its records"
    ]
    assert footprint() == before


def test_a_slug_given_for_the_import_must_be_a_slug(bundle):
    with pytest.raises(BundleError) as refusal:
        import_bundle(bundle, slug="not a slug")
    assert [e.split(":")[0] for e in refusal.value.errors] == ["slug"]


def test_replace_swaps_the_records_and_keeps_the_ledger_history(bundle, org, as_cli):
    services.create_record(Service, org, name="Legacy")
    services.create_record(
        Evaluation,
        org,
        stage=1,
        audit_date=MORNING.date(),
        period_start=MORNING.date(),
        period_end=MORNING.date(),
        seed=7,
        engine_version="1",
        evidence_digest="0" * 64,
    )
    history_before = HistoryEntry.objects.filter(organisation=org).count()
    bundle["organisation"]["name"] = "Acme Managed Services"
    at(bundle, "records.operations.incident[0]")["title"] = "Mail down for everyone"

    replaced = import_bundle(bundle, replace=True)

    assert replaced.pk == org.pk and replaced.name == "Acme Managed Services"
    assert without_export_time(export_bundle(replaced)) == without_export_time(bundle)
    assert not scoped(Evaluation, org).exists()
    history = HistoryEntry.objects.filter(organisation=org)
    deleted = history.filter(source="import", action="delete")
    assert history.filter(seq__lte=history_before).count() == history_before
    assert deleted.count() == 7 and deleted.filter(object_ref="SVC000003").exists()
    assert ledger.verify(org).ok


def test_new_records_after_an_import_get_fresh_refs(bundle, as_cli):
    at(bundle, "records.operations.incident[0]")["ref"] = "INC000041"
    at(bundle, "records.core.person[1]")["ref"] = "legacy-7"

    copy = import_bundle(bundle, slug="copy")

    mail = scoped(Service, copy).get(name="Mail")
    incident = services.create_record(
        Incident, copy, title="Web slow", service=mail, opened_at=MORNING
    )
    person = services.create_record(Person, copy, name="Alan Turing")
    assert (incident.ref, person.ref) == ("INC000042", "PER000002")


def test_replacing_with_lower_refs_does_not_reissue_numbers_already_used(bundle, org, as_cli):
    services.create_record(Service, org, name="Print")
    services.create_record(Service, org, name="Phones")

    import_bundle(bundle, replace=True)

    assert services.create_record(Service, org, name="Chat").ref == "SVC000005"


def test_the_organisation_is_created_with_the_bundles_name(bundle):
    bundle["organisation"] = {"slug": "initech", "name": "Initech"}
    imported = import_bundle(bundle)
    assert Organisation.objects.get(slug="initech").name == imported.name == "Initech"


def test_the_example_in_the_documentation_imports(db, as_cli):
    guide = Path(__file__).resolve().parents[2] / "docs" / "bundle.md"
    (example,) = re.findall(r"```json\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)

    imported = import_bundle(json.loads(example), file_name="example.json")

    service = scoped(Service, imported).get()
    assert (service.ref, service.owner.name) == ("SVC000001", "Ada Lovelace")
    incident = services.create_record(
        Incident, imported, title="Mail down", service=service, opened_at=MORNING
    )
    assert incident.ref == "INC000002"
