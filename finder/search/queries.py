"""The one nearest-provider statement: geocoding, filters, exact order, paging.

PostGIS orders geography by sphere distance (``<->``, which the GiST index serves) but
``ST_Distance`` reports spheroid distance; the two disagree for near-ties. So a walk
works in two steps inside the one statement:

1. ``*_knn``: the k nearest rows by ``<->`` (an index walk bounded by a distance);
   the largest spheroid distance among them, ``dmax``, bounds the k-th nearest.
2. ``*_hits``: every row within ``dmax`` (an index range scan), ordered exactly by
   (spheroid distance, id) — so the order agrees with the distances reported, and
   keyset paging on (distance, id) never repeats or skips a row.

Every walk keeps to providers offering at least one of finder's modalities (a family's
partial index, or ``providers_therapy_location_gist``). When the first page is empty,
``other_care`` lists the nearest facilities offering none, for a section of their own
(``providers_other_care_location_gist``).

The origin's candidates (``oc``: the best match first, then close others) come from
``finder.geo.geocode``; the origin ``o`` is the best one when it is sure enough
(``MIN_SCORE``). Without one, the statement still returns one row: the candidates, to
offer ("did you mean"), and no providers.

With ``telehealth=true`` a second walk adds the telehealth providers of the visitor's
region beyond the radius, bounded by the region's reach (the ``regions`` table).

When a therapy is not legally offered where the visitor is (``finder.access``), the same
statement also finds the nearest providers of it in the jurisdictions that offer it
(``elsewhere_*``): one short walk per jurisdiction on the (country, region, location)
index, run only when the origin turns out to be in a place that does not offer it.

A walk with a filter that matches few providers visits most of the index before it
finds them. Two rules keep every search short:
- a modality filter names its whole family as the constant its partial GiST index is
  defined with (``INDEXED_FAMILIES``), so the walk uses that index and never visits
  providers of other therapies;
- when the filters are rare together (``selectivity.fetch_facets``), the statement
  fetches their providers through the GIN index on ``facets`` and sorts them by
  distance instead of walking: ``strategy`` names the choice, ``Strategy.FETCH`` or
  ``Strategy.WALK``, and every part of the statement follows it.
Conditions the chosen plan must not use are wrapped in ``coalesce(..., false)``, which
hides them from the planner: each strategy leaves it one sensible plan, whatever its
estimates (a geography origin computed in the statement has none).

Every value from a request is a bind parameter; the SQL text holds only this module's
own constants. ``tests/search/golden/`` holds the text of each shape of the statement
(``tests/search/test_golden_sql.py`` says how to write them again after a change).
"""
import enum
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from finder.database import fetch_all
from finder.geo.geocode import MIN_SCORE
from finder.geo.geocode import OriginQuery
from finder.providers.public import PUBLIC_SQL
from finder.search.params import SearchParams

# How far to look for the nearest match when none is within the radius.
NEAREST_REACH_M = 1_000_000
# How many providers elsewhere to list for a therapy not offered where the visitor is,
# and how far away a jurisdiction that offers it may be.
ELSEWHERE_K = 3
ELSEWHERE_REACH_M = 5_000_000
# Facilities offering none of finder's modalities, listed when no provider matched.
OTHER_CARE_SHOWN = 3
THERAPY = "p.modalities <> '{}'::text[]"     # the predicate of providers_therapy_location_gist
OTHER_CARE = "p.modalities = '{}'::text[]"   # and of providers_other_care_location_gist
# Each family's partial GiST index (db/versions/0005) and the condition that lets a walk use
# it. Why constants, not a bind parameter: the planner uses a partial index only when the
# query's condition implies the index's predicate, and searches run generic plans
# (``plan_cache_mode=force_generic_plan``, finder.database.make_read_engine), in which a
# parameter's value is unknown: ``p.modalities && CAST(:family AS text[])`` would never
# match an index, and every search for one therapy would walk all therapies' providers
# (measured: tests/search/test_queries.py, test_a_family_walks_its_own_index_only_as_a_constant,
# where the bound form walks providers_approved_location_gist).
# So the condition is chosen from this vetted map, keyed by the family's sorted slugs as
# the vocabulary has them; a test checks it against the migrated database's indexes. A
# family the map does not know (added by data, without an index) is a bind parameter,
# filtered on the walk of the therapy index: right answers, a longer walk.
INDEXED_FAMILIES = {
    ("esketamine", "ketamine-assisted-therapy", "ketamine-infusion"): (
        "providers_ketamine_location_gist",
        "p.modalities && '{esketamine,ketamine-assisted-therapy,ketamine-infusion}'::text[]"),
    ("psilocybin",): (
        "providers_psilocybin_location_gist", "p.modalities && '{psilocybin}'::text[]"),
    ("mdma-assisted-therapy",): (
        "providers_mdma_location_gist", "p.modalities && '{mdma-assisted-therapy}'::text[]"),
    ("integration",): (
        "providers_integration_location_gist", "p.modalities && '{integration}'::text[]"),
}
# Slack for comparing ST_DWithin with ST_Distance (both spheroid) at the boundary.
EPSILON_M = 0.01
RADIUS = "ST_DWithin(p.location, o.geog, :radius_m)"
# Listings not confirmed since ``confirmed_since`` are stale (imported and demo providers
# have nobody to confirm them). A filter on the row the walk reads, hidden from the planner.
FRESH = "(p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz))"
REGION = ("p.telehealth AND p.country = o.country AND p.region IN (o.region_code, o.region_name)"
          " AND ST_DWithin(p.location, o.geog, o.region_reach)")


