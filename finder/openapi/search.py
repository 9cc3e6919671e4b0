"""The public read API in the OpenAPI document: search, one provider, GeoJSON, modalities."""
from flask import current_app

from finder.database import get_session
from finder.openapi import components
from finder.openapi.common import IF_NONE_MATCH
from finder.openapi.common import NOT_MODIFIED
from finder.openapi.common import cached
from finder.openapi.common import error_responses
from finder.openapi.common import json_response
from finder.openapi.common import path
from finder.openapi.common import ref
from finder.schemas.errors import Error
from finder.schemas.provider import Provider
from finder.schemas.search import Candidate
from finder.schemas.search import Countries
from finder.schemas.search import FeatureCollection
from finder.schemas.search import Modalities
from finder.schemas.search import SearchFeatureCollection
from finder.schemas.search import SearchQuery
from finder.schemas.search import SearchResult
from finder.schemas.search import SearchResults
from finder.schemas.search import any_case
from finder.search import vocabulary

EXAMPLES = {"near": "90210", "country": "US", "modality": ["ketamine"], "language": ["es"],
            "payment": ["sliding-fee"]}
PROVIDER_EXAMPLE = {
    "id": 1042, "slug": "1042-rocky-mountain-ketamine-clinic",
    "name": "Rocky Mountain Ketamine Clinic", "credentials": "MD",
    "practice_name": "Rocky Mountain Health", "provider_type": "clinic",
    "modalities": ["ketamine-infusion", "esketamine"], "service_tags": [],
    "telehealth": True, "accepting_new_clients": True, "languages": ["en", "es"],
    "payment": ["private-insurance", "self-pay"],
    "price": {"min": 400.0, "max": 750.0, "currency": "USD"},
    "phone": "+1 303-555-0100", "website": "https://rmkc.example.org",
    "bio": "Infusion clinic in central Denver.",
    "address": {"street": "1600 Broadway", "city": "Denver", "region": "CO",
                "postcode": "80202", "country": "US"},
    "location": {"lat": 39.7424, "lon": -104.9876, "precision": "exact"},
    "source": "listing", "source_credit": None,
    "verification": {"state": "verified",
                     "label": "Licence verified 2026-11-30 · Colorado Medical Board",
                     "registry": "Colorado Medical Board", "licence_status": "active",
                     "checked_on": "2026-11-30", "expires_on": "2028-04-30"},
    "last_confirmed": "2026-11-30", "confirmed_label": "Confirmed today",
    "profile_url": "https://finder.example/providers/1042-rocky-mountain-ketamine-clinic",
}
AUSTIN = {**PROVIDER_EXAMPLE, "id": 2207, "slug": "2207-austin-psilocybin-study",
          "name": "Austin Psilocybin Study", "credentials": None, "practice_name": None,
          "modalities": ["psilocybin"], "telehealth": False, "languages": ["en"],
          "phone": "+1 512-555-0142", "website": "https://study.example.org",
          "bio": "A clinical trial site.",
          "address": {"street": "1500 Red River St", "city": "Austin", "region": "TX",
                      "postcode": "78701", "country": "US"},
          "location": {"lat": 30.2711, "lon": -97.7437, "precision": "exact"},
          "profile_url": "https://finder.example/providers/2207-austin-psilocybin-study"}
DENVER = {**PROVIDER_EXAMPLE, "id": 1188, "slug": "1188-front-range-healing-center",
          "name": "Front Range Healing Center", "credentials": None, "practice_name": None,
          "provider_type": "facilitator", "modalities": ["psilocybin", "integration"],
          "telehealth": False, "languages": ["en"], "phone": None, "website": None,
          "bio": None,
          "address": {"street": None, "city": "Denver", "region": "CO", "postcode": "80202",
                      "country": "US"},
          "location": {"lat": 39.7424, "lon": -104.9876, "precision": "exact"},
          "profile_url": "https://finder.example/providers/1188-front-range-healing-center"}
