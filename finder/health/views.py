"""GET /healthz (process up) and GET /readyz (database reachable and migrated, replica
within its allowed lag)."""
import logging

from flask import current_app
from flask import Blueprint
from flask import jsonify
from sqlalchemy.exc import SQLAlchemyError

from finder.database import get_session
from finder.errors import ServiceUnavailable
from finder.health.replication import replica_status
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
    """Answer 200 when the database answers and its schema is at the newest revision, and
    the replica, if there is one, is within ``REPLICA_MAX_LAG_S`` of the primary."""
    head = head_revision()
    try:
        connection = get_session().connection()
        revision = current_revision(connection)
        replica = replica_state(connection)
    except SQLAlchemyError as err:
        log.warning("readiness check failed: %s", err.__class__.__name__)
        raise ServiceUnavailable("The database cannot be reached.", code="database_unreachable")
    if revision != head:
        raise ServiceUnavailable(
            f"The database schema is at {revision or 'nothing'}; this version needs {head}.",
            code="schema_out_of_date")
    if replica is None:
        return jsonify(status="ready", schema=revision)
    if replica["status"] == "lagging":
        raise ServiceUnavailable(
            f"The read replica is {replica['lag_s']:.1f} s behind the primary "
            f"(REPLICA_MAX_LAG_S is {replica['max_lag_s']:g}).",
            code="replica_lagging", extra={"replica": replica})
    return jsonify(status="ready", schema=revision, replica=replica)


def replica_state(primary) -> dict | None:
    """Return the replica's state (None without a replica)."""
    reads = current_app.extensions.get("finder.reads")
    if reads is None or reads.replica is None:
        return None
    return replica_status(primary, reads, current_app.config["REPLICA_MAX_LAG_S"])
