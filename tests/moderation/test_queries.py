"""The moderators' duplicate check reads the spatial indexes that searches keep anyway."""
from sqlalchemy import text

from finder.moderation.queries import DUPLICATES_SQL


def test_the_duplicate_check_can_use_a_spatial_index_for_every_status(session):
    # The table is tiny here, so the planner is told to avoid sequential scans: the
    # point is that each branch *can* use an index, as it must on a national table.
    session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(r[0] for r in session.execute(text("EXPLAIN " + DUPLICATES_SQL), {
        "id": 0, "email": "someone@example.org", "name": "Denver Ketamine Clinic",
        "lat": 39.74, "lon": -104.99}))
    assert "providers_approved_location_gist" in plan
    assert "providers_unlisted_location_gist" in plan
    assert "Seq Scan on providers" not in plan
