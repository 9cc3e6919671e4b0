"""Every search for a therapy says how it can legally be had where the visitor is.

The expectations come from the real rules file: for each typed place the test names the
rule (jurisdiction and modality) that should apply, and checks that the answer carries
that rule's status, summary and source.
"""
import datetime as dt

import pytest
from geographiclib.geodesic import Geodesic

from finder.access import rules
from tests.factories import make_provider
from tests.helpers import make_app

TODAY = "2026-12-01"
FILE = {(r.jurisdiction, r.modality, r.effective_from): r for r in rules.read_file()}


def rule_for(jurisdiction, modality, on=dt.date.fromisoformat(TODAY)):
    """The file's rule for (jurisdiction, modality) in force on ``on``."""
    found = [r for (j, m, _), r in FILE.items() if j == jurisdiction and m == modality
             and r.in_force(on)]
    assert len(found) == 1, (jurisdiction, modality)
    return found[0]


@pytest.fixture
def app(session):
    return make_app(session, ACCESS_DATE=TODAY)


def search(client, **args):
    response = client.get("/api/v1/search", query_string=args)
    assert response.status_code == 200, response.text
    return response.json


# (how the place is typed, the search's arguments, modality, the rule's jurisdiction and
# modality in the file (None: no rule, unknown), the visitor's country, region, label)
PLACES = [
    ("postcode", {"near": "97201", "country": "US"}, "psilocybin",
     ("US-OR", "psilocybin"), "US", "OR", "Oregon, United States"),
    ("place", {"near": "Portland, OR", "country": "US"}, "mdma-assisted-therapy",
     ("US", "mdma"), "US", "OR", "Oregon, United States"),
    ("coordinates", {"lat": "39.7392", "lon": "-104.9903"}, "psilocybin",
     ("US-CO", "psilocybin"), "US", "CO", "Colorado, United States"),
    ("place", {"near": "Austin, TX", "country": "US"}, "psilocybin",
     ("US", "psilocybin"), "US", "TX", "Texas, United States"),
    ("postcode", {"near": "78701", "country": "US"}, "esketamine",
     ("US", "esketamine"), "US", "TX", "Texas, United States"),
    ("postcode", {"near": "87102", "country": "US"}, "psilocybin",
     ("US", "psilocybin"), "US", "NM", "New Mexico, United States"),
    ("coordinates", {"lat": "40.7608", "lon": "-111.8910"}, "mdma-assisted-therapy",
     ("US-UT", "mdma"), "US", "UT", "Utah, United States"),
    ("postcode", {"near": "10001", "country": "US"}, "ketamine",
     ("US", "ketamine"), "US", "NY", "New York, United States"),
    ("place", {"near": "Los Angeles", "country": "US"}, "integration",
     ("*", "integration"), "US", "CA", "California, United States"),
    ("postcode", {"near": "90012", "country": "US"}, "ketamine-infusion",
     ("US", "ketamine"), "US", "CA", "California, United States"),
    ("postcode", {"near": "3000", "country": "AU"}, "psilocybin",
     ("AU", "psilocybin"), "AU", None, None),
    ("place", {"near": "Melbourne", "country": "AU"}, "ketamine",
     ("AU", "ketamine"), "AU", None, None),
    ("place", {"near": "Toronto", "country": "CA"}, "mdma-assisted-therapy",
     ("CA", "mdma"), "CA", None, None),
    ("postcode", {"near": "110 00", "country": "CZ"}, "psilocybin",
     ("CZ", "psilocybin"), "CZ", None, None),
    ("postcode", {"near": "10115", "country": "DE"}, "psilocybin",
     ("DE", "psilocybin"), "DE", None, None),
    ("place", {"near": "Berlin", "country": "DE"}, "mdma-assisted-therapy",
     ("DE", "mdma"), "DE", None, None),
    ("coordinates", {"lat": "47.3769", "lon": "8.5417"}, "psilocybin",
     ("CH", "psilocybin"), "CH", None, None),
    ("postcode", {"near": "SW1A 1AA", "country": "GB"}, "mdma-assisted-therapy",
     ("GB", "mdma"), "GB", None, None),
    ("place", {"near": "London", "country": "GB"}, "esketamine",
     ("GB", "ketamine"), "GB", None, None),
    ("postcode", {"near": "1012 AB", "country": "NL"}, "psilocybin",
     ("NL", "psilocybin"), "NL", None, None),
    ("place", {"near": "Amsterdam", "country": "NL"}, "integration",
     ("*", "integration"), "NL", None, None),
    ("postcode", {"near": "1010", "country": "NZ"}, "psilocybin",
     ("NZ", "psilocybin"), "NZ", None, None),
    ("place", {"near": "Auckland", "country": "NZ"}, "mdma-assisted-therapy",
     ("NZ", "mdma"), "NZ", None, None),
    # No rule at all: unknown, and said so.
    ("postcode", {"near": "28001", "country": "ES"}, "psilocybin", None, "ES", None, None),
    ("coordinates", {"lat": "41.9028", "lon": "12.4964"}, "ketamine", None, "IT", None, None),
]


