"""The one nearest-provider statement: geocoding, filters, exact order, paging.

PostGIS orders geography by sphere distance (``<->``, which the GiST index serves) but
``ST_Distance`` reports spheroid distance; the two disagree for near-ties. So a walk
works in two steps inside the one statement:

1. ``*_knn``: the k nearest rows by ``<->`` (an index walk bounded by a distance);
   the largest spheroid distance among them, ``dmax``, bounds the k-th nearest.
2. ``*_hits``: every row within ``dmax`` (an index range scan), ordered exactly by
   (spheroid distance, id) — so the order agrees with the distances reported, and
   keyset paging on (distance, id) never repeats or skips a row.

With ``telehealth=true`` a second walk adds the telehealth providers of the visitor's
region beyond the radius, bounded by the region's reach (the ``regions`` table).

When a therapy is not legally offered where the visitor is (``finder.access``), the same
statement also finds the nearest providers of it in the jurisdictions that offer it
(``elsewhere_*``): one short walk per jurisdiction on the (country, region, location)
index, run only when the origin turns out to be in a place that does not offer it.

A walk with a filter that matches few providers visits most of the index before it
finds them. Two rules keep every search short:
- a modality filter names its whole family as a literal, so the walk uses that
  family's partial GiST index and never visits providers of other therapies;
- when the filters are rare together (``selectivity.fetch_facets``), the statement
  fetches their providers through the GIN index on ``facets`` and sorts them by
  distance instead of walking.
Conditions the chosen plan must not use are wrapped in ``coalesce(..., false)``, which
hides them from the planner: each strategy leaves it one sensible plan, whatever its
estimates (a geography origin computed in the statement has none).
"""
import re
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from finder.database import fetch_all
from finder.geo.geocode import OriginQuery
from finder.providers.public import PUBLIC_SQL
from finder.search.params import SearchParams

# How far to look for the nearest match when none is within the radius.
NEAREST_REACH_M = 1_000_000
# How many providers elsewhere to list for a therapy not offered where the visitor is.
ELSEWHERE_K = 3
# Slack for comparing ST_DWithin with ST_Distance (both spheroid) at the boundary.
EPSILON_M = 0.01
_SLUG = re.compile(r"^[a-z0-9-]+$")
RADIUS = "ST_DWithin(p.location, o.geog, :radius_m)"
REGION = ("p.telehealth AND p.country = o.country AND p.region IN (o.region_code, o.region_name)"
          " AND ST_DWithin(p.location, o.geog, o.region_reach)")


@dataclass(frozen=True)
class Statement:
    """The SQL text and its parameters, also run as-is by the benchmark's SQL floor."""

    sql: str
    params: dict


def family_literal(slugs) -> str:
    """Return a family's slugs as the SQL array literal its partial index is defined with."""
    assert all(_SLUG.match(s) for s in slugs), slugs   # vocabulary slugs only
    return "'{" + ",".join(sorted(slugs)) + "}'::text[]"


def hidden(condition: str) -> str:
    """Return ``condition`` in a form no index can serve (the planner won't try)."""
    return f"coalesce({condition}, false)"


def _filters(params: SearchParams) -> tuple[str, dict]:
    """Return the filter conditions; only the facets fetched by are visible to the planner."""
    where = ["p.status = 'approved'"]   # literals, so the partial indexes apply
    values: dict = {}
    if params.family:
        where.append(f"p.modalities && {family_literal(params.family)}")
    if params.telehealth is not None:
        where.append("p.telehealth" if params.telehealth else "NOT p.telehealth")
    if params.accepting_new_clients is not None:
        where.append("p.accepting_new_clients" if params.accepting_new_clients
                     else "NOT p.accepting_new_clients")
    if params.facets:
        where.append("p.facets @> CAST(:facets AS text[])")
        values["facets"] = list(params.facets)
    if params.facets_any:
        where.append("p.facets && CAST(:facets_any AS text[])")
        values["facets_any"] = list(params.facets_any)

    def add(condition: str, **kw):
        where.append(hidden(condition))
        values.update(kw)
    if params.modalities and set(params.modalities) != set(params.family):
        add("p.modalities && CAST(:modalities AS text[])", modalities=list(params.modalities))
    if params.provider_types:
        add("p.provider_type = ANY(CAST(:provider_types AS text[]))",
            provider_types=list(params.provider_types))
    if params.language:
        add("CAST(:language AS text) = ANY(p.languages)", language=params.language)
    if params.service:
        add("CAST(:service AS text) = ANY(p.service_tags)", service=params.service)
    if params.sources:
        add("p.source = ANY(CAST(:sources AS text[]))", sources=list(params.sources))
    if params.exclude_sources:
        add("p.source <> ALL(CAST(:exclude_sources AS text[]))",
            exclude_sources=list(params.exclude_sources))
    return " AND ".join(where), values


