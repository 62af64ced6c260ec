"""Import: a bundle becomes an organisation's records, all of them or none.

Three passes: the whole document against the schema; every record built in
memory with its refs resolved and its values checked; and one transaction that
writes the records through the service layer, attributed to the import and its
file, and then runs each model's own rules on them, links saved. Any problem
in any pass refuses the whole bundle and the transaction is rolled back.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction

from evident.core import json_limits
from evident.core.context import acting
from evident.core.db import refresh_statistics
from evident.core.models import Organisation

from .errors import BundleError, Problems
from .resolve import Plan, Resolver
from .validation import check_against_schema
from .write import clear_records, writable, write_plan

# A bundle holds records of records (a JSON value inside a field); a little room beyond.
BUNDLE_DEPTH = 32


def read_bundle(source: str | bytes) -> dict:
    """Parse bundle text; text that is not JSON is a ``BundleError`` like any other."""
    try:
        return json_limits.loads(source, max_depth=BUNDLE_DEPTH)
    except json_limits.UnacceptableJson as refusal:
        raise BundleError([f"bundle: {problem}" for problem in refusal.problems]) from None
    except UnicodeDecodeError:
        raise BundleError(["bundle: not UTF-8 text"]) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise BundleError([f"bundle: not valid JSON ({where}: {exc.msg})"]) from None


def _organisation_fields(data: dict) -> dict:
    given = data.get("organisation")
    if not isinstance(given, dict):
        return {}
    return {key: given[key] for key in ("slug", "name") if isinstance(given.get(key), str)}


def _check_slug(slug: str, problems: Problems) -> None:
    try:
        Organisation._meta.get_field("slug").clean(slug, None)
    except ValidationError as exc:
        for message in exc.messages:
            problems.add(("slug",), message)


def _target(data: dict, slug: str | None, replace: bool, problems: Problems) -> Organisation:
    """The organisation to import into, named as in the bundle; unsaved until the write."""
    given = _organisation_fields(data)
    if slug is not None:
        _check_slug(slug, problems)
    slug = slug or given.get("slug", "")
    existing = Organisation.objects.filter(slug=slug).first() if slug else None
    if existing is not None and not replace:
        problems.add(
            ("organisation", "slug"),
            f"an organisation with slug {slug!r} already exists; "
            "import with replace to overwrite its records",
        )
    organisation = existing or Organisation(slug=slug)
    organisation.name = given.get("name", "")
    return organisation


def check_bundle(data, *, slug: str | None = None, replace: bool = False):
    """Run the first two passes: the organisation, the plan and the problems found.

    Raises ``BundleError`` at once when there is nothing to build records from,
    or a problem outside the records (the format, the organisation): writing
    the records to check them further would tell nothing more.
    """
    problems = Problems()
    faulty = check_against_schema(data, problems)
    if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
        problems.raise_if_any()
    organisation = _target(data, slug, replace, problems)
    plan = Resolver(data["records"], organisation, faulty, problems).plan()
    if any(path[:1] != ("records",) for path in problems.paths()):
        problems.raise_if_any()
    return organisation, plan, problems


def _write(organisation: Organisation, plan: Plan, problems: Problems) -> Organisation:
    with transaction.atomic():
        if organisation.pk is None:
            organisation.save()
        else:
            clear_records(organisation)
            organisation.save(update_fields=["name"])
        write_plan(writable(plan, problems), organisation, problems)
        # Inside the transaction: a refused bundle leaves no record, ledger entry or counter.
        problems.raise_if_any()
    return organisation


def import_bundle(
    data,
    *,
    slug: str | None = None,
    replace: bool = False,
    file_name: str = "bundle.json",
    user=None,
    actor_name: str | None = None,
) -> Organisation:
    """Load a parsed bundle into a new organisation (or, with ``replace``, over an existing one).

    ``slug`` imports under another slug than the bundle's. Raises ``BundleError``
    listing every problem, with its path, and then nothing has been written.
    """
    organisation, plan, problems = check_bundle(data, slug=slug, replace=replace)
    if user is None and actor_name is None:
        actor_name = "bundle import"
    with acting(source="import", user=user, actor_name=actor_name, file=file_name):
        organisation = _write(organisation, plan, problems)
    refresh_statistics()
    return organisation