@pytest.mark.parametrize("typed, args, modality, expected, country, region, label", PLACES,
                         ids=[f"{p[0]}:{list(p[1].values())[0]}:{p[2]}" for p in PLACES])
def test_the_answer_carries_the_rule_of_the_visitors_place(client, typed, args, modality,
                                                           expected, country, region, label):
    answer = search(client, modality=modality, **args)
    assert answer["origin"]["source"] == typed
    (access,) = answer["access"]
    assert access["jurisdiction"]["country"] == country
    if region is not None:
        assert access["jurisdiction"]["region"] == region
        assert access["jurisdiction"]["label"] == label
    assert "not legal advice" in access["note"]
    if expected is None:
        assert access["status"] == "unknown"
        assert access["source"] is None and access["rule_jurisdiction"] is None
        assert "no information" in access["summary"]
        return
    rule = rule_for(*expected)
    assert access["status"] == rule.status
    assert access["rule_jurisdiction"] == rule.jurisdiction
    assert access["effective_from"] == rule.effective_from.isoformat()
    assert access["conditions"] == rule.conditions
    if rule.source_url:
        assert access["source"] == {"title": rule.source_title, "url": rule.source_url,
                                    "checked": rule.checked.isoformat()}
    else:
        assert access["source"] is None
    place = access["jurisdiction"]["label"].split(", ")[0]
    assert access["summary"] == rule.summary.replace("{place}", place)


def test_texas_reads_as_a_visitor_would_understand_it(client):
    (access,) = search(client, near="78701", country="US", modality="psilocybin")["access"]
    assert access["summary"] == "Psilocybin therapy is only available in clinical trials in Texas."
    assert access["status_label"] == "only in clinical trials"


def test_a_search_without_a_modality_has_no_access_block_but_a_crisis_line(client):
    answer = search(client, near="78701", country="US")
    assert "access" not in answer and "elsewhere" not in answer
    assert answer["crisis"]["line"]["how"] == "call or text 988"
    assert answer["crisis"]["emergency"] == "911"


@pytest.mark.parametrize("near, country, how, emergency", [
    ("SW1A 1AA", "GB", "call 116 123", "999 or 112"),
    ("3000", "AU", "call 13 11 14", "000"),
    ("10115", "DE", "call 0800 111 0 111 or 0800 111 0 222", "112"),
    ("28001", "ES", None, "112"),
])
def test_every_answer_has_the_countrys_crisis_line_and_emergency_number(client, near, country,
                                                                        how, emergency):
    crisis = search(client, near=near, country=country, radius_km="1")["crisis"]
    assert (crisis["line"] or {}).get("how") == how
    assert crisis["emergency"] == emergency


def test_one_entry_per_requested_family(client):
    answer = search(client, near="97201", country="US",
                    modality="psilocybin,mdma-assisted-therapy,ketamine")
    assert [(a["modality"], a["status"]) for a in answer["access"]] == [
        ("psilocybin", "licensed-centres"), ("mdma", "trials-only"),
        ("ketamine", "prescription")]