def _walk(name: str, where: str, bound: str, after: str) -> str:
    """Return the two CTEs of an exact nearest-first walk: ``{name}_knn``, ``{name}_hits``."""
    return f"""
        {name}_knn AS (
            SELECT ST_Distance(x.location, o.geog) AS d FROM o CROSS JOIN LATERAL (
                SELECT p.location FROM providers p
                WHERE {where} AND {bound}{after}
                ORDER BY p.location <-> o.geog LIMIT :k) x),
        {name}_hits AS (
            SELECT p.id, ST_Distance(p.location, o.geog) AS d FROM o, providers p
            WHERE {where} AND {bound}{after}
              AND ST_DWithin(p.location, o.geog, (SELECT max(d) FROM {name}_knn) + {EPSILON_M})
            ORDER BY d, p.id LIMIT :k),"""


def _fetching(params: SearchParams) -> bool:
    return bool(params.facets or params.facets_any)


def _hits(params: SearchParams, where: str, after: str) -> str:
    """Return the CTEs that end in ``hits``: the page's rows with their exact distances."""
    if _fetching(params):
        # Every provider holding the rare facets, with its distance, once: the page and
        # the nearest-beyond-the-radius both come from these few rows.
        region = f", {REGION} AS in_region" if params.telehealth else ""
        reach = "(c.d <= :radius_m OR c.in_region)" if params.telehealth else "c.d <= :radius_m"
        after_c = after.replace("ST_Distance(p.location, o.geog), p.id", "c.d, c.id")
        return f"""
        cand AS MATERIALIZED (
            SELECT p.id, ST_Distance(p.location, o.geog) AS d{region}
            FROM o, providers p WHERE {where}),
        hits AS (
            SELECT c.id, c.d FROM cand c WHERE {reach}{after_c}
            ORDER BY c.d, c.id LIMIT :k)"""
    ctes = _walk("near", where, RADIUS, after)
    union = "SELECT * FROM near_hits"
    if params.telehealth:
        ctes += _walk("region", where, f"NOT {RADIUS} AND {REGION}", after)
        union += " UNION ALL SELECT * FROM region_hits"
    return ctes + f"""
        hits AS (SELECT * FROM ({union}) u ORDER BY d, id LIMIT :k)"""


def _nearest(params: SearchParams, where: str) -> str:
    """Return the distance of the nearest match when the page is empty (first page only)."""
    if params.cursor is not None:
        return "NULL::float8"
    if _fetching(params):
        inner = f"SELECT min(d) FROM cand WHERE d <= {NEAREST_REACH_M}"
    else:
        inner = f"SELECT ST_Distance(p.location, o.geog) FROM providers p WHERE {where} " \
                f"AND ST_DWithin(p.location, o.geog, {NEAREST_REACH_M}) " \
                "ORDER BY p.location <-> o.geog LIMIT 1"
    return f"CASE WHEN h.id IS NULL THEN ({inner}) END"


def _origin(params: SearchParams, origin: OriginQuery) -> str:
    """Return the origin query, with how far the visitor's region reaches when needed."""
    if not params.telehealth:
        return origin.sql
    return f"""
        SELECT g.*, ST_Distance(g.geog, r.centroid) + r.radius_m AS region_reach
        FROM ({origin.sql}) g
        LEFT JOIN regions r ON r.country = g.country
             AND r.code IS NOT DISTINCT FROM g.region_code
             AND r.name IS NOT DISTINCT FROM g.region_name"""


