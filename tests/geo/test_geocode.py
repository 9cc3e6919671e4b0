"""What people type, resolved against the real GeoNames rows, through the search API."""
import pytest

from finder.names import country_name

CASES = [
    # country, typed, understood as, source
    ("US", "90210", "Beverly Hills, California 90210, US", "postcode"),
    ("US", "  90210 ", "Beverly Hills, California 90210, US", "postcode"),
    ("US", "90210-1234", "Beverly Hills, California 90210, US", "postcode"),
    ("US", "2134", "Allston, Massachusetts 02134, US", "postcode"),
    ("US", "00602", "Aguada, Aguada 00602, PR", "postcode"),
    ("US", "Denver, CO", "Denver, Colorado, US", "place"),
    ("US", "Denver Colorado", "Denver, Colorado, US", "place"),
    ("US", "denver", "Denver, Colorado, US", "place"),
    ("US", "Denvr", "Denver, Colorado, US", "place"),
    ("US", "Cambridge", "Cambridge, Massachusetts, US", "place"),
    ("GB", "SW1A 1AA", "Westminster Abbey, England SW1A, GB", "postcode"),
    ("GB", "sw1a1aa", "Westminster Abbey, England SW1A, GB", "postcode"),
    ("GB", "M1 1AE", "Manchester, England M1, GB", "postcode"),
    ("GB", "Cambridge", "Cambridge, England, GB", "place"),
    ("CA", "K1A 0B1", "Government of Canada Ottawa and Gatineau offices, Ontario K1A, CA",
     "postcode"),
    ("CA", "k1a0b1", "Government of Canada Ottawa and Gatineau offices, Ontario K1A, CA",
     "postcode"),
    ("CA", "Toronto", "Toronto, Ontario, CA", "place"),
    ("NL", "1012 AB", "Amsterdam, North Holland 1012, NL", "postcode"),
    ("NL", "1012ab", "Amsterdam, North Holland 1012, NL", "postcode"),
    ("NL", "amsterdam", "Amsterdam, North Holland, NL", "place"),
    ("IE", "D02 X285", "Dublin 2, Leinster D02, IE", "postcode"),
    ("IE", "d02x285", "Dublin 2, Leinster D02, IE", "postcode"),
    ("IE", "Cork", "Cork city southside, Munster, IE", "place"),
    ("DE", "10115", "Berlin, Berlin 10115, DE", "postcode"),
    ("DE", "Berlin", "Berlin, Berlin, DE", "place"),
    ("DE", "Koln", "Köln, Nordrhein-Westfalen, DE", "place"),
    ("DE", "MÜNCHEN", "München, Bayern, DE", "place"),
    ("AU", "2000", "Sydney, New South Wales 2000, AU", "postcode"),
    ("AU", "Melbourne", "Melbourne, Victoria, AU", "place"),
]


@pytest.mark.parametrize("country, typed, label, source", CASES)
def test_typed_locations_are_understood(client, country, typed, label, source):
    response = client.get("/api/v1/search", query_string={"near": typed, "country": country})
    assert response.status_code == 200, response.json
    assert response.json["origin"]["label"] == label
    assert response.json["origin"]["source"] == source


def test_the_longest_geonames_codes_are_postcodes(client):
    response = client.get("/api/v1/search", query_string={"near": "97391 cedex 2",
                                                          "country": "GF"})
    assert response.status_code == 200, response.json
    assert response.json["origin"]["source"] == "postcode"


def test_cambridge_in_gb_is_not_massachusetts(client):
    origin = client.get("/api/v1/search?near=Cambridge&country=GB").json["origin"]
    assert origin["lat"] == pytest.approx(52.2, abs=0.1)
    assert origin["lon"] == pytest.approx(0.12, abs=0.1)


def test_coordinates_pass_through_and_name_the_area(client):
    origin = client.get("/api/v1/search?lat=39.7392&lon=-104.9903").json["origin"]
    assert (origin["lat"], origin["lon"], origin["source"]) == (39.7392, -104.9903,
                                                               "coordinates")
    assert "Denver, Colorado" in origin["label"]


def test_mid_ocean_coordinates_work_without_an_area(client):
    response = client.get("/api/v1/search?lat=0&lon=-30")
    assert response.status_code == 200
    assert response.json["origin"]["label"] == "0.00, -30.00"   # about 1 km, no more


@pytest.mark.parametrize("country, typed, code", [
    ("US", "99999", "postcode_not_found"),
    ("GB", "ZZ9 9ZZ", "postcode_not_found"),
    ("CA", "X9X 9X9", "postcode_not_found"),
    ("NL", "0000 AA", "postcode_not_found"),
    ("DE", "Xyzzyville", "place_not_found"),
])
def test_unknown_locations_name_what_was_typed(client, country, typed, code):
    response = client.get("/api/v1/search", query_string={"near": typed, "country": country})
    assert response.status_code == 404
    assert response.json["error"]["code"] == code
    assert repr(typed) in response.json["error"]["message"]
    assert country_name(country) in response.json["error"]["message"]