CHECKED = "2026-06-30"
SEARCH_EXAMPLE = {
    "origin": {"lat": 30.2713, "lon": -97.7426, "label": "Austin, Texas 78701, US",
               "source": "postcode", "match": "postcode", "score": 1.0, "candidates": [],
               "country": "US", "region": "TX", "region_name": "Texas"},
    "query": {"country": "US", "modalities": ["psilocybin"], "radius_km": 50.0, "limit": 10},
    "results": [{**AUSTIN, "distance_km": 0.117, "distance_mi": 0.073, "match": "nearby"}],
    "next_cursor": None,
    "nearest": None,
    "other_care": [],
    "attribution": {"text": "Postcode data © GeoNames, licensed under CC BY 4.0",
                    "url": "https://www.geonames.org/",
                    "license": "https://creativecommons.org/licenses/by/4.0/"},
    "access": [{
        "modality": "psilocybin", "modality_label": "Psilocybin",
        "jurisdiction": {"country": "US", "region": "TX", "label": "Texas, United States"},
        "status": "trials-only", "status_label": "only in clinical trials",
        "summary": "Psilocybin therapy is only available in clinical trials in Texas.",
        "conditions": "Psilocybin is a Schedule I substance under federal law; the FDA had "
                      "not approved it as of mid-2026.",
        "source": {"title": "DEA Diversion Control Division: Controlled substance schedules",
                   "url": "https://www.deadiversion.usdoj.gov/schedules/",
                   "checked": CHECKED},
        "checked": CHECKED, "effective_from": "1970-10-27", "effective_to": None,
        "rule_jurisdiction": "US", "upcoming": None,
        "note": "General information, not legal advice: laws change, and who qualifies "
                "depends on the person. Check with the provider or the authority named in "
                "the source.",
        "offered_in": [
            {"jurisdiction": "US-OR", "label": "Oregon, United States",
             "status": "licensed-centres", "status_label": "at licensed centres"},
            {"jurisdiction": "US-CO", "label": "Colorado, United States",
             "status": "licensed-centres", "status_label": "at licensed centres"},
            {"jurisdiction": "AU", "label": "Australia", "status": "authorised-prescribers",
             "status_label": "only from specially authorised doctors"},
            {"jurisdiction": "CZ", "label": "Czechia", "status": "prescription",
             "status_label": "by prescription"},
            {"jurisdiction": "NZ", "label": "New Zealand", "status": "authorised-prescribers",
             "status_label": "only from specially authorised doctors"}],
        "elsewhere_reach_km": 5000}],
    "elsewhere": [{**DENVER, "distance_km": 1240.462, "distance_mi": 770.788, "access": {
        "modality": "psilocybin",
        "jurisdiction": {"country": "US", "region": "CO", "label": "Colorado, United States"},
        "status": "licensed-centres", "status_label": "at licensed centres",
        "summary": "Psilocybin is legal in Colorado at licensed healing centres, with a "
                   "licensed facilitator.",
        "conditions": "Age 21 or over; no prescription needed. Personal use is "
                      "decriminalised (Natural Medicine Health Act).",
        "source": {"title": "Colorado Department of Revenue: Natural Medicine Division",
                   "url": "https://sbg.colorado.gov/natural-medicine", "checked": CHECKED},
        "checked": CHECKED, "effective_from": "2024-12-31", "effective_to": None,
        "rule_jurisdiction": "US-CO"}}],
    "crisis": {"country": "US", "line": {
        "name": "988 Suicide & Crisis Lifeline", "how": "call or text 988", "tel": "988",
        "url": "https://988lifeline.org/", "checked": CHECKED}, "emergency": "911"},
}
MODALITIES_EXAMPLE = {
    "payment": [{"slug": "medicaid", "label": "Medicaid"},
                {"slug": "sliding-fee", "label": "Sliding fee scale"}],
    "languages": [{"code": "en", "name": "English"}, {"code": "es", "name": "Spanish"},
                  {"code": "sgn", "name": "Sign language (for deaf and hard of hearing people)"}],
    "modalities": [{"slug": "ketamine-infusion", "label": "Ketamine infusion therapy",
                    "family": "ketamine", "family_label": "Ketamine"}],
    "families": [{"slug": "ketamine", "label": "Ketamine",
                  "modalities": ["ketamine-infusion"]}],
}
SCHEMAS = components.schemas([Error, Provider, SearchResult, SearchResults, FeatureCollection,
                               SearchFeatureCollection, Modalities, Candidate, Countries])


def schemas() -> dict:
    """Return the part's component schemas."""
    return SCHEMAS


