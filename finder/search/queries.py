"""The one nearest-provider statement: geocoding, filters, exact order, paging.

PostGIS orders geography by sphere distance (``<->``, which the GiST index serves) but
``ST_Distance`` reports spheroid distance; the two disagree for near-ties. So the
statement works in two steps inside one round trip:

1. ``knn``: the k nearest rows by ``<->`` (an index walk bounded by the radius);
   the largest spheroid distance among them, ``dmax``, is an upper bound on the
   k-th nearest spheroid distance.
2. ``hits``: every row within ``dmax`` (an index range scan), ordered exactly by
   (spheroid distance, id) — so the order agrees with the distances reported, and
   keyset paging on (distance, id) never repeats or skips a row.
"""
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo.geocode import OriginQuery
from finder.providers.public import PUBLIC_SQL
from finder.search.params import SearchParams

# Telehealth providers in the visitor's region count even beyond the radius; a region
# (a U.S. state, a province) lies within this distance of any point in it.
REGION_REACH_M = 3_000_000
# How far to look for the nearest match when none is within the radius.
NEAREST_REACH_M = 2_000_000
# Slack for comparing ST_DWithin with ST_Distance (both spheroid) at the boundary.
EPSILON_M = 0.01


@dataclass(frozen=True)
class Statement:
    """The SQL text and its parameters, also run as-is by the benchmark's SQL floor."""

    sql: str
    params: dict


def _filters(params: SearchParams) -> tuple[list[str], dict]:
    where = ["p.status = 'approved'"]   # a literal, so the partial GiST index applies
    values: dict = {}
    if params.modalities:
        where.append("p.modalities && CAST(:modalities AS text[])")
        values["modalities"] = list(params.modalities)
    if params.provider_types:
        where.append("p.provider_type = ANY(CAST(:provider_types AS text[]))")
        values["provider_types"] = list(params.provider_types)
    if params.telehealth is not None:
        where.append("p.telehealth = :telehealth")
        values["telehealth"] = params.telehealth
    if params.accepting_new_clients is not None:
        where.append("p.accepting_new_clients = :accepting")
        values["accepting"] = params.accepting_new_clients
    if params.language:
        where.append("CAST(:language AS text) = ANY(p.languages)")
        values["language"] = params.language
    if params.service:
        where.append("CAST(:service AS text) = ANY(p.service_tags)")
        values["service"] = params.service
    if params.sources:
        where.append("p.source = ANY(CAST(:sources AS text[]))")
        values["sources"] = list(params.sources)
    if params.exclude_sources:
        where.append("p.source <> ALL(CAST(:exclude_sources AS text[]))")
        values["exclude_sources"] = list(params.exclude_sources)
    return where, values


def _reach(params: SearchParams) -> tuple[str, dict]:
    """Return the condition bounding how far a match may be (radius, or the region too)."""
    radius = "ST_DWithin(p.location, o.geog, :radius_m)"
    if not params.telehealth:
        return radius, {}
    return (f"ST_DWithin(p.location, o.geog, {REGION_REACH_M}) AND ({radius} OR ("
            "p.country = o.country AND p.region IN (o.region_code, o.region_name)))"), {}


def search_statement(params: SearchParams, origin: OriginQuery) -> Statement:
    """Build the single statement that answers ``params`` from ``origin``."""
    where, values = _filters(params)
    reach, _ = _reach(params)
    match = " AND ".join(where + [reach])
    after = ""
    if params.cursor:
        after = " AND (ST_Distance(p.location, o.geog), p.id) > (:after_m, :after_id)"
        values.update(after_m=params.cursor[0], after_id=params.cursor[1])
    nearest = "NULL::float8"
    if params.cursor is None:
        nearest = f"""CASE WHEN h.id IS NULL THEN (
            SELECT ST_Distance(p.location, o.geog) FROM providers p
            WHERE {' AND '.join(where)} AND ST_DWithin(p.location, o.geog, {NEAREST_REACH_M})
            ORDER BY p.location <-> o.geog LIMIT 1) END"""
    sql = f"""
        WITH o AS MATERIALIZED ({origin.sql}),
        knn AS (
            SELECT ST_Distance(x.location, o.geog) AS d FROM o CROSS JOIN LATERAL (
                SELECT p.location FROM providers p
                WHERE {match}{after}
                ORDER BY p.location <-> o.geog LIMIT :k) x),
        hits AS (
            SELECT p.id, ST_Distance(p.location, o.geog) AS d FROM o, providers p
            WHERE {match}{after}
              AND ST_DWithin(p.location, o.geog, (SELECT max(d) FROM knn) + {EPSILON_M})
            ORDER BY d, p.id LIMIT :k)
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
