"""Which other sites' pages may call finder (CORS), answered by Flask-CORS in this one place.

- The public read API (search, one provider, the GeoJSON export, modalities, countries):
  ``GET`` from the origins ``CORS_ORIGINS`` names: ``*`` (any, the default) or a comma list.
- Reports of a problem with a listing, which the widget sends: ``POST`` from the same origins.
- The widget's script and messages, and the OpenAPI document: any origin.
- Nothing else: listings, the moderation API and the pages carry no CORS headers.

With a list, an allowed ``Origin`` is echoed, and a request from any other origin gets no
CORS headers. Each origin is compared exactly as written, never read as a pattern. Every
answer of a path the list governs then says ``Vary: Origin``, a request without ``Origin``
too: a shared cache must not hand an answer made for one origin (or none) to another.
"""
import re

from flask import request
from flask_cors import CORS

API_HEADERS = ["Accept", "Content-Type"]
READ_API = {"methods": "GET, OPTIONS"}
ANY_ORIGIN = "*"
# Paths (as Flask-CORS matches them, from the start) and what other origins may do there.
RESOURCES = {
    r"/api/v1/(search|modalities|countries|providers\.geojson)$": READ_API,
    r"/api/v1/providers/[0-9]+$": READ_API,
    r"/api/v1/providers/[0-9]+/reports$": {"methods": "POST, OPTIONS",
                                          "allow_headers": ["Content-Type"]},
    r"/(widget\.js|widget/messages/[^/]+\.json|api/v1/openapi\.json)$": {
        "origins": ANY_ORIGIN, "methods": "GET"},
}


def init_app(app) -> None:
    """Answer cross-origin requests and preflights to ``app``'s public endpoints."""
    setting = app.config["CORS_ORIGINS"]
    if setting != ANY_ORIGIN:
        listed = [re.compile(path) for path, options in RESOURCES.items()
                  if options.get("origins") != ANY_ORIGIN]

        # Registered before Flask-CORS's own, so it runs after it (newest first) and adds
        # to the Vary that Flask-CORS may have set rather than beside it.
        @app.after_request
        def vary_on_origin(response):
            if any(path.match(request.path) for path in listed):
                response.vary.add("Origin")
            return response

    # As escaped patterns ending in $, the origins are matched exactly as written.
    origins = ANY_ORIGIN if setting == ANY_ORIGIN else [
        re.compile(re.escape(origin.strip()) + "$") for origin in setting.split(",")
        if origin.strip()]
    CORS(app, origins=origins, allow_headers=API_HEADERS, send_wildcard=True,
         intercept_exceptions=False, resources=RESOURCES)
