"""The one nearest-provider statement: geocoding, filters, exact order, paging.

PostGIS orders geography by sphere distance (``<->``, which the GiST index serves) but
``ST_Distance`` reports spheroid distance; the two disagree for near-ties. So the
statement works in two steps inside one round trip:

1. ``knn``: the k nearest rows by ``<->`` (an index walk bounded by the radius);
   the largest spheroid distance among them, ``dmax``, is an upper bound on the
   k-th nearest spheroid distance.
2. ``near``: every row within ``dmax`` (an index range scan), ordered exactly by
   (spheroid distance, id) — so the order agrees with the distances reported, and
   keyset paging on (distance, id) never repeats or skips a row.

With ``telehealth=true``, ``region`` adds the telehealth providers of the visitor's
region beyond the radius (from a btree index on country and region, sorted exactly).

Keeping the index walks short (PERF-NOTES: a filter that matches nothing makes a KNN
walk the whole index):
- a modality filter names its whole family as a literal, so the walk uses that
  family's partial GiST index and never visits providers of other therapies;
- language, service and source filters are written so that the planner can answer a
  rare value from its GIN or btree index instead of walking the GiST index;
- every walk is bounded by a distance: the radius, or ``NEAREST_REACH_M``.
"""
import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo.geocode import OriginQuery
from finder.providers.public import PUBLIC_SQL
from finder.search.params import SearchParams

# How far to look for the nearest match when none is within the radius.
NEAREST_REACH_M = 1_000_000
# Slack for comparing ST_DWithin with ST_Distance (both spheroid) at the boundary.
EPSILON_M = 0.01
_SLUG = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True)
class Statement:
    """The SQL text and its parameters, also run as-is by the benchmark's SQL floor."""

    sql: str
    params: dict


def family_literal(slugs) -> str:
    """Return a family's slugs as the SQL array literal its partial index is defined with."""
    assert all(_SLUG.match(s) for s in slugs), slugs   # vocabulary slugs only
    return "'{" + ",".join(sorted(slugs)) + "}'::text[]"


def _conditions(params: SearchParams, walk: bool) -> tuple[list[str], dict]:
    """Return the filter conditions and their values.

    ``walk`` conditions are for the bounded index walks: written so the planner may
    answer them from an index. The others re-check rows already found by distance,
    and are written so no index is tempting (``coalesce`` hides them from the planner).
    """
    where = ["p.status = 'approved'"]   # a literal, so the partial indexes apply
    values: dict = {}

    def add(sql: str, **kw):
        where.append(sql if walk else f"coalesce({sql}, false)")
        values.update(kw)
    if params.family:
        where.append(f"p.modalities && {family_literal(params.family)}")
        if set(params.modalities) != set(params.family):
            add("p.modalities && CAST(:modalities AS text[])", modalities=list(params.modalities))
    elif params.modalities:
        add("p.modalities && CAST(:modalities AS text[])", modalities=list(params.modalities))
    if params.provider_types:
        add("p.provider_type = ANY(CAST(:provider_types AS text[]))",
            provider_types=list(params.provider_types))
    if params.telehealth is not None:
        where.append("p.telehealth" if params.telehealth else "NOT p.telehealth")
    if params.accepting_new_clients is not None:
        where.append("p.accepting_new_clients" if params.accepting_new_clients
                     else "NOT p.accepting_new_clients")
    if params.language:
        add("p.languages @> ARRAY[CAST(:language AS text)]", language=params.language)
    if params.service:
        add("p.service_tags @> ARRAY[CAST(:service AS text)]", service=params.service)
    if params.sources:
        add("p.source = ANY(CAST(:sources AS text[]))", sources=list(params.sources))
    if params.exclude_sources:
        add("p.source <> ALL(CAST(:exclude_sources AS text[]))",
            exclude_sources=list(params.exclude_sources))
    return where, values


def search_statement(params: SearchParams, origin: OriginQuery) -> Statement:
    """Build the single statement that answers ``params`` from ``origin``."""
    walk, values = _conditions(params, walk=True)
    check, _ = _conditions(params, walk=False)
    walk_sql, check_sql = " AND ".join(walk), " AND ".join(check)
    after = ""
    if params.cursor:
        after = " AND (ST_Distance(p.location, o.geog), p.id) > (:after_m, :after_id)"
        values.update(after_m=params.cursor[0], after_id=params.cursor[1])
    region = ""
    if params.telehealth:
        region = f"""
            UNION ALL
            (SELECT p.id, ST_Distance(p.location, o.geog) AS d FROM o, providers p
             WHERE {walk_sql} AND p.country = o.country
               AND p.region IN (o.region_code, o.region_name)
               AND NOT ST_DWithin(p.location, o.geog, :radius_m){after}
             ORDER BY d, p.id LIMIT :k)"""
    nearest = "NULL::float8"
    if params.cursor is None:
        nearest = f"""CASE WHEN h.id IS NULL THEN (
            SELECT ST_Distance(p.location, o.geog) FROM providers p
            WHERE {walk_sql} AND ST_DWithin(p.location, o.geog, {NEAREST_REACH_M})
            ORDER BY p.location <-> o.geog LIMIT 1) END"""
    sql = f"""
        WITH o AS MATERIALIZED ({origin.sql}),
        knn AS (
            SELECT ST_Distance(x.location, o.geog) AS d FROM o CROSS JOIN LATERAL (
                SELECT p.location FROM providers p
                WHERE {walk_sql} AND ST_DWithin(p.location, o.geog, :radius_m){after}
                ORDER BY p.location <-> o.geog LIMIT :k) x),
        hits AS (
            SELECT * FROM (
            (SELECT p.id, ST_Distance(p.location, o.geog) AS d FROM o, providers p
             WHERE {check_sql} AND ST_DWithin(p.location, o.geog, :radius_m){after}
               AND ST_DWithin(p.location, o.geog, (SELECT max(d) FROM knn) + {EPSILON_M})
             ORDER BY d, p.id LIMIT :k){region}) u
            ORDER BY d, id LIMIT :k)
        SELECT o.lat AS origin_lat, o.lon AS origin_lon, o.label AS origin_label,
               o.source AS origin_source, h.d AS distance_m,
               CASE WHEN h.d <= :radius_m THEN 'nearby' ELSE 'telehealth' END AS match,
               {nearest} AS nearest_m, {PUBLIC_SQL}
        FROM o LEFT JOIN hits h ON true LEFT JOIN providers p ON p.id = h.id
        ORDER BY h.d, h.id"""
    values.update(origin.params, k=params.limit + 1, radius_m=params.radius_km * 1000)
    return Statement(sql, values)


def run(session: Session, statement: Statement):
    """Execute ``statement``; return its rows (none when the origin was not found)."""
    return session.execute(text(statement.sql), statement.params).all()
