"""Building blocks shared by every part of the OpenAPI document: errors, parameters, bodies."""

ERRORS = {
    "400": "A parameter is not valid: the error names it and says what is accepted.",
    "401": "No bearer token, or one that is not (or no longer) a moderator's.",
    "404": "Not found: the postcode, place or provider does not exist (or is not public).",
    "409": "The request no longer fits the resource's state: reload it and try again.",
    "413": "The body is larger than the server accepts (`LISTING_MAX_BYTES`, 64 KiB by default).",
    "414": "The request line is over 8,190 bytes (answered by the server, before the app).",
    "415": "The body is not sent as `Content-Type: application/json`.",
    "422": "Some fields are not acceptable: `error.fields` maps each one to what is wrong.",
    "429": "Too many requests from this address; try again after Retry-After seconds.",
    "431": "More than 50 header fields, or one over 8,190 bytes (answered by the server).",
    "503": "The database is unavailable; try again after Retry-After seconds.",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.",
                               "required": True, "schema": {"type": "integer", "minimum": 1}}}
HEADERS = {
    "401": {"WWW-Authenticate": {"description": "`Bearer realm=\"finder moderation\"`",
                                 "required": True, "schema": {"type": "string"}}},
    "429": RETRY_AFTER,
    "503": RETRY_AFTER,
}
# Public GET answers are cacheable (finder.caching): fresh for CACHE_MAX_AGE_S, a strong
# ETag of the body, 304 to a matching If-None-Match.
CACHE_CONTROL = {"Cache-Control": {
    "description": "`public, max-age=CACHE_MAX_AGE_S, stale-while-revalidate="
                   "CACHE_STALE_WHILE_REVALIDATE_S` (60 and 60 by default): a moderator's "
                   "decision reaches every cache within `max-age`.",
    "required": True, "schema": {"type": "string"}, "example":
    "public, max-age=60, stale-while-revalidate=60"}}
ETAG = {"ETag": {"description": "A strong validator of the body; send it back as "
                                "`If-None-Match` to get `304` while the answer is unchanged.",
                 "required": True, "schema": {"type": "string"},
                 "example": '"2c1b0d3f9e8a7b6c5d4e3f2a1b0c9d8e"'}}
VARY = {"Vary": {"description": "What changes the answer besides the URL: `Accept` on search "
                                "(JSON or GeoJSON), `Origin` when `CORS_ORIGINS` is a list.",
                 "required": False, "schema": {"type": "string"}}}
CACHED = {**CACHE_CONTROL, **ETAG, **VARY}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False,
                 "description": "The `ETag` of a copy already held: `304` when it is current.",
                 "schema": {"type": "string"}}
NOT_MODIFIED = {"description": "The copy whose ETag was sent in `If-None-Match` is current; "
                               "no body.", "headers": {**CACHE_CONTROL, **ETAG, **VARY}}


def cached(response: dict, etag: bool = True) -> dict:
    """Return ``response`` with the caching headers of a public answer."""
    return {**response, "headers": {**response.get("headers", {}),
                                    **(CACHED if etag else {**CACHE_CONTROL, **VARY})}}


def ref(name: str) -> dict:
    """Return a reference to the component schema ``name``."""
    return {"$ref": f"#/components/schemas/{name}"}


def error_responses(*codes: str, notes: dict | None = None) -> dict:
    """Return OpenAPI responses for the given error statuses, all in the one error shape.

    ``notes`` replaces the generic description of a status with what it means here.
    """
    responses = {}
    for code in codes:
        response = {"description": (notes or {}).get(code, ERRORS[code]),
                    "content": {"application/json": {"schema": ref("Error")}}}
        if code in HEADERS:
            response["headers"] = HEADERS[code]
        responses[code] = response
    return responses


def query(name: str, description: str, schema: dict, example=None, explode=None) -> dict:
    """Return a query parameter."""
    param = {"name": name, "in": "query", "required": False, "description": description,
             "schema": schema}
    if example is not None:
        param["example"] = example
    if explode is not None:
        param["explode"] = explode
    return param


def path(name: str, description: str, schema: dict, example=None) -> dict:
    """Return a path parameter."""
    param = {"name": name, "in": "path", "required": True, "description": description,
             "schema": schema}
    if example is not None:
        param["example"] = example
    return param


def json_response(description: str, schema_name: str, example=None) -> dict:
    """Return a response with a JSON body described by the component ``schema_name``."""
    content = {"schema": ref(schema_name)}
    if example is not None:
        content["example"] = example
    return {"description": description, "content": {"application/json": content}}


def json_body(schema_name: str, description: str, required: bool = True, example=None) -> dict:
    """Return a JSON request body described by the component ``schema_name``."""
    content = {"schema": ref(schema_name)}
    if example is not None:
        content["example"] = example
    return {"description": description, "required": required,
            "content": {"application/json": content}}
