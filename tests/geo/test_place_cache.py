"""A place name searched again starts from what its lookup found, with the same answer."""
import pytest
from werkzeug.datastructures import MultiDict

from finder.geo import place_cache
from finder.search import service
from tests.factories import make_provider
from tests.helpers import make_app

SEARCHES = ["near=Springfield&country=US", "near=Portland, OR&country=US",
            "near=NYC&country=US&modality=ketamine", "near=Pheonix&country=US",
            "near=Springfield, IL&country=US&modality=psilocybin"]


def plan(app, session, query: str):
    args = MultiDict([part.split("=", 1) for part in query.split("&")])
    with app.app_context():
        return service.plan(session, args, app.config)


@pytest.fixture
def near_providers(session):
    for lat, lon in ((39.80, -89.64), (45.52, -122.68), (40.71, -74.0), (33.45, -112.07)):
        make_provider(session, lat=lat, lon=lon, modalities=["ketamine-assisted-therapy",
                                                             "psilocybin"])


@pytest.mark.parametrize("query", SEARCHES)
def test_a_place_searched_again_gets_the_same_answer_without_the_gazetteer(app, client,
                                                                          session, query,
                                                                          near_providers):
    first = client.get(f"/api/v1/search?{query}")
    assert first.status_code == 200, first.json
    remembered = plan(app, session, query)
    assert remembered.origin.remembered
    assert "places" not in remembered.statement.sql and "place_aliases" not in \
        remembered.statement.sql
    again = client.get(f"/api/v1/search?{query}")
    assert again.json == first.json
    assert again.data == first.data


def test_the_other_candidates_are_kept_too(client, near_providers):
    first = client.get("/api/v1/search?near=Springfield&country=US").json
    assert len(first["origin"]["candidates"]) >= 3   # Springfield, IL; MO; MA; ...
    assert client.get("/api/v1/search?near=Springfield&country=US").json["origin"] == \
        first["origin"]


def test_a_name_that_found_nothing_is_looked_up_each_time(app, client, session):
    for _ in range(2):
        assert client.get("/api/v1/search?near=Qzxwvutsq&country=US").status_code == 404
        assert not plan(app, session, "near=Qzxwvutsq&country=US").origin.remembered


@pytest.mark.parametrize("setting", [{"PLACE_CACHE_SIZE": 0}, {"PLACE_CACHE_TTL_S": 0}])
def test_the_settings_turn_it_off(session, setting):
    app = make_app(session, **setting)
    client = app.test_client()
    for _ in range(2):
        assert client.get("/api/v1/search?near=Denver&country=US").status_code == 200
        assert not plan(app, session, "near=Denver&country=US").origin.remembered


def test_it_keeps_the_last_names_only(session):
    app = make_app(session, PLACE_CACHE_SIZE=2)
    client = app.test_client()
    for name in ("Denver", "Boise", "Austin"):
        assert client.get(f"/api/v1/search?near={name}&country=US").status_code == 200
    assert not plan(app, session, "near=Denver&country=US").origin.remembered
    assert plan(app, session, "near=Austin&country=US").origin.remembered
    place_cache.clear()
    assert not plan(app, session, "near=Austin&country=US").origin.remembered
