"""The search statement itself: one round trip, and the GiST index serves the ordering."""
import re
from contextlib import contextmanager

import pytest
from psycopg import pq
from sqlalchemy import text

from finder.geo.geocode import origin_for
from finder.search import params as search_params
from finder.search import queries
from finder.search import vocabulary


def statement(session, app, **args):
    vocab = vocabulary.get(session)
    parsed = search_params.parse(args, vocab, app.config)
    return queries.search_statement(parsed, origin_for(parsed.country, parsed.near,
                                                       parsed.lat, parsed.lon))


def fill(session, n=3000):
    """Add enough approved providers around Denver that the planner must choose well.

    One in a thousand speaks Finnish, so a search for Finnish speakers is a rare one.
    """
    # Setting up, not searching: writing 30,000 rows and their indexes on a busy machine
    # may take longer than the app's statement timeout.
    session.execute(text("SET LOCAL statement_timeout = 0"))
    session.execute(text(
        "INSERT INTO providers (status, source, name, provider_type, modalities, languages, "
        "country, location) SELECT 'approved', 'plan-test', 'P' || g, 'therapist', "
        "ARRAY['ketamine-infusion'], CASE WHEN g % 1000 = 0 THEN ARRAY['en', 'fi'] "
        "ELSE ARRAY['en'] END, 'US', ST_SetSRID(ST_MakePoint(-105 + random() * 2, "
        "39 + random() * 2), 4326)::geography FROM generate_series(1, :n) g"), {"n": n})
    session.execute(text("ANALYZE providers"))


def plan_of(session, st):
    return "\n".join(r[0] for r in session.execute(text("EXPLAIN " + st.sql), st.params))


@pytest.mark.parametrize("args, index", [
    ({}, "providers_therapy_location_gist"),
    ({"modality": "ketamine"}, "providers_ketamine_location_gist"),
    ({"modality": "esketamine"}, "providers_ketamine_location_gist"),
    ({"modality": "psilocybin"}, "providers_psilocybin_location_gist"),
])
def test_nearest_neighbour_ordering_uses_a_gist_index(app, session, monkeypatch, args, index):
    from finder.search import selectivity
    monkeypatch.setattr(selectivity, "fetch_facets", lambda stats, every, some: ([], []))
    fill(session)
    plan = plan_of(session, statement(session, app, near="80202", country="US", **args))
    assert f"Index Scan using {index}" in plan
    assert "Order By: (location <-> " in plan
    assert "Seq Scan on providers" not in plan


@contextmanager
def libpq_trace(session, path):
    """Record what the session's connection sends and receives (libpq's own trace)."""
    driver = session.connection().connection.driver_connection
    with open(path, "w") as trace:
        driver.pgconn.trace(trace.fileno())
        driver.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            yield
        finally:
            driver.pgconn.untrace()


def round_trips(trace_text: str) -> list[str]:
    """Return each exchange the client waited for: what it sent up to a Sync or a Query."""
    messages = []   # [direction, type, text]; a query's text may run over several lines
    for line in trace_text.splitlines():
        start = re.match(r"([FB])\t\d+\t(\w+)", line)
        if start:
            messages.append([start.group(1), start.group(2), line])
        else:
            messages[-1][2] += "\n" + line
    trips, sent = [], []
    for direction, kind, text in messages:
        if direction == "F":
            sent.append(text)
            if kind in ("Sync", "Query"):
                trips.append("\n".join(sent))
                sent = []
    return trips


def test_a_search_is_one_round_trip(app, session, client, tmp_path):
    fill(session, 50)
    session.commit()
    client.get("/api/v1/search?near=80202")        # warms the vocabulary cache
    with libpq_trace(session, tmp_path / "trace"):
        response = client.get("/api/v1/search?near=80202&modality=ketamine")
    assert response.status_code == 200
    # The tests wrap each request in a savepoint; the search itself is one exchange.
    trips = [t for t in round_trips((tmp_path / "trace").read_text())
             if "SAVEPOINT" not in t]
    assert len(trips) == 1, trips
    assert "providers" in trips[0] and "postcodes" in trips[0]


