"""GET /api/v1/openapi.json."""
from flask import Blueprint
from flask import jsonify
from flask import request

from finder.openapi.document import document

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI document, with this server's address in ``servers``."""
    return jsonify(document(request.url_root.rstrip("/")))
