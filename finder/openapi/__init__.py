"""The OpenAPI 3 document that describes the public JSON API, served at /api/v1/openapi.json."""
from flask import Blueprint

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

from finder.openapi import views  # noqa: E402,F401
