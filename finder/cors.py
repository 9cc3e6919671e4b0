"""Which other sites' pages may call finder (CORS), answered by Flask-CORS in this one place.

- The public read API (search, one provider, the GeoJSON export, modalities, countries):
  ``GET`` from the origins ``CORS_ORIGINS`` names: ``*`` (any, the default) or a comma list.
- Reports of a problem with a listing, which the widget sends: ``POST`` from the same origins.
- The widget's script and messages, and the OpenAPI document: any origin.
- Nothing else: listings, the moderation API and the pages carry no CORS headers.

With a list, an allowed ``Origin`` is echoed with ``Vary: Origin``, and a request from any
other origin gets no CORS headers. Each origin is compared exactly as written, never read
as a pattern.
"""
import re

from flask_cors import CORS

API_HEADERS = ["Accept", "Content-Type"]


def init_app(app) -> None:
    """Answer cross-origin requests and preflights to ``app``'s public endpoints."""
    setting = app.config["CORS_ORIGINS"]
    # As patterns, the origins are matched exactly; Flask-CORS then says Vary: Origin too.
    origins = "*" if setting == "*" else [
        re.compile(re.escape(origin.strip()) + "$") for origin in setting.split(",")
        if origin.strip()]
    read_api = {"methods": "GET, OPTIONS"}
    CORS(app, origins=origins, allow_headers=API_HEADERS, send_wildcard=True,
         intercept_exceptions=False, resources={
             r"/api/v1/(search|modalities|countries|providers\.geojson)$": read_api,
             r"/api/v1/providers/[0-9]+$": read_api,
             r"/api/v1/providers/[0-9]+/reports$": {"methods": "POST, OPTIONS",
                                                   "allow_headers": ["Content-Type"]},
             r"/(widget\.js|widget/messages/[^/]+\.json|api/v1/openapi\.json)$": {
                 "origins": "*", "methods": "GET"},
         })