def test_a_rule_that_starts_later_is_upcoming_then_in_force(session):
    day_before = make_app(session, ACCESS_DATE="2027-12-30").test_client()
    (access,) = search(day_before, near="87102", country="US", modality="psilocybin")["access"]
    assert access["status"] == "trials-only" and access["rule_jurisdiction"] == "US"
    upcoming = access["upcoming"]
    assert upcoming["status"] == "authorised-prescribers"
    assert upcoming["jurisdiction"] == "US-NM"
    assert upcoming["effective_from"] == "2027-12-31"
    assert upcoming["source"]["url"].startswith("https://www.nmlegis.gov/")

    on_the_day = make_app(session, ACCESS_DATE="2027-12-31").test_client()
    answer = search(on_the_day, near="87102", country="US", modality="psilocybin")
    (access,) = answer["access"]
    assert access["status"] == "authorised-prescribers"
    assert access["rule_jurisdiction"] == "US-NM"
    assert access["upcoming"] is None
    assert "elsewhere" not in answer


def test_a_rule_that_has_ended_is_no_longer_in_force(session):
    during = make_app(session, ACCESS_DATE="2026-01-15").test_client()
    (access,) = search(during, near="10115", country="DE", modality="psilocybin")["access"]
    assert access["status"] == "certified-sites"
    assert access["effective_to"] == "2026-07-11"
    assert access["upcoming"]["status"] == "unknown"
    after = make_app(session, ACCESS_DATE="2026-07-11").test_client()
    (access,) = search(after, near="10115", country="DE", modality="psilocybin")["access"]
    assert access["status"] == "unknown"
    assert "renewed" in access["summary"]


def geodesic_km(lat1, lon1, lat2, lon2):
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000


def test_elsewhere_lists_the_nearest_providers_where_it_is_legal_nearest_first(client,
                                                                               session):
    austin = (30.2672, -97.7431)
    denver = make_provider(session, name="Denver Healing Centre", lat=39.7392, lon=-104.9903,
                           modalities=["psilocybin"], region="CO", city="Denver")
    boulder = make_provider(session, name="Boulder Healing Centre", lat=40.0150,
                            lon=-105.2705, modalities=["psilocybin", "integration"],
                            region="Colorado", city="Boulder")
    portland = make_provider(session, name="Portland Service Centre", lat=45.5152,
                             lon=-122.6784, modalities=["psilocybin"], region="OR",
                             city="Portland", postcode="97201")
    make_provider(session, name="Sydney Clinic", lat=-33.8688, lon=151.2093,
                  modalities=["psilocybin"], region="NSW", city="Sydney", country="AU",
                  postcode="2000")
    # Not elsewhere: other therapies, not approved, or where psilocybin is not offered.
    make_provider(session, name="Denver Ketamine", lat=39.74, lon=-104.99, region="CO")
    make_provider(session, name="Pending Denver", lat=39.74, lon=-104.99, region="CO",
                  modalities=["psilocybin"], status="pending")
    local = make_provider(session, name="Austin Trial Site", lat=30.27, lon=-97.74,
                          modalities=["psilocybin"], region="TX", city="Austin",
                          postcode="78701")
    make_provider(session, name="Santa Fe Psilocybin", lat=35.687, lon=-105.9378,
                  modalities=["psilocybin"], region="NM", city="Santa Fe")

    answer = search(client, near="78701", country="US", modality="psilocybin")
    assert [r["id"] for r in answer["results"]] == [local]
    elsewhere = answer["elsewhere"]
    assert [p["id"] for p in elsewhere] == [denver, boulder, portland]
    origin = answer["origin"]
    for p in elsewhere:
        expected = geodesic_km(origin["lat"], origin["lon"], p["location"]["lat"],
                               p["location"]["lon"])
        assert p["distance_km"] == pytest.approx(expected, abs=0.01)
        assert p["profile_url"].endswith(f"/providers/{p['slug']}")
    kms = [p["distance_km"] for p in elsewhere]
    assert kms == sorted(kms) and kms[0] > 1000
    first = elsewhere[0]["access"]
    assert first["status"] == "licensed-centres"
    assert first["jurisdiction"] == {"country": "US", "region": "CO",
                                     "label": "Colorado, United States"}
    assert first["summary"].startswith("Psilocybin is legal in Colorado at licensed")
    assert elsewhere[2]["access"]["jurisdiction"]["label"] == "Oregon, United States"


