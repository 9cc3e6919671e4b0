"""Search parameters the server cannot apply are refused with 400, never ignored or a 500."""
import base64
import json

import pytest

from tests.factories import make_provider
from tests.helpers import make_app


@pytest.fixture
def app(session):
    return make_app(session)


def cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize("forged", [[0, True], [False, True], [0.5, False], [1, 2**70]])
@pytest.mark.parametrize("where", ["near=90210&country=US", "lat=34.09&lon=-118.41"])
@pytest.mark.parametrize("path", ["/api/v1/search?", "/api/v1/search?format=geojson&",
                                  "/?"])
def test_a_forged_cursor_is_a_400_on_the_api_and_the_page(client, forged, where, path):
    response = client.get(f"{path}{where}&cursor={cursor(forged)}")
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json["error"]["field"] == "cursor"


def test_the_cursor_base64_of_0_true_is_a_400(client):
    response = client.get("/api/v1/search?near=90210&country=US&cursor=WzAsdHJ1ZV0")
    assert response.status_code == 400
    assert response.json["error"]["field"] == "cursor"


def test_a_source_over_40_characters_is_refused_not_ignored(client, session):
    make_provider(session, source="samhsa-2022")
    response = client.get("/api/v1/search?near=80202&radius_km=5&source=" + "a" * 41)
    assert response.status_code == 400
    assert response.json["error"]["field"] == "source"
    assert "40" in response.json["error"]["message"]
    fits = client.get("/api/v1/search?near=80202&radius_km=5&source=" + "a" * 40)
    assert fits.status_code == 200 and fits.json["results"] == []


@pytest.mark.parametrize("name, value", [
    ("radius_km", "١٠"), ("radius_km", "1_0"), ("radius_km", "1e400"),
    ("radius_km", "nan"), ("limit", "١٠"), ("limit", "1_0"), ("limit", "10.0"),
    ("limit", "²"), ("lat", "٣٩"), ("telehealth", "ｔrue"), ("accepting_new_clients", "maybe")])
def test_numbers_and_booleans_are_ascii_and_exact(client, name, value):
    response = client.get("/api/v1/search", query_string={"near": "80202", name: value}) \
        if name not in ("lat",) else \
        client.get("/api/v1/search", query_string={"lat": value, "lon": "-104.99"})
    assert response.status_code == 400, response.text
    assert response.json["error"]["field"] == name


@pytest.mark.parametrize("value", ["10", "2.5", "0.5", "1e2"])
def test_plain_numbers_still_work(client, value):
    assert client.get("/api/v1/search", query_string={"near": "80202",
                                                      "radius_km": value}).status_code == 200


@pytest.mark.parametrize("country", ["ß", "ﬁ", "ＵＳ"])
def test_a_country_is_two_ascii_letters(client, country):
    response = client.get("/api/v1/search", query_string={"near": "10001", "country": country})
    assert response.status_code == 400
    assert response.json["error"]["field"] == "country"


def test_an_unknown_format_is_refused(client):
    response = client.get("/api/v1/search?near=80202&format=xml")
    assert response.status_code == 400
    assert response.json["error"]["field"] == "format"
    assert client.get("/api/v1/search?near=80202&format=json").status_code == 200


def test_an_empty_format_is_refused_as_the_document_says(client):
    # Found by the fuzz tests: the document allows json or geojson, and "" was taken as json.
    response = client.get("/api/v1/search?near=80202&country=US&format=")
    assert response.status_code == 400 and response.json["error"]["field"] == "format"
