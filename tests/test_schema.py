"""The schema as migrated: spatial index, vocabularies, the append-only audit trail."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.factories import make_provider


def test_providers_location_has_a_gist_index(session):
    indexdef = session.scalar(text(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'providers' "
        "AND indexdef ILIKE '%USING gist (location)%'"))
    assert indexdef is not None


def test_location_is_geography_point_4326(session):
    row = session.execute(text(
        "SELECT type, srid FROM geography_columns WHERE f_table_name = 'providers'")).one()
    assert (row.type, row.srid) == ("Point", 4326)


def test_modality_vocabulary_is_seeded_with_families(session):
    rows = dict(session.execute(text("SELECT slug, family FROM modalities")).all())
    for slug in ("ketamine-assisted-therapy", "ketamine-infusion", "esketamine"):
        assert rows[slug] == "ketamine"
    assert {"psilocybin", "mdma-assisted-therapy", "integration"} <= rows.keys()


def test_provider_type_vocabulary_is_seeded(session):
    slugs = set(session.scalars(text("SELECT slug FROM provider_types")))
    assert slugs == {"psychiatrist", "physician", "nurse-practitioner", "psychologist",
                     "therapist", "clinic", "facilitator"}


def test_private_fields_live_in_their_own_table(session):
    public = set(session.scalars(text(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'providers'")))
    assert not public & {"email", "license_number", "license_region", "edit_token_hash",
                         "submitter_ip"}


def test_status_is_constrained(session):
    with pytest.raises(DBAPIError):
        with session.begin_nested():
            make_provider(session, status="published")


def test_moderation_events_are_append_only(session):
    provider_id = make_provider(session)
    session.execute(text("INSERT INTO moderation_events (provider_id, action) "
                         "VALUES (:p, 'submitted')"), {"p": provider_id})
    for statement in ("UPDATE moderation_events SET action = 'x'", "DELETE FROM moderation_events"):
        with pytest.raises(DBAPIError, match="append-only"):
            with session.begin_nested():
                session.execute(text(statement))
