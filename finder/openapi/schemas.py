"""JSON Schemas (OpenAPI 3.0 dialect) for the public API's bodies."""
from finder.providers.payment import CURRENCIES
from finder.providers.payment import PAYMENT


def nullable(schema: dict) -> dict:
    """Return ``schema`` allowing null as well."""
    return {**schema, "nullable": True}


STR = {"type": "string"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
STR_LIST = {"type": "array", "items": STR}

ERROR = {
    "type": "object", "required": ["error"], "additionalProperties": False,
    "properties": {"error": {
        "type": "object", "required": ["status", "code", "message"],
        "additionalProperties": False,
        "properties": {
            "status": {"type": "integer", "minimum": 400, "maximum": 599,
                       "description": "the HTTP status, repeated"},
            "code": {"type": "string", "description": "stable machine-readable code"},
            "message": {"type": "string", "description": "what went wrong, for people"},
            "field": {"type": "string", "description": "the parameter or field at fault"},
            "fields": {"type": "object", "additionalProperties": STR,
                       "description": "every bad field with its problem"},
            "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"},
                           "description": "for a place or postcode not found or not sure: "
                                          "what it may have meant"},
        }}},
}
ADDRESS = {"type": "object", "required": ["street", "city", "region", "postcode", "country"],
           "properties": {k: nullable(STR) for k in ("street", "city", "region", "postcode",
                                                     "country")}}
LOCATION = {"type": "object", "required": ["lat", "lon", "precision"], "properties": {
    "lat": NUM, "lon": NUM,
    "precision": {"type": "string", "enum": ["exact", "postcode"],
                  "description": "postcode: placed at the postcode's centre (approximate)"}}}
PRICE = nullable({
    "type": "object", "required": ["min", "max", "currency"],
    "description": "a self-pay price range per session (null: none given)",
    "properties": {"min": nullable(NUM), "max": nullable(NUM),
                   "currency": {"type": "string", "enum": list(CURRENCIES),
                                "description": "ISO 4217"}}})
PROVIDER_PROPERTIES = {
    "id": {"type": "integer"}, "slug": STR, "name": STR, "credentials": nullable(STR),
    "practice_name": nullable(STR), "provider_type": STR, "modalities": STR_LIST,
    "service_tags": STR_LIST, "telehealth": BOOL,
    "accepting_new_clients": {**nullable(BOOL), "description": "null: the source does not say"},
    "languages": {**STR_LIST, "description": "ISO 639-1 codes, or ISO 639-2 where there is "
                  "none (sgn: sign language, for deaf and hard of hearing people)"},
    "payment": {"type": "array", "items": {"type": "string", "enum": list(PAYMENT)},
                "description": "how the provider can be paid; empty: the source does not say. "
                + "; ".join(f"{k}: {v}" for k, v in PAYMENT.items())},
    "price": PRICE,
    "phone": nullable(STR), "website": nullable(STR),
    "bio": nullable(STR), "address": ADDRESS, "location": LOCATION, "source": STR,
    "source_credit": nullable(STR),
    "verification": {"type": "object", "description":
                     "What was checked about the licence, where and when. `state`: verified "
                     "(in good standing when checked), expired (the licence's expiry date has "
                     "passed since), not_in_good_standing (the registry said so), not_verified, "
                     "or directory (a record from a public directory, which `label` names). "
                     "The licence number and the registry page checked stay private.",
                     "required": ["state", "label", "registry", "licence_status", "checked_on",
                                  "expires_on"],
                     "properties": {
                         "state": {"type": "string", "enum": ["verified", "expired",
                                                              "not_in_good_standing",
                                                              "not_verified", "directory"]},
                         "label": {**STR, "description": "the line pages show, e.g. \"Licence "
                                   "verified 2026-11-30 · Medical Board of California\""},
                         "registry": nullable(STR),
                         "licence_status": nullable({"type": "string", "enum": [
                             "active", "expired", "suspended", "revoked", "not-found", None]}),
                         "checked_on": nullable({**STR, "format": "date"}),
                         "expires_on": nullable({**STR, "format": "date"})}},
    "last_confirmed": nullable({**STR, "format": "date", "description":
                                "when a moderator approved the listing or its provider last "
                                "confirmed it; null for imported records"}),
    "confirmed_label": nullable({**STR, "description": "\"Confirmed 3 months ago\", or "
                                 "\"Not confirmed since 2025-11-02\" once stale (then it is "
                                 "left out of search and exports)"}),
    "profile_url": STR,
}
PROVIDER = {"type": "object", "required": list(PROVIDER_PROPERTIES),
            "properties": PROVIDER_PROPERTIES}
DISTANCE = {"type": "object", "required": ["distance_km", "distance_mi"],
            "properties": {"distance_km": NUM, "distance_mi": NUM}}
