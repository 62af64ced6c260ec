"""People: top management, the SMS manager, process and service owners, and the staff."""

from __future__ import annotations

from evident.core.models import Person

from .build import Build, Roster
from .names import FIRST_NAMES, LAST_NAMES

TOP_MANAGEMENT = (
    ("Managing Director", "Executive"),
    ("Operations Director", "Executive"),
    ("Finance Director", "Executive"),
)
SMS_MANAGER = ("Service Management Manager", "Service Management Office")
INTERNAL_AUDITOR = ("Quality and Compliance Lead", "Governance")

# Role key -> (job title, unit). Process owners and the leads who own services.
OWNERS = {
    "service_level": ("Service Level Manager", "Service Management Office"),
    "supplier": ("Supplier Manager", "Procurement"),
    "change": ("Change Manager", "Service Management Office"),
    "service_desk": ("Service Desk Manager", "Service Desk"),
    "problem": ("Problem Manager", "Infrastructure"),
    "continuity": ("Continuity and Resilience Lead", "Infrastructure"),
    "infrastructure": ("Infrastructure Lead", "Infrastructure"),
    "applications": ("Applications Lead", "Applications"),
    "network": ("Network Lead", "Network"),
    "security": ("Security Lead", "Security"),
}

# Unit -> (job titles, relative size, inside the SMS scope).
UNITS = {
    "Service Desk": (("Service Desk Analyst", "Senior Service Desk Analyst"), 6, True),
    "Infrastructure": (("Systems Engineer", "Cloud Engineer", "Storage Engineer"), 5, True),
    "Applications": (("Application Analyst", "Software Developer"), 4, True),
    "Network": (("Network Engineer",), 2, True),
    "Security": (("Security Analyst",), 1, True),
    "Service Management Office": (("Service Management Analyst",), 1, True),
    "Finance": (("Finance Officer",), 1, False),
    "Human Resources": (("HR Advisor",), 1, False),
}
LEAVER_SHARE = 0.03


def generate(build: Build) -> Roster:
    """Create everyone, leaders first, and return who holds which role."""
    rng = build.rng("people")
    names = _unique_names(rng, build.scale.people)
    domain = build.organisation.name.split()[0].lower() + ".example"

    def person(name, title, unit, *, top=False, in_scope=True, active=True):
        email = name.lower().replace(" ", ".") + "@" + domain
        return Person(
            name=name,
            email=email,
            job_title=title,
            unit=unit,
            is_top_management=top,
            in_sms_scope=in_scope,
            active=active,
        )

    leaders = [person(names.pop(), t, u, top=True) for t, u in TOP_MANAGEMENT]
    leaders.append(person(names.pop(), *SMS_MANAGER))
    leaders.append(person(names.pop(), *INTERNAL_AUDITOR))
    leaders.extend(person(names.pop(), t, u) for t, u in OWNERS.values())

    units = list(UNITS)
    weights = [UNITS[u][1] for u in units]
    staff = []
    while names:
        unit = rng.choices(units, weights)[0]
        titles, _, in_scope = UNITS[unit]
        active = rng.random() >= LEAVER_SHARE
        staff.append(
            person(names.pop(), rng.choice(titles), unit, in_scope=in_scope, active=active)
        )

    created = build.save(Person, leaders + staff)
    top = created[: len(TOP_MANAGEMENT)]
    sms_manager, auditor = created[len(top)], created[len(top) + 1]
    owners = dict(zip(OWNERS, created[len(top) + 2 : len(leaders)], strict=True))
    roster = Roster(
        top_management=top,
        sms_manager=sms_manager,
        internal_auditor=auditor,
        owners=owners,
        staff=created,
    )
    build.roster = roster
    return roster


def _unique_names(rng, count: int) -> list[str]:
    pairs = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    if count > len(pairs):
        raise ValueError(f"at most {len(pairs)} people can be named")
    return rng.sample(pairs, count)
