"""GET /healthz (process up) and GET /readyz (database reachable and migrated)."""
import logging

from flask import Blueprint
from flask import jsonify
from sqlalchemy.exc import SQLAlchemyError

from finder.database import get_session
from finder.errors import ServiceUnavailable
from finder.migrations import current_revision
from finder.migrations import head_revision

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 while the process is up, whatever the database does."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Answer 200 when the database answers and its schema is at the newest revision."""
    head = head_revision()
    try:
        revision = current_revision(get_session().connection())
    except SQLAlchemyError as err:
        log.warning("readiness check failed: %s", err.__class__.__name__)
        raise ServiceUnavailable("The database cannot be reached.", code="database_unreachable")
    if revision != head:
        raise ServiceUnavailable(
            f"The database schema is at {revision or 'nothing'}; this version needs {head}.",
            code="schema_out_of_date")
    return jsonify(status="ready", schema=revision)
