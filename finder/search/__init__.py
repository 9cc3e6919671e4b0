"""Search: the nearest approved providers to a point, and the public read API."""
from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/api/v1")

from finder.search import views  # noqa: E402,F401