def test_rare_filters_are_fetched_through_the_facet_index(app, session, monkeypatch):
    fill(session, 30000)   # a table big enough that reading it all costs more than the index
    from finder.search import selectivity
    monkeypatch.setattr(selectivity, "fetch_facets", lambda stats, every, some: (every, some))
    plan = plan_of(session, statement(session, app, near="80202", language="fi"))
    assert "providers_facets_gin" in plan
    # The only walk left: the facilities offering none of finder's therapies, when the
    # page is empty (a partial index of their own).
    walks = plan.count("Order By: (location <-> ")
    assert walks == plan.count("Index Scan using providers_other_care_location_gist") == 1


def test_a_common_filter_never_tempts_the_planner_off_the_walk(app, session, monkeypatch):
    fill(session)
    from finder.search import selectivity
    monkeypatch.setattr(selectivity, "fetch_facets", lambda stats, every, some: ([], []))
    plan = plan_of(session, statement(session, app, near="80202", language="en",
                                      provider_type="therapist", telehealth="true"))
    assert "Order By: (location <-> " in plan
    assert "providers_facets_gin" not in plan
    assert "BitmapAnd" not in plan


def generic_plan(session, st) -> str:
    """Return the plan the searches run: the statement prepared as psycopg prepares it (typed
    parameters), planned generically (``plan_cache_mode=force_generic_plan``, as the read
    engine's connections are)."""
    from psycopg import sql as psql
    import psycopg
    from finder.database import driver_query
    driver = session.connection().connection.driver_connection
    query = driver_query(st.sql, session.bind.dialect)
    values = query.values(st.params)
    session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
    before = {r[0] for r in session.execute(text("SELECT name FROM pg_prepared_statements"))}
    with psycopg.RawCursor(driver) as cursor:
        cursor.execute(query.sql, values, prepare=True)
    name = ({r[0] for r in session.execute(text("SELECT name FROM pg_prepared_statements"))}
            - before).pop()
    explain = psql.SQL("EXPLAIN EXECUTE {}({})").format(
        psql.Identifier(name), psql.SQL(", ").join(psql.Literal(v) for v in values))
    with driver.cursor() as cursor:
        cursor.execute(explain)
        plan = "\n".join(r[0] for r in cursor.fetchall())
        cursor.execute(psql.SQL("DEALLOCATE {}").format(psql.Identifier(name)))
    return plan


def test_a_family_walks_its_own_index_only_as_a_constant(app, session, monkeypatch):
    """Why ``INDEXED_FAMILIES`` writes a family's condition as text: under the generic plans
    searches run, the family index serves the constant and never a bound parameter."""
    from finder.search import selectivity
    monkeypatch.setattr(selectivity, "fetch_facets", lambda stats, every, some: ([], []))
    fill(session)
    st = statement(session, app, near="80202", country="US", modality="ketamine")
    assert "Index Scan using providers_ketamine_location_gist" in generic_plan(session, st)
    family = sorted(search_params.parse({"near": "80202", "modality": "ketamine"},
                                        vocabulary.get(session), app.config).family)
    condition = queries.INDEXED_FAMILIES[tuple(family)][1]
    bound = queries.Statement(   # the same statement with the family as a parameter
        st.sql.replace(condition, "p.modalities && CAST(:family AS text[])"),
        {**st.params, "family": family})
    assert bound.sql != st.sql
    plan = generic_plan(session, bound)
    assert "providers_ketamine_location_gist" not in plan
    assert "Index Scan using providers_approved_location_gist" in plan   # every therapy


def test_an_alias_is_probed_by_its_key_not_hashed_with_its_countrys(app, session):
    """A name typed is looked up among the aliases by (country, alias_key): under generic
    plans a flat join hashed all of the country's aliases (21,000 for the US, 3 ms) instead."""
    session.execute(text("ANALYZE place_aliases"))   # the estimates a served database has
    plan = generic_plan(session, statement(session, app, near="NYC", country="US"))
    aliases = [line for line in plan.splitlines() if "Index Cond" in line and "alias_key" in line]
    assert aliases, plan
    assert "Hash Cond: (a.alias_key" not in plan
