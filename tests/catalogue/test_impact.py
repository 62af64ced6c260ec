"""Which services a CI affects, and what a service rests on, through typed relations."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evident.catalogue import impact
from evident.catalogue.models import CiRelation, ConfigurationItem
from evident.catalogue.services import relate_configuration_items as relate
from evident.core.services import bulk_create_records


def services_of(found):
    return [(r.service.name, [link.item.name for link in r.chain]) for r in found.services]


def test_a_ci_affects_the_services_it_supports_directly(make):
    email = make.service("Email")
    server = make.ci("Mail server", services=[email])
    assert services_of(impact.affected_services(server)) == [("Email", ["Mail server"])]


def test_impact_follows_every_kind_of_relation_against_its_arrow(make):
    email, web = make.service("Email"), make.service("Web")
    storage = make.ci("SAN")
    cluster = make.ci("Cluster")
    host = make.ci("Host 1")
    mail_app = make.ci("Mail app", services=[email])
    site = make.ci("Website", services=[web])
    relate(cluster, "depends_on", storage)
    relate(host, "part_of", cluster)
    relate(mail_app, "runs_on", host)
    relate(site, "runs_on", cluster)

    found = impact.affected_services(storage)

    assert services_of(found) == [
        ("Web", ["SAN", "Cluster", "Website"]),
        ("Email", ["SAN", "Cluster", "Host 1", "Mail app"]),
    ]
    kinds = [link.kind for link in found.services[1].chain]
    assert kinds == ["", "depends_on", "part_of", "runs_on"]
    assert [c.item.name for c in found.items] == ["Cluster", "Host 1", "Website", "Mail app"]


def test_nothing_upstream_is_affected_by_a_ci_at_the_top(make):
    email = make.service("Email")
    app, server = make.ci("App", services=[email]), make.ci("Server")
    relate(app, "runs_on", server)
    found = impact.affected_services(app)
    assert services_of(found) == [("Email", ["App"])]
    assert found.items == []


def test_a_service_reached_twice_is_shown_by_its_shortest_chain(make):
    email = make.service("Email")
    db = make.ci("Database")
    app = make.ci("App", services=[email])
    api = make.ci("API", services=[email])
    relate(api, "depends_on", db)
    relate(app, "depends_on", api)
    assert services_of(impact.affected_services(db)) == [("Email", ["Database", "API"])]


def test_cycles_of_depends_on_end_the_walk(make):
    billing = make.service("Billing")
    a, b, c = make.ci("A"), make.ci("B", services=[billing]), make.ci("C")
    relate(a, "depends_on", b)
    relate(b, "depends_on", c)
    relate(c, "depends_on", a)
    assert services_of(impact.affected_services(a)) == [("Billing", ["A", "C", "B"])]


def test_a_service_rests_on_its_cis_and_everything_below_them(make):
    email = make.service("Email")
    app = make.ci("App", services=[email])
    server, storage, unrelated = make.ci("Server"), make.ci("SAN"), make.ci("Printer")
    relate(app, "runs_on", server)
    relate(server, "depends_on", storage)
    found = impact.rests_on(email)
    assert [(c.item.name, c.depth) for c in found] == [("App", 0), ("Server", 1), ("SAN", 2)]
    assert unrelated not in [c.item for c in found]


def test_the_walk_stays_in_the_organisation(make, other_org):
    email = make.service("Email")
    server = make.ci("Server", services=[email])
    theirs = ConfigurationItem.objects.create(organisation=other_org, name="Theirs", ref="CI9")
    # A corrupt row across organisations (the service layer refuses one) must not leak.
    CiRelation.objects.create(organisation=other_org, source=theirs, kind="runs_on", target=server)
    assert impact.affected_services(server).items == []


def test_a_deep_wide_cmdb_is_walked_with_one_query_per_level(org, make):
    service = make.service("Platform")
    root = make.ci("Core switch")
    width, depth = 300, 4
    levels = [[root]]
    for level in range(depth):
        items = bulk_create_records(
            ConfigurationItem,
            org,
            [ConfigurationItem(name=f"L{level}-{n}") for n in range(width)],
        )
        parents = levels[-1]
        bulk_create_records(
            CiRelation,
            org,
            [
                CiRelation(source=item, kind="depends_on", target=parents[n % len(parents)])
                for n, item in enumerate(items)
            ],
        )
        levels.append(items)
    levels[-1][0].services.add(service)

    with CaptureQueriesContext(connection) as queries:
        found = impact.affected_services(root)

    assert len(found.items) == width * depth
    assert [r.service.name for r in found.services] == ["Platform"]
    assert found.services[0].depth == depth
    walk = [
        q for q in queries.captured_queries if '"catalogue_cirelation"."id" AS "pk"' in q["sql"]
    ]
    # One walk query per level plus the last, empty one; then loads of the items,
    # relations and services met, in batches of the database's parameter limit.
    assert len(walk) == depth + 1
    assert len(queries) - len(walk) <= 8