@dataclass(frozen=True)
class Statement:
    """The SQL text and its parameters, also run as-is by the benchmark's SQL floor."""

    sql: str
    params: dict


class Strategy(enum.Enum):
    """How the statement finds the page's providers."""

    WALK = "walk"     # nearest first along a spatial (GiST) index, bounded by the radius
    FETCH = "fetch"   # every provider holding the rare facets (GIN index), sorted by distance


def strategy(params: SearchParams) -> Strategy:
    """Return how ``params`` is answered: ``FETCH`` when ``selectivity.fetch_facets`` chose
    facets rare enough to fetch by (``params.facets``, ``params.facets_any``), else ``WALK``.
    """
    return Strategy.FETCH if params.facets or params.facets_any else Strategy.WALK


def hidden(condition: str) -> str:
    """Return ``condition`` in a form no index can serve (the planner won't try)."""
    return f"coalesce({condition}, false)"


def _filters(params: SearchParams, how: Strategy) -> tuple[str, dict]:
    """Return the filter conditions; only the facets fetched by are visible to the planner."""
    where = ["p.status = 'approved'"]   # literals, so the partial indexes apply
    values: dict = {"confirmed_since": params.confirmed_since}
    indexed = INDEXED_FAMILIES.get(tuple(sorted(params.family)))
    if indexed:
        where.append(indexed[1])
    else:   # a family implies a therapy; a fetch by facets must not walk this index
        where.append(hidden(THERAPY) if how is Strategy.FETCH else THERAPY)
        if params.family:
            where.append(hidden("p.modalities && CAST(:family AS text[])"))
            values["family"] = sorted(params.family)
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
    add(FRESH)
    if params.provider_types:
        add("p.provider_type = ANY(CAST(:provider_types AS text[]))",
            provider_types=list(params.provider_types))
    if params.languages:
        add("p.languages && CAST(:languages AS text[])", languages=list(params.languages))
    if params.payment:
        add("p.payment && CAST(:payment AS text[])", payment=list(params.payment))
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


def _after(params: SearchParams, distance: str, row_id: str) -> str:
    """Return the keyset condition for the page after the cursor (or nothing)."""
    if not params.cursor:
        return ""
    return f" AND ({distance}, {row_id}) > (:after_m, :after_id)"


def _hits(params: SearchParams, how: Strategy, where: str) -> str:
    """Return the CTEs that end in ``hits``: the page's rows with their exact distances."""
    if how is Strategy.FETCH:
        # Every provider holding the rare facets, with its distance, once: the page and
        # the nearest-beyond-the-radius both come from these few rows.
        region = f", {REGION} AS in_region" if params.telehealth else ""
        reach = "(c.d <= :radius_m OR c.in_region)" if params.telehealth else "c.d <= :radius_m"
        after_c = _after(params, "c.d", "c.id")
        return f"""
        cand AS MATERIALIZED (
            SELECT p.id, ST_Distance(p.location, o.geog) AS d{region}
            FROM o, providers p WHERE {where}),
        hits AS (
            SELECT c.id, c.d FROM cand c WHERE {reach}{after_c}
            ORDER BY c.d, c.id LIMIT :k)"""
    after = _after(params, "ST_Distance(p.location, o.geog)", "p.id")
    ctes = _walk("near", where, RADIUS, after)
    union = "SELECT * FROM near_hits"
    if params.telehealth:
        ctes += _walk("region", where, f"NOT {RADIUS} AND {REGION}", after)
        union += " UNION ALL SELECT * FROM region_hits"
    return ctes + f"""
        hits AS (SELECT * FROM ({union}) u ORDER BY d, id LIMIT :k)"""


