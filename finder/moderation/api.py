"""The moderation JSON API under /api/v1/moderation/, for ``Authorization: Bearer <token>``."""
from flask import g
from flask import jsonify
from flask import request

from finder.csrf import csrf
from finder.database import get_session
from finder.errors import InvalidInput
from finder.errors import NotFound
from finder.listings import events
from finder.moderation import queries
from finder.moderation import service
from finder.moderation.auth import moderator_required
from finder.moderation.views import bp   # the pages' blueprint: one set of endpoints
from finder.moderation.views import profile_link

PREFIX = "/api/v1/moderation"


@bp.get(f"{PREFIX}/queue")
@moderator_required
def api_queue():
    """List pending listings and revisions, oldest first, with how many wait."""
    total, items = queries.queue(get_session())
    return jsonify(count=total, items=items)


@bp.get(f"{PREFIX}/listings/<int:provider_id>")
@moderator_required
def api_listing(provider_id):
    """Return every field of a listing, private ones included, with what is waiting."""
    listing = queries.listing_detail(get_session(), provider_id)
    if listing is None:
        raise NotFound(f"No listing {provider_id}.", field="id")
    return jsonify(listing)


@bp.post(f"{PREFIX}/listings/<int:provider_id>/approve")
@csrf.exempt
@moderator_required
def api_approve(provider_id):
    """Approve what is pending; ``{"revision": id or null}`` names the revision reviewed."""
    session = get_session()
    service.decidable(session, provider_id)   # 404 and 409 before the body's 4xx
    body = decision_body()
    decision = service.approve(session, provider_id, g.moderator,
                               seen_revision=body.get("revision", service.MISSING),
                               link=profile_link(provider_id))
    session.commit()
    return jsonify(decision_json(decision))


@bp.post(f"{PREFIX}/listings/<int:provider_id>/reject")
@csrf.exempt
@moderator_required
def api_reject(provider_id):
    """Reject what is pending with ``{"reason": ...}`` (required)."""
    session = get_session()
    service.decidable(session, provider_id)
    body = decision_body()
    decision = service.reject(session, provider_id, g.moderator, body.get("reason"),
                              seen_revision=body.get("revision", service.MISSING))
    session.commit()
    return jsonify(decision_json(decision))


@bp.get(f"{PREFIX}/listings/<int:provider_id>/events")
@moderator_required
def api_events(provider_id):
    """Return a listing's history, oldest first, with each moderator's name."""
    session = get_session()
    if not queries.listing_exists(session, provider_id):
        raise NotFound(f"No listing {provider_id}.", field="id")
    return jsonify(id=provider_id, events=events.history(session, provider_id))


def decision_body() -> dict:
    """Return the decision's JSON object (an empty body is ``{}``), or refuse it with 400.

    What it holds is checked by ``service`` once the listing's state allows a decision.
    """
    if not request.get_data():
        return {}
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict):
        raise InvalidInput("The body is not a JSON object; check its syntax.",
                           code="malformed_json")
    return body


def decision_json(decision: service.Decision) -> dict:
    """Shape a decision as the API answers it."""
    return {"id": decision.provider_id, "action": decision.action, "status": decision.status,
            "revision": decision.revision_id}
