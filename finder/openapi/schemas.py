"""JSON Schemas (OpenAPI 3.0 dialect) for the public API's bodies."""


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
PROVIDER_PROPERTIES = {
    "id": {"type": "integer"}, "slug": STR, "name": STR, "credentials": nullable(STR),
    "practice_name": nullable(STR), "provider_type": STR, "modalities": STR_LIST,
    "service_tags": STR_LIST, "telehealth": BOOL,
    "accepting_new_clients": {**nullable(BOOL), "description": "null: the source does not say"},
    "languages": STR_LIST, "phone": nullable(STR), "website": nullable(STR),
    "bio": nullable(STR), "address": ADDRESS, "location": LOCATION, "source": STR,
    "source_credit": nullable(STR), "profile_url": STR,
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
    "match": {"type": "string", "enum": MATCHES,
              "description": "how the location was found: an exact postcode or place name, "
                             "an alternate name (NYC), or a near spelling (fuzzy)"},
    "score": {**NUM, "description": "how sure the match is, 0 to 1"},
    "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"},
                   "description": "other close matches, best first"}}}
ATTRIBUTION = {"type": "object", "required": ["text", "url"], "properties": {
    "text": STR, "url": STR, "license": STR}}
SEARCH_EXTRA = {
    "origin": ORIGIN,
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
SEARCH = {"type": "object", "required": ["origin", "results", "next_cursor", "nearest",
                                         "other_care", "attribution"],
          "properties": {**SEARCH_EXTRA, "results": {"type": "array", "items": RESULT}}}
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
MODALITIES = {"type": "object", "required": ["modalities", "families"], "properties": {
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
