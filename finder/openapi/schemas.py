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
    "service_tags": STR_LIST, "telehealth": BOOL, "accepting_new_clients": BOOL,
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
    "match": {"type": "string", "enum": ["nearby", "telehealth"],
              "description": "telehealth: beyond the radius, offering telehealth in your region"}}}
ORIGIN = {"type": "object", "required": ["lat", "lon", "label", "source"], "properties": {
    "lat": NUM, "lon": NUM,
    "label": {"type": "string", "description": "what location was understood"},
    "source": {"type": "string", "enum": ["postcode", "place", "coordinates"]}}}
ATTRIBUTION = {"type": "object", "required": ["text", "url"], "properties": {
    "text": STR, "url": STR, "license": STR}}
SEARCH_EXTRA = {
    "origin": ORIGIN,
    "query": {"type": "object", "properties": {
        "country": STR, "modalities": STR_LIST, "radius_km": NUM,
        "limit": {"type": "integer"}}},
    "next_cursor": nullable(STR),
    "nearest": nullable(DISTANCE),
    "attribution": ATTRIBUTION,
}
SEARCH = {"type": "object", "required": ["origin", "results", "next_cursor", "nearest",
                                         "attribution"],
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
