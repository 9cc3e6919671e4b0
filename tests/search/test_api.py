"""GET /api/v1/search and the public read API, through HTTP as a client would use them."""
import pytest
from sqlalchemy import text

from tests.factories import make_provider

# Fairbanks, Alaska: far from anything other tests place, so each test owns the area.
FAIRBANKS = (64.8378, -147.7164)


@pytest.fixture(autouse=True, params=["walk", "fetch"])
def strategy(request, monkeypatch):
    """Answer every search both ways: walking the spatial index, and fetching by facets."""
    from finder.search import selectivity

    monkeypatch.setattr(selectivity, "fetch_facets", lambda stats, every, some: (
        (every, some) if request.param == "fetch" else ([], [])))
    return request.param


def place(session, dlat, dlon, **kw):
    """Create a provider at an offset (degrees) from Fairbanks."""
    kw.setdefault("region", "AK")
    kw.setdefault("postcode", "99701")
    return make_provider(session, lat=FAIRBANKS[0] + dlat, lon=FAIRBANKS[1] + dlon, **kw)


def search(client, **params):
    params.setdefault("lat", FAIRBANKS[0])
    params.setdefault("lon", FAIRBANKS[1])
    return client.get("/api/v1/search", query_string=params)


def ids(response):
    return [r["id"] for r in response.json["results"]]


def test_answer_has_origin_results_and_attribution(client, session):
    pid = place(session, 0.01, 0, name="Aurora Ketamine Clinic", practice_name="Aurora Health",
                phone="907-555-0100", website="https://aurora.example", languages=["en", "es"])
    response = client.get("/api/v1/search", query_string={"near": "99701", "country": "US"})
    assert response.status_code == 200
    body = response.json
    assert body["origin"]["source"] == "postcode"
    assert body["origin"]["label"] == "Fairbanks, Alaska 99701, US"
    first = body["results"][0]
    assert first["id"] == pid
    assert first["slug"] == f"{pid}-aurora-ketamine-clinic"
    assert first["profile_url"].endswith(f"/providers/{pid}-aurora-ketamine-clinic")
    assert first["address"]["postcode"] == "99701"
    assert first["languages"] == ["en", "es"]
    assert first["match"] == "nearby"
    assert first["distance_mi"] == pytest.approx(first["distance_km"] / 1.609344, abs=0.001)
    assert "GeoNames" in body["attribution"]["text"]
    assert body["next_cursor"] is None


def test_results_are_nearest_first_with_ties_broken_by_id(client, session):
    far = place(session, 0.2, 0)
    tie_a = place(session, 0.1, 0)
    tie_b = place(session, 0.1, 0)
    close = place(session, 0.05, 0)
    assert ids(search(client)) == [close, tie_a, tie_b, far]