RESULT = {"type": "object", "required": list(PROVIDER_PROPERTIES) + [
    "distance_km", "distance_mi", "match"], "properties": {
    **PROVIDER_PROPERTIES, "distance_km": NUM, "distance_mi": NUM,
    "match": {"type": "string", "enum": ["nearby", "telehealth", "other_care"],
              "description": "telehealth: beyond the radius, offering telehealth in your "
                             "region; other_care: offers none of the directory's therapies"}}}
MATCHES = ["postcode", "place", "alias", "fuzzy", "other_country", "coordinates"]
CANDIDATE = {"type": "object", "required": ["label", "near", "country", "match", "score"],
             "properties": {
                 "label": STR, "near": {**nullable(STR), "description": "search this to get it"},
                 "country": STR, "match": {"type": "string", "enum": MATCHES},
                 "score": {**NUM, "description": "1 for an exact match; for a near "
                                                 "spelling 1 - edits / length; 0 for "
                                                 "another country's postcode"}}}
ORIGIN = {"type": "object", "required": ["lat", "lon", "label", "source", "match", "score",
                                         "candidates"], "properties": {
    "lat": NUM, "lon": NUM,
    "label": {"type": "string", "description": "what location was understood"},
    "source": {"type": "string", "enum": ["postcode", "place", "coordinates"]},
    "country": nullable({**STR, "description": "the origin's country (ISO 3166-1)"}),
    "region": nullable({**STR, "description": "its first-level region's code, as GeoNames "
                                              "gives it (a US state's two letters)"}),
    "region_name": nullable({**STR, "description": "that region's name"}),
    "match": {"type": "string", "enum": MATCHES,
              "description": "how the location was found: an exact postcode or place name, "
                             "an alternate name (NYC), or a near spelling (fuzzy)"},
    "score": {**NUM, "description": "how sure the match is, 0 to 1"},
    "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"},
                   "description": "other close matches, best first"}}}
ACCESS_STATUSES = ["available", "prescription", "certified-sites", "licensed-centres",
                   "authorised-prescribers", "special-access", "trials-only", "unknown"]
SOURCE = nullable({"type": "object", "required": ["title", "url", "checked"], "properties": {
    "title": STR, "url": STR,
    "checked": {"type": "string", "format": "date", "description": "when it was read"}},
    "description": "what the rule rests on (null: no legal source applies, or none is known)"})
DATE = nullable({"type": "string", "format": "date"})
RULE_PROPERTIES = {
    "status": {"type": "string", "enum": ACCESS_STATUSES, "description":
               "available: no rule specific to the therapy; prescription: a doctor may "
               "prescribe it; certified-sites: only at certified centres; licensed-centres: "
               "licensed service or healing centres; authorised-prescribers: only specially "
               "authorised doctors; special-access: case-by-case government permission; "
               "trials-only: only in clinical trials or research; unknown: finder has no rule"},
    "status_label": {**STR, "description": "the status in words (\"only in clinical trials\")"},
    "summary": {**STR, "description": "one plain sentence for visitors"},
    "conditions": nullable({**STR, "description": "who can have it and how"}),
    "source": SOURCE,
    "checked": DATE,
    "effective_from": DATE,
    "effective_to": nullable({"type": "string", "format": "date",
                              "description": "the day the rule stops applying, where known"}),
    "rule_jurisdiction": nullable({**STR, "description": "where the rule applies: \"*\", a "
                                   "country (\"US\") or a subdivision (\"US-OR\")"}),
}
JURISDICTION = {"type": "object", "required": ["country", "region", "label"], "properties": {
    "country": nullable(STR), "region": nullable(STR),
    "label": {**STR, "description": "\"Texas, United States\""}}}
ACCESS = {"type": "object", "required": ["modality", "modality_label", "jurisdiction",
                                         *RULE_PROPERTIES, "upcoming", "note"],
          "description": "How one requested therapy can legally be had where the visitor is, "
                         "by the most specific rule in force today. General information, "
                         "not legal advice.",
          "properties": {
              "modality": {**STR, "description": "the family (\"ketamine\") or, when one slug "
                                                 "of it was asked for, that slug"},
              "modality_label": STR, "jurisdiction": JURISDICTION, **RULE_PROPERTIES,
              "upcoming": nullable({"type": "object", "description":
                                    "a later rule for the same place, not yet in force",
                                    "properties": {**RULE_PROPERTIES, "jurisdiction": STR}}),
              "note": {**STR, "description": "that this is not legal advice"},
              "offered_in": {"type": "array", "description":
                             "Where it is trials-only or unknown here: every place the rules "
                             "say it is legally offered (also those too far to list "
                             "providers from).",
                             "items": {"type": "object", "required": [
                                 "jurisdiction", "label", "status", "status_label"],
                                 "properties": {"jurisdiction": STR, "label": STR,
                                                "status": {"type": "string",
                                                           "enum": ACCESS_STATUSES},
                                                "status_label": STR}}},
              "elsewhere_reach_km": {"type": "integer", "description":
                                     "how far `elsewhere` looks for providers"}}}
