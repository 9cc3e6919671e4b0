"""The public read API in the OpenAPI document: search, one provider, GeoJSON, modalities."""
from finder.openapi import schemas as s
from finder.openapi.common import error_responses
from finder.openapi.common import json_response
from finder.openapi.common import path
from finder.openapi.common import query
from finder.openapi.common import ref
from finder.search.params import MAX_LIMIT

TEXT = {"type": "string", "pattern": r"^[^\x00]*$"}   # no parameter may contain NUL

SEARCH_PARAMETERS = [
    query("near", "A postcode or place name as people type it (`90210`, `SW1A 1AA`, "
          "`Denver, CO`). Give `near` or `lat` and `lon`.", {**TEXT, "maxLength": 100},
          "90210"),
    query("country", "ISO 3166 two-letter country to look `near` up in (default US).",
          {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "US"),
    query("lat", "Latitude in WGS84 degrees (with `lon`).",
          {"type": "number", "minimum": -90, "maximum": 90}),
    query("lon", "Longitude in WGS84 degrees (with `lat`).",
          {"type": "number", "minimum": -180, "maximum": 180}),
    query("modality", "Modality slugs or family names (`ketamine` means every ketamine "
          "modality); repeat or separate with commas.",
          {"type": "array", "items": {"type": "string"}}, ["ketamine"], explode=True),
    query("radius_km", "How far to look, in km.",
          {"type": "number", "minimum": 0.1, "maximum": 500, "default": 50}),
    query("limit", "Results per page.",
          {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10}),
    query("cursor", "The `next_cursor` of the previous page.", {**TEXT, "maxLength": 200}),
    query("provider_type", "Provider type slugs (psychiatrist, physician, nurse-practitioner, "
          "psychologist, therapist, clinic, facilitator).",
          {"type": "array", "items": {"type": "string"}}, explode=True),
    query("telehealth", "Only providers that do (true) or don't (false) offer telehealth; "
          "with true, telehealth providers in your region beyond the radius are added.",
          {"type": "boolean"}),
    query("accepting_new_clients", "Only providers that are (not) taking new clients.",
          {"type": "boolean"}),
    query("language", "ISO 639-1 language code the provider speaks.",
          {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
    query("service", "A service tag such as `tms` or `dbt`.", {**TEXT, "maxLength": 40}),
    query("source", "Only providers from these sources (`samhsa-2022`, `listing`, `demo`...).",
          {"type": "array", "items": TEXT}, explode=True),
    query("format", "`geojson` for a GeoJSON FeatureCollection.",
          {"type": "string", "enum": ["json", "geojson"]}),
]

PROVIDER_EXAMPLE = {
    "id": 1042, "slug": "1042-rocky-mountain-ketamine-clinic",
    "name": "Rocky Mountain Ketamine Clinic", "credentials": "MD",
    "practice_name": "Rocky Mountain Health", "provider_type": "clinic",
    "modalities": ["ketamine-infusion", "esketamine"], "service_tags": [],
    "telehealth": True, "accepting_new_clients": True, "languages": ["en", "es"],
    "phone": "+1 303-555-0100", "website": "https://rmkc.example.org",
    "bio": "Infusion clinic in central Denver.",
    "address": {"street": "1600 Broadway", "city": "Denver", "region": "CO",
                "postcode": "80202", "country": "US"},
    "location": {"lat": 39.7424, "lon": -104.9876, "precision": "exact"},
    "source": "listing", "source_credit": None,
    "profile_url": "https://finder.example/providers/1042-rocky-mountain-ketamine-clinic",
}
SEARCH_EXAMPLE = {
    "origin": {"lat": 39.7508, "lon": -104.9966, "label": "Denver, Colorado 80202, US",
               "source": "postcode", "match": "postcode", "score": 1.0, "candidates": []},
    "query": {"country": "US", "modalities": ["ketamine-assisted-therapy", "ketamine-infusion",
                                              "esketamine"], "radius_km": 50.0, "limit": 10},
    "results": [{**PROVIDER_EXAMPLE, "distance_km": 1.034, "distance_mi": 0.642,
                 "match": "nearby"}],
    "next_cursor": None,
    "nearest": None,
    "other_care": [],
    "attribution": {"text": "Postcode data © GeoNames, licensed under CC BY 4.0",
                    "url": "https://www.geonames.org/",
                    "license": "https://creativecommons.org/licenses/by/4.0/"},
}
MODALITIES_EXAMPLE = {
    "modalities": [{"slug": "ketamine-infusion", "label": "Ketamine infusion therapy",
                    "family": "ketamine", "family_label": "Ketamine"}],
    "families": [{"slug": "ketamine", "label": "Ketamine",
                  "modalities": ["ketamine-infusion"]}],
}
SCHEMAS = {"Error": s.ERROR, "Provider": s.PROVIDER, "SearchResult": s.RESULT,
           "SearchResults": s.SEARCH, "FeatureCollection": s.FEATURE_COLLECTION,
           "Modalities": s.MODALITIES, "Candidate": s.CANDIDATE, "Countries": s.COUNTRIES}


def paths() -> dict:
    """Describe the public read endpoints."""
    search_ok = json_response("The nearest matching providers, nearest first.", "SearchResults",
                              SEARCH_EXAMPLE)
    search_ok["content"]["application/geo+json"] = {"schema": ref("FeatureCollection")}
    return {
        "/search": {"get": {
            "operationId": "search", "summary": "Find the nearest approved providers",
            "tags": ["search"],
            "description": "Resolves `near` (postcode or place) or `lat`/`lon`, then returns "
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
                           "`other_country`.",
            "parameters": SEARCH_PARAMETERS,
            "responses": {"200": search_ok, **error_responses("400", "404", "429", "503")}}},
        "/providers/{provider_id}": {"get": {
            "operationId": "getProvider", "summary": "One approved provider",
            "tags": ["search"],
            "parameters": [path("provider_id", "The provider's id.",
                                {"type": "integer", "minimum": 1}, 1042)],
            "responses": {"200": json_response("The provider's public record.", "Provider",
                                               PROVIDER_EXAMPLE),
                          **error_responses("404", "503")}}},
        "/providers.geojson": {"get": {
            "operationId": "allProviders", "summary": "Every approved provider as GeoJSON",
            "tags": ["search"],
            "responses": {"200": {"description": "A FeatureCollection, streamed.",
                                  "content": {"application/geo+json": {
                                      "schema": ref("FeatureCollection")}}},
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
            "operationId": "listModalities", "summary": "The modalities a search can filter on",
            "tags": ["search"],
            "responses": {"200": json_response("Modalities and their families.", "Modalities",
                                               MODALITIES_EXAMPLE),
                          **error_responses("503")}}},
    }
