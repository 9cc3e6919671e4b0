"""Listings take the types and formats the OpenAPI document states, nothing looser."""
import pytest
from sqlalchemy import text

from tests.factories import listing_payload


def count_listings(session):
    return session.scalar(text("SELECT count(*) FROM providers WHERE source = 'listing'"))


@pytest.mark.parametrize(("overrides", "field"), [
    ({"location": {"lat": True, "lon": True}}, "location"),
    ({"location": {"lat": "39.75", "lon": "-104.99"}}, "location"),
    ({"location": {"lat": 39.75}}, "location"),
    ({"location": {"lat": None, "lon": None}}, "location"),
    ({"telehealth": "yes"}, "telehealth"),
    ({"accepting_new_clients": 1}, "accepting_new_clients"),
    ({"languages": "en, es"}, "languages"),
    ({"languages": ["EN"]}, "languages"),
    ({"modalities": "psilocybin"}, "modalities"),
    ({"website": "http://exa mple.com"}, "website"),
    ({"website": "https://exa\u202emple.com"}, "website"),
    ({"website": "https://example.com/\u202egnp.exe"}, "website"),
    ({"website": 'http://ex"ample.com/'}, "website"),
    ({"website": "https://exa<mple.com"}, "website"),
    ({"name": "Dr. \x19"}, "name"),
    ({"email": "a\x01b@example.org"}, "email"),
    ({"name": "x" * 200 + " "}, "name"),
])
def test_loose_types_and_formats_are_refused(client, session, overrides, field):
    before = count_listings(session)
    response = client.post("/api/v1/listings", json=listing_payload(**overrides))
    assert response.status_code == 422, response.text
    assert field in response.json["error"]["fields"], response.json
    assert count_listings(session) == before


@pytest.mark.parametrize("location", [None, {}])
def test_an_empty_location_means_no_pin(client, location):
    response = client.post("/api/v1/listings", json=listing_payload(location=location))
    assert response.status_code == 201, response.text
    token = response.json["edit_url"].rsplit("/", 1)[1]
    stored = client.get(f"/api/v1/listings/edit/{token}").json["listing"]["location"]
    assert stored["precision"] == "postcode"


def test_an_exact_pin_is_two_json_numbers(client):
    response = client.post("/api/v1/listings",
                           json=listing_payload(location={"lat": 39.752, "lon": -104.995}))
    assert response.status_code == 201, response.text


def test_the_form_still_takes_a_typed_pin_and_languages(client, session):
    page = client.get("/get-listed")
    from tests.helpers import csrf_token
    form = {"csrf_token": csrf_token(page.text), "name": "Dr. Form Pin",
            "provider_type": "psychiatrist", "email": "formpin@example.org",
            "modalities": "psilocybin", "languages": "EN, es", "address.postcode": "80202",
            "address.country": "US", "location.lat": "39.752", "location.lon": "-104.995"}
    assert client.post("/get-listed", data=form).status_code == 200
    row = session.execute(text(
        "SELECT languages, location_precision FROM providers WHERE name = 'Dr. Form Pin'")).one()
    assert (row.languages, row.location_precision) == (["en", "es"], "exact")
    bad = client.post("/get-listed", data={**form, "location.lat": "٣٩"})
    assert bad.status_code == 422