def _nearest(params: SearchParams, how: Strategy, where: str) -> str:
    """Return the distance of the nearest match when the page is empty (first page only)."""
    if params.cursor is not None:
        return "NULL::float8"
    if how is Strategy.FETCH:
        inner = f"SELECT min(d) FROM cand WHERE d <= {NEAREST_REACH_M}"
    else:
        inner = f"SELECT ST_Distance(p.location, o.geog) FROM providers p WHERE {where} " \
                f"AND ST_DWithin(p.location, o.geog, {NEAREST_REACH_M}) " \
                "ORDER BY p.location <-> o.geog LIMIT 1"
    return f"CASE WHEN h.id IS NULL AND o.geog IS NOT NULL THEN ({inner}) END"


def _other_care(params: SearchParams) -> str:
    """Return the nearest facilities offering none of finder's modalities, as JSON, when
    the first page is empty."""
    if params.cursor is not None:
        return "NULL::json"
    sources = ""
    if params.exclude_sources:
        sources = " AND " + hidden("p.source <> ALL(CAST(:exclude_sources AS text[]))")
    # What a visitor needs of any facility: a language they speak, a way they can pay.
    if params.languages:
        sources += " AND " + hidden("p.languages && CAST(:languages AS text[])")
    if params.payment:
        sources += " AND " + hidden("p.payment && CAST(:payment AS text[])")
    return f"""CASE WHEN h.id IS NULL AND o.geog IS NOT NULL THEN (
            SELECT json_agg(x ORDER BY x.distance_m, x.id) FROM (
                SELECT {PUBLIC_SQL}, ST_Distance(p.location, o.geog) AS distance_m
                FROM providers p
                WHERE p.status = 'approved' AND {OTHER_CARE}
                  AND ST_DWithin(p.location, o.geog, :radius_m){sources}
                ORDER BY p.location <-> o.geog LIMIT {OTHER_CARE_SHOWN}) x) END"""


def _others(origin: OriginQuery) -> str:
    """Return the candidates besides the origin (all of them when there is none), as JSON."""
    if not origin.alternatives:
        return "SELECT NULL::json AS candidates"
    if origin.remembered:   # what the place's lookup found before (finder.geo.place_cache)
        return "SELECT CAST(:o_candidates AS json) AS candidates"
    # The origin, when there is one, is the candidate ranked first.
    return """
            SELECT json_agg(json_build_object('label', c.label, 'near', c.near,
                                              'country', c.country, 'match', c.match,
                                              'score', c.score) ORDER BY c.rank) AS candidates
            FROM oc c WHERE c.rank > 1 OR NOT EXISTS (SELECT FROM o)"""


def _first_row_only(column: str, origin: OriginQuery) -> str:
    """Return ``column`` for the answer's first row only (the nearest provider's, or the one
    row when none was found): sent and parsed once, not once per row."""
    if not origin.alternatives:
        return column   # always NULL
    return f"""CASE WHEN h.id IS NOT DISTINCT FROM (
                   SELECT id FROM hits ORDER BY d, id LIMIT 1) THEN {column} END"""