def test_elsewhere_reaches_other_countries_and_skips_providers_within_the_radius(client,
                                                                                 session):
    prague = make_provider(session, name="Prague Clinic", lat=50.0755, lon=14.4378,
                           modalities=["psilocybin"], region=None, city="Praha",
                           country="CZ", postcode="110 00")
    make_provider(session, name="London Trial", lat=51.501, lon=-0.1416,
                  modalities=["psilocybin"], region="ENG", city="London", country="GB",
                  postcode="SW1A")
    answer = search(client, near="SW1A 1AA", country="GB", modality="psilocybin")
    (access,) = answer["access"]
    assert access["status"] == "trials-only"
    assert [r["name"] for r in answer["results"]] == ["London Trial"]
    assert [p["id"] for p in answer["elsewhere"]] == [prague]
    assert answer["elsewhere"][0]["access"]["status"] == "prescription"
    assert answer["elsewhere"][0]["access"]["jurisdiction"]["label"] == "Czechia"
    assert answer["elsewhere"][0]["distance_km"] == pytest.approx(
        geodesic_km(answer["origin"]["lat"], answer["origin"]["lon"], 50.0755, 14.4378),
        abs=0.01)
    assert {"jurisdiction": "CZ", "label": "Czechia", "status": "prescription",
            "status_label": "by prescription"} in access["offered_in"]
    # In Prague itself psilocybin is offered: nothing elsewhere to point to.
    local = search(client, near="110 00", country="CZ", modality="psilocybin")
    assert [r["id"] for r in local["results"]] == [prague]
    assert "elsewhere" not in local and "offered_in" not in local["access"][0]


def test_places_too_far_to_walk_to_are_still_named(client, session):
    make_provider(session, name="Sydney Clinic", lat=-33.8688, lon=151.2093,
                  modalities=["mdma-assisted-therapy"], region="NSW", city="Sydney",
                  country="AU", postcode="2000")
    answer = search(client, near="SW1A 1AA", country="GB", modality="mdma-assisted-therapy")
    (access,) = answer["access"]
    # Australia is 17,000 km away, beyond the reach of the walk: no provider is listed,
    # but the places that offer it are named.
    assert answer["elsewhere"] == []
    assert access["elsewhere_reach_km"] == 5000
    assert [o["label"] for o in access["offered_in"]] == ["Australia"]


@pytest.mark.parametrize("args", [
    {"near": "80202", "country": "US", "modality": "psilocybin"},       # licensed centres
    {"near": "10001", "country": "US", "modality": "ketamine"},         # prescription
    {"near": "10001", "country": "US", "modality": "integration"},      # available
    {"near": "M5V 3L9", "country": "CA", "modality": "psilocybin"},     # special access
])
def test_elsewhere_is_absent_where_the_therapy_is_offered_locally(client, session, args):
    make_provider(session, name="Denver Healing Centre", modalities=["psilocybin"])
    answer = search(client, **args)
    assert answer["access"][0]["status"] not in ("trials-only", "unknown")
    assert "elsewhere" not in answer


def test_elsewhere_is_empty_when_no_provider_is_where_it_is_legal(client):
    answer = search(client, near="78701", country="US", modality="psilocybin")
    assert answer["elsewhere"] == []


def test_elsewhere_hides_demo_providers_when_they_are_hidden(session):
    make_provider(session, name="Demo Denver", modalities=["psilocybin"], source="demo")
    shown = make_app(session, ACCESS_DATE=TODAY).test_client()
    assert len(search(shown, near="78701", country="US", modality="psilocybin")["elsewhere"]) == 1
    hidden = make_app(session, ACCESS_DATE=TODAY, SHOW_DEMO_PROVIDERS=False).test_client()
    assert search(hidden, near="78701", country="US", modality="psilocybin")["elsewhere"] == []


def test_the_search_stays_one_round_trip(client, session, engine):
    from sqlalchemy import event
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)
    make_provider(session, name="Denver Healing Centre", modalities=["psilocybin"])
    search(client, near="78701", country="US", modality="psilocybin")   # warms caches
    event.listen(engine, "before_cursor_execute", count)
    try:
        answer = search(client, near="78701", country="US", modality="psilocybin")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(answer["elsewhere"]) == 1
    assert len([s for s in statements if "providers" in s]) <= 1
