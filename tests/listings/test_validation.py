"""Every rule a submission must meet, each answered 4xx with the field named; nothing stored."""
import json

import pytest
from sqlalchemy import text

from finder.providers import fields
from tests.factories import listing_payload


def count_listings(session):
    return session.scalar(text("SELECT count(*) FROM providers WHERE source = 'listing'"))


def address(**overrides):
    return {"street": "1600 Glenarm Pl", "city": "Denver", "region": "CO", "postcode": "80202",
            "country": "US", **overrides}


@pytest.mark.parametrize(("overrides", "field", "says"), [
    ({"name": ""}, "name", "Enter your name or the clinic's name."),
    ({"name": None}, "name", "Enter your name or the clinic's name."),
    ({"name": 42}, "name", "must be text"),
    ({"name": "x" * 201}, "name", "at most 200 characters"),
    ({"credentials": "x" * 101}, "credentials", "at most 100"),
    ({"bio": "x" * 5001}, "bio", "at most 5000"),
    ({"provider_type": ""}, "provider_type", "Choose a provider type."),
    ({"provider_type": "shaman"}, "provider_type", "psychiatrist"),
    ({"email": ""}, "email", "Enter your email address"),
    ({"email": "not-an-address"}, "email", "name@example.com"),
    ({"license_number": "x" * 61}, "license_number", "at most 60"),
    ({"website": "ftp://example.org"}, "website", "http://"),
    ({"website": "not a site"}, "website", "http://"),
    ({"phone": "call me maybe"}, "phone", "phone number"),
    ({"modalities": []}, "modalities", "at least one"),
    ({"modalities": ["ayahuasca"]}, "modalities", "unknown modality 'ayahuasca'"),
    ({"languages": ["eng"]}, "languages", "ISO 639-1"),
    ({"telehealth": "sometimes"}, "telehealth", "true or false"),
    ({"address": address(postcode="")}, "address.postcode", "Enter your ZIP code or postcode."),
    ({"address": address(postcode="00000")}, "address.postcode",
     "We couldn't find ZIP code 00000 in United States. Check the ZIP code and the country."),
    # A postcode of another country: it is the country that is marked, and named.
    ({"address": address(postcode="SW1A 1AA")}, "address.country",
     "We couldn't find ZIP code SW1A 1AA in United States. Did you mean United Kingdom?"),
    ({"address": address(postcode="80203", country="CO")}, "address.country",
     "We couldn't find ZIP code 80203 in Colombia. Did you mean United States?"),
    ({"address": address(country="USA")}, "address.country", "two-letter"),
    ({"address": address(city="x" * 101)}, "address.city", "at most 100"),
    ({"address": "Denver"}, "address", "must be an object"),
    ({"name": "Dr. \x00"}, "name", "NUL"),
    ({"location": {"lat": "north", "lon": -104.99}}, "location", "number"),
    ({"location": {"lat": 39.75}}, "location", "number"),
    ({"location": {"lat": 40.0150, "lon": -105.2705}}, "location", "within 25 km"),
])
def test_each_bad_field_is_named(client, session, overrides, field, says):
    before = count_listings(session)
    response = client.post("/api/v1/listings", json=listing_payload(**overrides))
    assert response.status_code == 422, response.text
    error = response.json["error"]
    assert error["code"] == "invalid_listing"
    assert field in error["fields"], error
    assert says in error["fields"][field]
    assert count_listings(session) == before


@pytest.mark.parametrize("overrides", [{"name": "Dr. \ud800"},
                                       {"address": address(city="Denver \udfff")}])
def test_a_lone_surrogate_is_refused_and_nothing_stored(client, session, overrides):
    """JSON may escape a lone surrogate ("\\ud800"): no database text can hold it (was a 500)."""
    before = count_listings(session)
    response = client.post("/api/v1/listings", json=listing_payload(**overrides))
    # A strict JSON parser refuses the body (400); a lenient one leaves it to the field rules.
    assert response.status_code in (400, 422), response.text
    if response.status_code == 422:
        assert "valid Unicode" in json.dumps(response.json["error"]["fields"])
    assert count_listings(session) == before


def test_the_text_rule_refuses_lone_surrogates_whatever_parsed_the_body():
    with pytest.raises(fields.FieldError, match="valid Unicode"):
        fields.clean_text("name", "Dr. \ud800")


def test_every_bad_field_is_reported_at_once(client):
    response = client.post("/api/v1/listings", json=listing_payload(
        name="", email="nope", modalities=["x"], languages="zz"))
    error = response.json["error"]
    assert set(error["fields"]) == {"name", "email", "modalities", "languages"}
    assert error["field"] == "name"
    assert error["message"] == "4 fields need attention."


def test_a_postcode_resolves_in_its_own_country(client):
    body = listing_payload(address=address(postcode="SW1A 1AA", country="GB", city="London"))
    assert client.post("/api/v1/listings", json=body).status_code == 201


def test_malformed_json_is_a_400(client, session):
    before = count_listings(session)
    response = client.post("/api/v1/listings", data='{"name": "Dr. Broken",',
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "malformed_json"
    assert client.post("/api/v1/listings", json=[1, 2]).status_code == 400
    assert count_listings(session) == before


def test_a_body_that_is_not_json_is_a_415(client):
    response = client.post("/api/v1/listings", data={"name": "Dr. Form"})
    assert response.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"


def test_a_body_over_64_kb_is_a_413(client, session):
    before = count_listings(session)
    body = json.dumps(listing_payload(bio="x" * (70 * 1024)))
    response = client.post("/api/v1/listings", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["status"] == 413
    assert count_listings(session) == before


def test_a_form_over_the_limit_is_a_413(client):
    response = client.post("/get-listed", data={"bio": "x" * (70 * 1024)})
    assert response.status_code == 413