def _origin(params: SearchParams) -> str:
    """Return the origin: the best candidate when sure enough, with how far the
    visitor's region reaches when needed."""
    best = "(SELECT * FROM oc ORDER BY rank LIMIT 1) b"
    if not params.telehealth:
        return f"SELECT b.* FROM {best} WHERE b.score >= {MIN_SCORE}"
    return f"""
        SELECT b.*, ST_Distance(b.geog, r.centroid) + r.radius_m AS region_reach
        FROM {best}
        LEFT JOIN regions r ON r.country = b.country
             AND r.code IS NOT DISTINCT FROM b.region_code
             AND r.name IS NOT DISTINCT FROM b.region_name
        WHERE b.score >= {MIN_SCORE}"""


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
    # The status is a filter here: only providers_jurisdiction_gist (country, region,
    # location) can then serve the walk, bounded to one jurisdiction.
    approved = hidden("p.status = 'approved'")
    walk = f"""SELECT p.id, p.location FROM providers p
                WHERE p.country = j.country AND {{region}} AND {approved}
                  AND {offers} AND {beyond} AND {demo} AND {hidden(FRESH)}
                ORDER BY p.location <-> o.geog LIMIT :elsewhere_walk"""
    gate = f"""coalesce((
            SELECT g.needs FROM unnest(CAST(:{e}g_countries AS text[]),
                                       CAST(:{e}g_regions AS text[]),
                                       CAST(:{e}g_needs AS boolean[])) AS g(country, region, needs)
            WHERE (g.country = '*' OR g.country = o.country)
              AND (g.region IS NULL OR g.region IN (o.region_code, o.region_name))
            ORDER BY g.region IS NOT NULL DESC, g.country <> '*' DESC LIMIT 1), true)"""
    # Only jurisdictions whose nearest edge (by the regions' centres and reach) is within
    # ELSEWHERE_REACH_M are walked: a nearest-first walk towards a point a hemisphere
    # away visits most of the index (10,000 pages for Australia from Kansas).
    reach = """(SELECT min(ST_Distance(r.centroid, o.geog, false) - r.radius_m) FROM regions r
                WHERE r.country = j.country
                  AND (j.region IS NULL OR j.region IN (r.code, r.name)))
               <= :elsewhere_reach_m"""
    # The gate is its own materialised step, so that whatever plan the statement gets,
    # nothing below runs for an origin whose place offers the therapy.
    return f"""
        elsewhere_{n}_origin AS MATERIALIZED (SELECT * FROM o WHERE {gate}),
        elsewhere_{n} AS (
            SELECT c.id, ST_Distance(c.location, o.geog) AS d, j.n AS target
            FROM elsewhere_{n}_origin o, unnest(CAST(:{e}countries AS char(2)[]), CAST(:{e}regions AS text[]))
                    WITH ORDINALITY AS j(country, region, n)
            CROSS JOIN LATERAL (
                ({walk.format(region="p.region = j.region")})
                UNION ALL
                ({walk.format(region=f"j.region IS NULL AND NOT {excluded}")})) c
            WHERE {reach}
            ORDER BY d, c.id LIMIT :elsewhere_k),"""


def search_statement(params: SearchParams, origin: OriginQuery, elsewhere=()) -> Statement:
    """Build the single statement that answers ``params`` from ``origin``; ``elsewhere``
    holds an ``ElsewherePlan`` for each requested therapy that some places do not offer."""
    how = strategy(params)
    where, values = _filters(params, how)
    if params.cursor:
        values.update(after_m=params.cursor[0], after_id=params.cursor[1])
    origin_columns = """o.lat AS origin_lat, o.lon AS origin_lon, o.label AS origin_label,
               o.source AS origin_source, o.match AS origin_match, o.score AS origin_score,
               o.country AS origin_country, o.region_code AS origin_region_code,
               o.region_name AS origin_region_name"""
    found = "".join(_elsewhere(n, plan, values) for n, plan in enumerate(elsewhere))
    sql = f"""
        WITH oc AS MATERIALIZED ({origin.sql}),
        o AS MATERIALIZED ({_origin(params)}),
        others AS MATERIALIZED ({_others(origin)}),{found}{_hits(params, how, where)}
        SELECT {origin_columns}, {_first_row_only("others.candidates", origin)} AS candidates,
               h.d AS distance_m,
               CASE WHEN h.d <= :radius_m THEN 'nearby' ELSE 'telehealth' END AS match,
               {_nearest(params, how, where)} AS nearest_m, {_other_care(params)} AS other_care,
               NULL::int AS part, NULL::bigint AS target, {PUBLIC_SQL}
        FROM others LEFT JOIN o ON true LEFT JOIN hits h ON true
        LEFT JOIN providers p ON p.id = h.id"""
    for n in range(len(elsewhere)):
        # Appended rows: ``part`` says which requested therapy they are elsewhere for.
        sql += f"""
        UNION ALL
        SELECT {origin_columns}, NULL, e.d, 'elsewhere', NULL, NULL, {n}, e.target, {PUBLIC_SQL}
        FROM o JOIN elsewhere_{n} e ON true JOIN providers p ON p.id = e.id"""
    sql += "\n        ORDER BY part NULLS FIRST, distance_m, id" if elsewhere else \
        "\n        ORDER BY h.d, h.id"
    if elsewhere:
        # Each walk orders by sphere distance; a few more rows than listed let the exact
        # (spheroid) order choose among near-ties.
        values.update(elsewhere_k=ELSEWHERE_K, elsewhere_walk=2 * ELSEWHERE_K,
                      elsewhere_reach_m=ELSEWHERE_REACH_M)
        values.setdefault("exclude_sources", list(params.exclude_sources))
    values.update(origin.params, k=params.limit + 1, radius_m=params.radius_km * 1000)
    return Statement(sql, values)


def run(db: Session | Connection, statement: Statement) -> list:
    """Execute ``statement``; return its rows (one without an origin when it was not found)."""
    connection = db.connection() if isinstance(db, Session) else db
    return fetch_all(connection, statement.sql, statement.params)