def search_parameters() -> list[dict]:
    """Return the search's query parameters: the radius' ceiling and default as configured,
    the countries with place data (in any case), the modalities, their families and the
    provider types as the database has them."""
    config = current_app.config
    vocab = vocabulary.get(get_session())

    def one_of(values) -> dict:   # a blank value is ignored
        return {"items": {"type": "string", "enum": [*values, ""]}}
    return components.query_parameters(SearchQuery, EXAMPLES, overrides={
        "radius_km": {"maximum": config["SEARCH_MAX_RADIUS_KM"],
                      "default": config["SEARCH_DEFAULT_RADIUS_KM"]},
        "country": {"pattern": "^(%s)$" % "|".join(any_case(c) for c in sorted(vocab.countries))},
        "modality": one_of([*vocab.modalities, *vocab.families]),
        "provider_type": one_of(vocab.provider_types)})


def paths() -> dict:
    """Describe the public read endpoints."""
    search_ok = json_response("The nearest matching providers, nearest first.", "SearchResults",
                              SEARCH_EXAMPLE)
    search_ok["content"]["application/geo+json"] = {"schema": ref("SearchFeatureCollection")}
    return {
        "/search": {"get": {
            "operationId": "search", "summary": "Find the nearest approved providers",
            "tags": ["search"],
            "description": "Numbers are written in ASCII digits (`10`, `2.5`, `-104.99`; not "
                           "`1_0` or other scripts' digits), `limit` as a whole number, "
                           "booleans as `true`/`false` (`1`/`0` and `yes`/`no` are read "
                           "too), `country` in ASCII letters. Resolves `near` (postcode or "
                           "place) or `lat`/`lon`, then returns "
                           "approved providers within `radius_km`, nearest first (geodesic "
                           "distance on WGS84; ties by id). Page with `cursor`. When nothing "
                           "is within the radius, `nearest` gives the distance of the "
                           "nearest match beyond it, and `other_care` the nearest "
                           "facilities offering none of the directory's therapies. Results "
                           "always offer at least one of them. `origin.match` and "
                           "`origin.score` say how sure the place is, `origin.candidates` "
                           "what else it may be; a place below the threshold is a 404 "
                           "`place_uncertain` with `candidates`, a postcode of another "
                           "country's shape a 404 whose candidate has match "
                           "`other_country`. With a `modality`, `access` says how "
                           "each requested therapy can legally be had where the visitor is "
                           "(the origin's country and first-level region), with the rule's "
                           "source and dates; where it is `trials-only` or `unknown`, "
                           "`elsewhere` lists the nearest providers of it in places that "
                           "offer it. Every answer carries the country's `crisis` line. "
                           "General information, not legal advice.",
            "parameters": [*search_parameters(), IF_NONE_MATCH],
            "responses": {"200": cached(search_ok), "304": NOT_MODIFIED,
                          **error_responses("400", "404", "429", "503")}}},
        "/providers/{provider_id}": {"get": {
            "operationId": "getProvider", "summary": "One approved provider",
            "tags": ["search"],
            "parameters": [path("provider_id", "The provider's id.",
                                {"type": "integer", "minimum": 1}, 1042), IF_NONE_MATCH],
            "responses": {"200": cached(json_response("The provider's public record.",
                                                      "Provider", PROVIDER_EXAMPLE)),
                          "304": NOT_MODIFIED, **error_responses("404", "503")}}},
        "/providers.geojson": {"get": {
            "operationId": "allProviders", "summary": "Every approved provider as GeoJSON",
            "tags": ["search"],
            "description": "Also answers `HEAD` with the same headers and no body. Cacheable "
                           "like the other public answers, but with no `ETag`: the body is "
                           "streamed, never held whole.",
            "responses": {"200": cached({"description": "A FeatureCollection, streamed.",
                                         "content": {"application/geo+json": {
                                             "schema": ref("FeatureCollection")}}},
                                        etag=False),
                          **error_responses("429", "503")}}},
        "/countries": {"get": {
            "operationId": "listCountries", "summary": "The countries a search can look in",
            "tags": ["search"],
            "responses": {"200": json_response("Countries with place data and their unit.",
                                               "Countries", {"countries": [
                                                   {"code": "US", "name": "United States",
                                                    "unit": "mi"}]}),
                          **error_responses("503")}}},
        "/modalities": {"get": {
            "operationId": "listModalities",
            "summary": "The modalities, payment and languages a search can filter on",
            "tags": ["search"],
            "parameters": [IF_NONE_MATCH],
            "responses": {"200": cached(json_response("Modalities and their families.",
                                                      "Modalities", MODALITIES_EXAMPLE)),
                          "304": NOT_MODIFIED, **error_responses("503")}}},
    }