def test_pages_neither_repeat_nor_skip(client, session):
    made = [place(session, 0.01 * (i % 4), 0.0) for i in range(11)]
    seen, cursor = [], None
    while True:
        response = search(client, limit=3, **({"cursor": cursor} if cursor else {}))
        seen += ids(response)
        cursor = response.json["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_modality_family_means_every_modality_in_it(client, session):
    infusion = place(session, 0.01, 0, modalities=["ketamine-infusion"])
    esketamine = place(session, 0.02, 0, modalities=["esketamine"])
    place(session, 0.03, 0, modalities=["psilocybin"])
    assert ids(search(client, modality="ketamine")) == [infusion, esketamine]
    assert ids(search(client, modality="esketamine")) == [esketamine]
    both = client.get("/api/v1/search?lat=64.8378&lon=-147.7164"
                      "&modality=esketamine&modality=ketamine-infusion")
    assert ids(both) == [infusion, esketamine]


def test_filters(client, session):
    a = place(session, 0.01, 0, provider_type="psychiatrist", telehealth=True,
              languages=["en", "es"])
    b = place(session, 0.02, 0, provider_type="clinic", accepting_new_clients=False)
    assert ids(search(client, provider_type="psychiatrist")) == [a]
    assert ids(search(client, provider_type="clinic,psychiatrist")) == [a, b]
    assert ids(search(client, telehealth="false")) == [b]
    assert ids(search(client, accepting_new_clients="true")) == [a]
    assert ids(search(client, language="es")) == [a]


def test_only_approved_providers_are_found(client, session):
    shown = place(session, 0.01, 0)
    for status in ("pending", "rejected", "withdrawn"):
        place(session, 0.005, 0, status=status)
    assert ids(search(client)) == [shown]


def test_radius_is_respected_and_nearest_reported_beyond_it(client, session):
    place(session, 0.5, 0)   # about 56 km north
    body = search(client, radius_km=10).json
    assert body["results"] == []
    assert body["nearest"]["distance_km"] == pytest.approx(55.7, abs=0.5)
    assert search(client, radius_km=60).json["nearest"] is None


def test_telehealth_in_the_region_is_included_beyond_the_radius(client, session):
    near_one = place(session, 0.01, 0, telehealth=True)
    far_one = place(session, 3.0, 0, telehealth=True)           # ~330 km, still Alaska
    place(session, 3.0, 0.1, telehealth=True, region="YT", country="CA")
    place(session, 0.02, 0, telehealth=False)
    body = search(client, telehealth="true", radius_km=20).json
    assert [(r["id"], r["match"]) for r in body["results"]] == [
        (near_one, "nearby"), (far_one, "telehealth")]


def test_source_filter_and_hidden_demo(client, session, app):
    demo = place(session, 0.01, 0, source="demo")
    real = place(session, 0.02, 0, source="samhsa-2022")
    assert ids(search(client, source="samhsa-2022")) == [real]
    assert ids(search(client)) == [demo, real]
    app.config["SHOW_DEMO_PROVIDERS"] = False
    assert ids(search(client)) == [real]
    assert client.get(f"/api/v1/providers/{demo}").status_code == 404


def test_geojson_by_parameter_and_by_accept_header(client, session):
    pid = place(session, 0.01, 0.01)
    for response in (search(client, format="geojson"),
                     client.get("/api/v1/search?lat=64.8378&lon=-147.7164",
                                headers={"Accept": "application/geo+json"})):
        assert response.mimetype == "application/geo+json"
        collection = response.json
        assert collection["type"] == "FeatureCollection"
        (feature,) = collection["features"]
        assert feature["id"] == pid
        assert feature["geometry"]["coordinates"] == [
            pytest.approx(FAIRBANKS[1] + 0.01), pytest.approx(FAIRBANKS[0] + 0.01)]
        assert feature["properties"]["distance_km"] > 0
        assert "origin" in collection


@pytest.mark.parametrize("params, status, field, words", [
    ({"near": "99999", "country": "US"}, 404, "near", "'99999' was found in United States"),
    ({"near": "Qqqxzv", "country": "GB"}, 404, "near", "'Qqqxzv' was found in United Kingdom"),
    ({"near": "90210", "modality": "ayahuasca"}, 400, "modality", "ketamine-infusion"),
    ({"near": "90210", "country": "XX"}, 400, "country", "not supported"),
    ({"near": "90210", "country": "USA"}, 400, "country", "two-letter"),
    ({"lat": "91", "lon": "0"}, 400, "lat", "-90 to 90"),
    ({"lat": "0", "lon": "-181"}, 400, "lon", "-180 to 180"),
    ({"lat": "abc", "lon": "0"}, 400, "lat", "number"),
    ({"lat": "nan", "lon": "0"}, 400, "lat", "number"),
    ({"lat": "10"}, 400, "lon", "together"),
    ({"near": "90210", "radius_km": "501"}, 400, "radius_km", "0.1 to 500"),
    ({"near": "90210", "radius_km": "0"}, 400, "radius_km", "0.1 to 500"),
    ({"near": "90210", "limit": "51"}, 400, "limit", "1 to 50"),
    ({"near": "90210", "limit": "2.5"}, 400, "limit", "whole number"),
    ({"near": "90210", "lat": "1", "lon": "1"}, 400, "near", "not both"),
    ({}, 400, "near", "Say where"),
    ({"near": "   "}, 400, "near", "empty"),
    ({"near": "x" * 101}, 400, "near", "at most 100"),
    ({"near": "90210", "cursor": "not-a-cursor"}, 400, "cursor", "next_cursor"),
    ({"near": "90210", "telehealth": "maybe"}, 400, "telehealth", "true or false"),
    ({"near": "90210", "language": "english"}, 400, "language", "ISO 639-1"),
    ({"near": "90210", "provider_type": "wizard"}, 400, "provider_type", "psychiatrist"),
    # Found by fuzzing: NUL reached PostgreSQL (a 500) in a postcode and in a source.
    ({"near": "8020\x002"}, 400, "near", "NUL"),
    ({"near": "Den\x00ver"}, 400, "near", "NUL"),
    ({"near": "90210", "source": "demo\x00"}, 400, "source", "NUL"),
])
def test_bad_input_gets_a_clear_4xx(client, params, status, field, words):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == status
    error = response.json["error"]
    assert error["field"] == field
    assert words in error["message"]


def test_provider_endpoint_shows_approved_only(client, session):
    shown = place(session, 0.01, 0, email="private@example.com", license_number="LIC-1")
    hidden = place(session, 0.01, 0, status="pending")
    response = client.get(f"/api/v1/providers/{shown}")
    assert response.status_code == 200
    assert response.json["id"] == shown
    assert "private@example.com" not in response.get_data(as_text=True)
    assert client.get(f"/api/v1/providers/{hidden}").status_code == 404
    assert client.get("/api/v1/providers/99999999999").status_code == 404


def test_every_approved_provider_as_geojson(client, session):
    session.execute(text("UPDATE providers SET status = 'withdrawn' WHERE status = 'approved'"))
    session.commit()
    shown = place(session, 0.01, 0, modalities=["psilocybin"])
    place(session, 0.01, 0, status="rejected")
    response = client.get("/api/v1/providers.geojson")
    assert response.mimetype == "application/geo+json"
    assert response.is_streamed
    collection = response.json
    assert [f["id"] for f in collection["features"]] == [shown]
    assert collection["features"][0]["properties"]["modalities"] == ["psilocybin"]


def test_modalities_lists_slugs_and_families(client):
    body = client.get("/api/v1/modalities").json
    slugs = {m["slug"] for m in body["modalities"]}
    assert {"ketamine-infusion", "esketamine", "psilocybin"} <= slugs
    ketamine = next(f for f in body["families"] if f["slug"] == "ketamine")
    assert "esketamine" in ketamine["modalities"]


def test_cors_allows_any_origin_by_default(client):
    response = client.get("/api/v1/modalities", headers={"Origin": "https://articles.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def samhsa_facility(session, dlat, dlon, **kw):
    """Store a facility as the SAMHSA import does: no finder modality, acceptance unknown."""
    kw = {"source": "samhsa-2022", "provider_type": "clinic", "modalities": [],
          "accepting_new_clients": None, "location_precision": "postcode", **kw}
    return place(session, dlat, dlon, **kw)


def test_facilities_without_a_therapy_never_appear_among_therapy_results(client, session):
    therapy = place(session, 0.05, 0, modalities=["psilocybin"])
    ketamine_clinic = samhsa_facility(session, 0.02, 0, modalities=["ketamine-infusion"])
    others = [samhsa_facility(session, 0.01 * i, 0.01, name=f"Family Services {i}")
              for i in range(1, 5)]
    for params in ({}, {"modality": "psilocybin"}, {"telehealth": "true"},
                   {"provider_type": "clinic"}, {"source": "samhsa-2022"},
                   {"language": "en"}):
        response = search(client, radius_km=30, limit=50, **params)
        assert response.status_code == 200, response.json
        assert not set(ids(response)) & set(others), params
        assert response.json["other_care"] == [] or not response.json["results"]
    assert ids(search(client, radius_km=30)) == [ketamine_clinic, therapy]


def test_other_care_is_a_section_of_its_own_when_no_therapy_is_near(client, session):
    others = [samhsa_facility(session, 0.01 * i, 0.01, name=f"Family Services {i}")
              for i in range(1, 6)]
    answer = search(client, radius_km=30).json
    assert answer["results"] == []
    listed = answer["other_care"]
    assert [o["id"] for o in listed] == others[:3]
    assert all(o["modalities"] == [] and o["match"] == "other_care" for o in listed)
    assert [o["distance_km"] for o in listed] == sorted(o["distance_km"] for o in listed)


def test_unknown_fields_are_null_never_defaulted(client, session):
    facility = samhsa_facility(session, 0.01, 0, modalities=["ketamine-infusion"])
    record = client.get(f"/api/v1/providers/{facility}").json
    assert record["accepting_new_clients"] is None
    result = search(client).json["results"][0]
    assert (result["id"], result["accepting_new_clients"]) == (facility, None)
    # Unknown is neither yes nor no: both filters leave it out.
    assert ids(search(client, accepting_new_clients="true")) == []
    assert ids(search(client, accepting_new_clients="false")) == []


def test_one_rule_hides_the_demo_providers_everywhere_the_public_looks(client, session, app):
    demo = place(session, 0.01, 0, source="demo")
    real = place(session, 0.02, 0, source="samhsa-2022")
    app.config["SHOW_DEMO_PROVIDERS"] = False
    assert ids(search(client)) == [real]
    assert client.get(f"/api/v1/providers/{demo}").status_code == 404
    assert client.get(f"/api/v1/providers/{real}").status_code == 200
    exported = [f["id"] for f in client.get("/api/v1/providers.geojson").json["features"]]
    assert real in exported and demo not in exported