def _elsewhere(n: int, plan, values: dict) -> str:
    """Return the CTE ``elsewhere_{n}``: the nearest providers of ``plan``'s therapy in the
    jurisdictions that offer it, beyond the radius; empty unless the origin is in a
    place that does not offer it (the most specific gate entry containing it says so)."""
    e = f"e{n}_"
    values.update({
        e + "g_countries": [c for c, _, _ in plan.gate],
        e + "g_regions": [r for _, r, _ in plan.gate],
        e + "g_needs": [needs for _, _, needs in plan.gate],
        e + "countries": [c for c, _ in plan.targets],
        e + "regions": [r for _, r in plan.targets],
        e + "excluded": list(plan.excluded),
        e + "slugs": list(plan.key.slugs)})
    offers = hidden(f"p.modalities && CAST(:{e}slugs AS text[])")
    beyond = f"NOT {hidden(RADIUS)}"
    demo = hidden("p.source <> ALL(CAST(:exclude_sources AS text[]))")
    excluded = hidden(f"p.country || ':' || p.region = ANY(CAST(:{e}excluded AS text[]))")
    walk = f"""SELECT p.id, p.location FROM providers p
                WHERE p.status = 'approved' AND p.country = j.country AND {{region}}
                  AND {offers} AND {beyond} AND {demo}
                ORDER BY p.location <-> o.geog LIMIT :elsewhere_walk"""
    gate = f"""coalesce((
            SELECT g.needs FROM unnest(CAST(:{e}g_countries AS text[]),
                                       CAST(:{e}g_regions AS text[]),
                                       CAST(:{e}g_needs AS boolean[])) AS g(country, region, needs)
            WHERE (g.country = '*' OR g.country = o.country)
              AND (g.region IS NULL OR g.region IN (o.region_code, o.region_name))
            ORDER BY g.region IS NOT NULL DESC, g.country <> '*' DESC LIMIT 1), true)"""
    return f"""
        elsewhere_{n} AS (
            SELECT c.id, ST_Distance(c.location, o.geog) AS d, j.n AS target
            FROM o, unnest(CAST(:{e}countries AS char(2)[]), CAST(:{e}regions AS text[]))
                    WITH ORDINALITY AS j(country, region, n)
            CROSS JOIN LATERAL (
                ({walk.format(region="p.region = j.region")})
                UNION ALL
                ({walk.format(region=f"j.region IS NULL AND NOT {excluded}")})) c
            WHERE {gate}
            ORDER BY d, c.id LIMIT :elsewhere_k),"""


def search_statement(params: SearchParams, origin: OriginQuery, elsewhere=()) -> Statement:
    """Build the single statement that answers ``params`` from ``origin``; ``elsewhere``
    holds an ``ElsewherePlan`` for each requested therapy that some places do not offer."""
    where, values = _filters(params)
    after = ""
    if params.cursor:
        after = " AND (ST_Distance(p.location, o.geog), p.id) > (:after_m, :after_id)"
        values.update(after_m=params.cursor[0], after_id=params.cursor[1])
    origin_columns = """o.lat AS origin_lat, o.lon AS origin_lon, o.label AS origin_label,
               o.source AS origin_source, o.country AS origin_country,
               o.region_code AS origin_region_code, o.region_name AS origin_region_name"""
    found = "".join(_elsewhere(n, plan, values) for n, plan in enumerate(elsewhere))
    sql = f"""
        WITH o AS MATERIALIZED ({_origin(params, origin)}),{found}{_hits(params, where, after)}
        SELECT {origin_columns}, h.d AS distance_m,
               CASE WHEN h.d <= :radius_m THEN 'nearby' ELSE 'telehealth' END AS match,
               {_nearest(params, where)} AS nearest_m, NULL::int AS part,
               NULL::bigint AS target, {PUBLIC_SQL}
        FROM o LEFT JOIN hits h ON true LEFT JOIN providers p ON p.id = h.id"""
    for n in range(len(elsewhere)):
        # Appended rows: ``part`` says which requested therapy they are elsewhere for.
        sql += f"""
        UNION ALL
        SELECT {origin_columns}, e.d, 'elsewhere', NULL, {n}, e.target, {PUBLIC_SQL}
        FROM o JOIN elsewhere_{n} e ON true JOIN providers p ON p.id = e.id"""
    sql += "\n        ORDER BY part NULLS FIRST, distance_m, id" if elsewhere else \
        "\n        ORDER BY h.d, h.id"
    if elsewhere:
        # Each walk orders by sphere distance; a few more rows than listed let the exact
        # (spheroid) order choose among near-ties.
        values.update(elsewhere_k=ELSEWHERE_K, elsewhere_walk=2 * ELSEWHERE_K)
        values.setdefault("exclude_sources", list(params.exclude_sources))
    values.update(origin.params, k=params.limit + 1, radius_m=params.radius_km * 1000)
    return Statement(sql, values)


def run(db: Session | Connection, statement: Statement) -> list:
    """Execute ``statement``; return its rows (none when the origin was not found)."""
    connection = db.connection() if isinstance(db, Session) else db
    return fetch_all(connection, statement.sql, statement.params)
