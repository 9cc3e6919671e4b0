"""Build the OpenAPI 3.1 document for the JSON API from its parts."""
from finder.openapi import listings
from finder.openapi import moderation
from finder.openapi import reports
from finder.openapi import search
from finder.openapi.common import error_responses

PARTS = (search, listings, reports, moderation)
TAGS = [{"name": "search", "description": "Find approved providers (public, CORS-enabled)."},
        {"name": "listings", "description": "Get listed, and edit a listing by its private "
                                            "link; every change waits for moderation."},
        {"name": "reports", "description": "Report a problem with a listing (public, "
                                           "CORS-enabled)."},
        {"name": "moderation", "description": "Review and decide listings, record licence "
                                              "verifications, resolve reports (bearer token)."}]


def document(server_url: str = "") -> dict:
    """Return the whole OpenAPI document."""
    paths, schemas = {}, {}
    for part in PARTS:
        paths.update(part.paths())
        schemas.update(part.schemas())
    for operations in paths.values():   # the server's own limits apply to every operation
        for operation in operations.values():
            operation["responses"].update(error_responses("414", "431"))
    return {
        "openapi": "3.1.0",
        "info": {"title": "finder API", "version": "1.0.0",
                 "description": "Find a therapist or clinic near you for a specific treatment, "
                                "get listed, and moderate listings. Every error is JSON: "
                                "`{\"error\": {\"status\", \"code\", \"message\", \"field\"?, "
                                "\"fields\"?}}`. Postcode data © GeoNames (CC BY 4.0).",
                 "license": {"name": "Data: GeoNames CC BY 4.0; SAMHSA public domain",
                             "url": "https://creativecommons.org/licenses/by/4.0/"}},
        "servers": [{"url": f"{server_url}/api/v1"}],
        "tags": TAGS,
        "paths": paths,
        "components": {"schemas": schemas,
                       "securitySchemes": {"bearerAuth": moderation.BEARER}},
    }
