"""Search agrees with a brute-force geodesic nearest (GeographicLib) on random data."""
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlalchemy import text

from finder.geo.normalise import index_safe
from finder.search import selectivity
from finder.search.service import search

SOURCE = "property-test"
points = st.tuples(st.floats(-1.5, 1.5), st.floats(-1.5, 1.5))


def insert(session, origin, offsets):
    """Insert providers at ``offsets`` (degrees) from ``origin``; return {id: (lat, lon)}."""
    made = {}
    for dlat, dlon in offsets:
        # Made index-safe (6 decimals, off the ±180 seam) as every write path stores them.
        lat, lon = index_safe(max(-89.9, min(89.9, origin[0] + dlat)),
                              (origin[1] + dlon + 180) % 360 - 180)
        pid = session.execute(text(
            "INSERT INTO providers (status, source, name, provider_type, modalities, country, "
            "location) VALUES ('approved', :s, 'P', 'therapist', ARRAY['integration'], 'US', "
            "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography) RETURNING id"),
            {"s": SOURCE, "lat": lat, "lon": lon}).scalar_one()
        made[pid] = (lat, lon)
    return made


def all_pages(session, app, origin, radius_km, limit):
    args = {"lat": str(origin[0]), "lon": str(origin[1]), "radius_km": str(radius_km),
            "limit": str(limit), "source": SOURCE}
    results, pages = [], 0
    with app.test_request_context():
        while True:
            answer = search(session, args, config=app.config)
            results += answer["results"]
            pages += 1
            if not answer["next_cursor"]:
                return results, pages
            args["cursor"] = answer["next_cursor"]


@pytest.fixture(params=["walk", "fetch"])
def strategy(request, monkeypatch):
    """Run once walking the spatial index and once fetching by facets."""
    monkeypatch.setattr(selectivity, "fetch_facets", lambda stats, every, some: (
        (every, some) if request.param == "fetch" else ([], [])))
    return request.param


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(origin=st.tuples(st.floats(-89, 89), st.floats(-180, 180)),
       offsets=st.lists(points, min_size=0, max_size=25),
       radius_km=st.floats(1, 250), limit=st.integers(1, 7))
def test_search_matches_brute_force_geodesic_nearest(app, session, strategy, origin, offsets,
                                                      radius_km, limit):
    nested = session.begin_nested()
    try:
        made = insert(session, origin, offsets)
        expected = sorted(
            (Geodesic.WGS84.Inverse(origin[0], origin[1], lat, lon)["s12"], pid)
            for pid, (lat, lon) in made.items())
        results, pages = all_pages(session, app, origin, radius_km, limit)
    finally:
        nested.rollback()
    radius_m = radius_km * 1000
    # Rows within a metre of the boundary may fall either way; everything else must match.
    inside = {pid for d, pid in expected if d <= radius_m - 1}
    maybe = {pid for d, pid in expected if abs(d - radius_m) < 1}
    got = [r["id"] for r in results]
    assert len(got) == len(set(got)), "a page repeated a provider"
    assert inside <= set(got) <= inside | maybe
    distances = [r["distance_km"] * 1000 for r in results]
    assert distances == sorted(distances)
    brute = dict((pid, d) for d, pid in expected)
    for r in results:
        assert abs(r["distance_km"] * 1000 - brute[r["id"]]) <= 1.0
    assert all(d <= radius_m + 1 for d in distances)
    assert pages == max(1, -(-len(got) // limit))
