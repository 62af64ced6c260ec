"""Walking the configuration graph: which services a CI affects, what a service rests on.

A relation reads "source depends on / runs on / is part of target". Impact flows
against the arrow: when a target fails, its sources are affected, and so on
upwards; a CI affects the services it supports and the services of every CI
affected through it. What a service rests on is the opposite walk: from the CIs
that support it, along the arrows, down to the last component.

The walks go breadth first, one query per level (in chunks of ``CHUNK`` ids so
a level of tens of thousands of CIs stays within the database's limit on query
parameters), never one query per CI. Each CI is reached once, by a shortest
chain, so cycles of "depends on" end the walk instead of looping.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .models import CiRelation, ConfigurationItem, Service

CHUNK = 5000
# Guards against a walk that never ends on corrupt data; far above any real CMDB's depth.
MAX_LEVELS = 1000


@dataclass(frozen=True)
class Link:
    """One step of a chain: from the CI before it to ``item`` by a relation of ``kind``."""

    item: ConfigurationItem
    relation: CiRelation | None
    kind: str

    @property
    def kind_label(self) -> str:
        return CiRelation.Kind(self.kind).label if self.kind else ""


@dataclass(frozen=True)
class Reached:
    """A service found by a walk and the chain of CIs that leads to it."""

    service: Service
    chain: tuple[Link, ...]

    @property
    def depth(self) -> int:
        return len(self.chain) - 1


@dataclass(frozen=True)
class Component:
    """A CI met by a walk and the shortest chain of CIs that leads to it."""

    item: ConfigurationItem
    chain: tuple[Link, ...]

    @property
    def depth(self) -> int:
        return len(self.chain) - 1


@dataclass
class Impact:
    """What a CI affects: the services and every other CI affected through it."""

    item: ConfigurationItem
    services: list[Reached] = field(default_factory=list)
    items: list[Component] = field(default_factory=list)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _step(organisation_id: int, frontier: set[int], *, upwards: bool) -> list[tuple]:
    """``(relation id, from CI, to CI, kind)`` for every relation leaving ``frontier``."""
    near, far = ("target_id", "source_id") if upwards else ("source_id", "target_id")
    rows = []
    for chunk in _chunks(sorted(frontier)):
        rows += CiRelation.objects.filter(
            organisation_id=organisation_id, **{f"{near}__in": chunk}
        ).values_list("pk", near, far, "kind")
    return rows


def _walk(organisation_id: int, start: Iterable[int], *, upwards: bool) -> dict[int, tuple]:
    """Breadth-first from ``start``: ``{ci id: (parent ci id, relation id, kind, depth)}``."""
    reached = {pk: (None, None, "", 0) for pk in start}
    frontier = set(reached)
    depth = 0
    while frontier and depth < MAX_LEVELS:
        depth += 1
        nxt = set()
        rows = sorted(_step(organisation_id, frontier, upwards=upwards))
        for relation_id, near, far, kind in rows:
            if far not in reached:
                reached[far] = (near, relation_id, kind, depth)
                nxt.add(far)
        frontier = nxt
    return reached


def _chain(ci_id: int, reached: dict, items: dict, relations: dict) -> tuple[Link, ...]:
    links = []
    while ci_id is not None:
        parent, relation_id, kind, _ = reached[ci_id]
        links.append(Link(items[ci_id], relations.get(relation_id), kind))
        ci_id = parent
    return tuple(reversed(links))


def _load(model, ids) -> dict:
    loaded = {}
    for chunk in _chunks(ids):
        loaded.update(model.objects.in_bulk(chunk))
    return loaded


def _supported_services(ci_ids) -> list[tuple[int, int]]:
    """``(ci id, service id)`` for every service the given CIs directly support."""
    through = ConfigurationItem.services.through
    rows = []
    for chunk in _chunks(ci_ids):
        rows += through.objects.filter(configurationitem_id__in=chunk).values_list(
            "configurationitem_id", "service_id"
        )
    return rows


def _components(organisation_id: int, start, *, upwards: bool) -> tuple[dict, list[Component]]:
    reached = _walk(organisation_id, start, upwards=upwards)
    items = _load(ConfigurationItem, reached)
    relations = _load(CiRelation, [r[1] for r in reached.values() if r[1]])
    components = [Component(items[pk], _chain(pk, reached, items, relations)) for pk in reached]
    components.sort(key=lambda c: (c.depth, c.item.name, c.item.ref))
    return reached, components


def affected_services(ci: ConfigurationItem) -> Impact:
    """The services ``ci`` affects, each with the shortest chain of relations leading there."""
    reached, components = _components(ci.organisation_id, [ci.pk], upwards=True)
    by_item = {c.item.pk: c for c in components}
    # A service supported by several affected CIs is reached through the nearest one.
    nearest: dict[int, int] = {}
    for ci_id, service_id in sorted(_supported_services(reached)):
        best = nearest.get(service_id)
        if best is None or reached[ci_id][3] < reached[best][3]:
            nearest[service_id] = ci_id
    services = _load(Service, nearest)
    reached_services = [Reached(services[sid], by_item[cid].chain) for sid, cid in nearest.items()]
    reached_services.sort(key=lambda r: (r.depth, r.service.name, r.service.ref))
    return Impact(ci, reached_services, [c for c in components if c.item.pk != ci.pk])


def rests_on(service: Service) -> list[Component]:
    """Every CI ``service`` rests on: the CIs that support it and all they depend on, run
    on or are part of, each with the shortest chain from a supporting CI (nearest first)."""
    direct = sorted(service.configuration_items.values_list("pk", flat=True))
    return _components(service.organisation_id, direct, upwards=False)[1]


def part_of_reaches(start_id: int, goal_id: int, *, exclude: int | None = None) -> bool:
    """Whether ``start`` is (transitively) part of ``goal``; ``exclude`` ignores one relation.

    Used to refuse a "part of" relation that would close a loop: making ``goal``
    part of ``start`` is a cycle exactly when ``start`` is already part of ``goal``.
    """
    if start_id == goal_id:
        return True
    seen, frontier = {start_id}, {start_id}
    relations = CiRelation.objects.filter(kind=CiRelation.Kind.PART_OF)
    if exclude is not None:
        relations = relations.exclude(pk=exclude)
    while frontier:
        nxt = set()
        for chunk in _chunks(sorted(frontier)):
            nxt.update(relations.filter(source_id__in=chunk).values_list("target_id", flat=True))
        if goal_id in nxt:
            return True
        frontier = nxt - seen
        seen |= frontier
    return False