CRISIS = {"type": "object", "required": ["country", "line", "emergency"], "properties": {
    "country": nullable(STR),
    "line": nullable({"type": "object", "required": ["name", "how", "tel", "checked"],
                      "properties": {"name": STR, "how": STR, "tel": STR,
                                     "url": nullable(STR), "checked": STR}}),
    "emergency": nullable({**STR, "description": "the local emergency number(s)"})},
    "description": "The country's crisis line and emergency number (null where finder "
                   "has none)."}
ATTRIBUTION = {"type": "object", "required": ["text", "url"], "properties": {
    "text": STR, "url": STR, "license": STR}}
SEARCH_EXTRA = {
    "origin": ORIGIN,
    "access": {"type": "array", "items": ACCESS, "description":
               "One entry per requested therapy family (absent without a modality)."},
    "crisis": CRISIS,
    "query": {"type": "object", "properties": {
        "country": STR, "modalities": STR_LIST, "radius_km": NUM,
        "limit": {"type": "integer"}}},
    "next_cursor": nullable(STR),
    "nearest": nullable(DISTANCE),
    "other_care": {"type": "array", "items": RESULT,
                   "description": "when no result matched on the first page: the nearest "
                                  "facilities within the radius offering none of the "
                                  "directory's therapies (other mental health care)"},
    "attribution": ATTRIBUTION,
}
ELSEWHERE = {"type": "object", "required": [*PROVIDER_PROPERTIES, "distance_km",
                                            "distance_mi", "access"],
             "properties": {**PROVIDER_PROPERTIES, "distance_km": NUM, "distance_mi": NUM,
                            "access": {"type": "object", "required": [
                                "modality", "jurisdiction", *RULE_PROPERTIES],
                                "properties": {"modality": STR, "jurisdiction": JURISDICTION,
                                               **RULE_PROPERTIES},
                                "description": "the rule where this provider is"}}}
SEARCH = {"type": "object", "required": ["origin", "results", "next_cursor", "nearest",
                                         "other_care", "attribution", "crisis"],
          "properties": {**SEARCH_EXTRA, "results": {"type": "array", "items": RESULT},
                         "elsewhere": {"type": "array", "items": ELSEWHERE, "description":
                                       "Present only when a requested therapy is trials-only "
                                       "or unknown where the visitor is: the nearest approved "
                                       "providers of it beyond the radius in places where it "
                                       "is legally offered (licensed-centres, prescription, "
                                       "certified-sites, authorised-prescribers), nearest "
                                       "first, at most 3 per therapy, from places within `elsewhere_reach_km`."}}}
POINT = {"type": "object", "required": ["type", "coordinates"], "properties": {
    "type": {"type": "string", "enum": ["Point"]},
    "coordinates": {"type": "array", "items": NUM, "minItems": 2, "maxItems": 2}}}
FEATURE = {"type": "object", "required": ["type", "id", "geometry", "properties"],
           "properties": {"type": {"type": "string", "enum": ["Feature"]},
                          "id": {"type": "integer"}, "geometry": POINT,
                          "properties": {"type": "object"}}}
FEATURE_COLLECTION = {"type": "object", "required": ["type", "features"], "properties": {
    "type": {"type": "string", "enum": ["FeatureCollection"]},
    "features": {"type": "array", "items": FEATURE}, **SEARCH_EXTRA}}
MODALITIES = {"type": "object", "required": ["modalities", "families", "payment", "languages"],
              "properties": {
    "payment": {"type": "array", "description": "the search's payment choices, in order",
                "items": {"type": "object", "required": ["slug", "label"],
                          "properties": {"slug": {"type": "string", "enum": list(PAYMENT)},
                                         "label": STR}}},
    "languages": {"type": "array", "description": "languages worth offering as choices (a "
                  "search takes any ISO 639-1 code), with their English names",
                  "items": {"type": "object", "required": ["code", "name"],
                            "properties": {"code": STR, "name": STR}}},
    "modalities": {"type": "array", "items": {
        "type": "object", "required": ["slug", "label", "family", "family_label"],
        "properties": {"slug": STR, "label": STR, "family": STR, "family_label": STR}}},
    "families": {"type": "array", "items": {
        "type": "object", "required": ["slug", "label", "modalities"],
        "properties": {"slug": STR, "label": STR, "modalities": STR_LIST}}}}}
COUNTRIES = {"type": "object", "required": ["countries"], "properties": {
    "countries": {"type": "array", "items": {
        "type": "object", "required": ["code", "name", "unit"],
        "properties": {"code": STR, "name": STR,
                       "unit": {"type": "string", "enum": ["mi", "km"]}}}}}}
