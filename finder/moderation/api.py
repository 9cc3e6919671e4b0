"""The moderation JSON API under /api/v1/moderation/, for ``Authorization: Bearer <token>``."""
from flask import g
from flask import jsonify
from flask import request

from finder.csrf import csrf
from finder.database import get_session
from finder.errors import InvalidInput
from finder.errors import NotFound
from finder.i18n import gettext as _
from finder.listings import events
from finder.moderation import queries
from finder.moderation import reports
from finder.moderation import service
from finder.moderation import verification
from finder.moderation.auth import moderator_required
from finder.moderation.views import bp   # the pages' blueprint: one set of endpoints
from finder.moderation.views import profile_link
from finder.moderation.views import queue_filters

PREFIX = "/api/v1/moderation"


@bp.get(f"{PREFIX}/queue")
@moderator_required
def api_queue():
    """List pending listings and revisions, oldest first, with how many wait."""
    total, items = queries.queue(get_session(), **queue_filters(request.args))
    return jsonify(count=total, items=items)


@bp.get(f"{PREFIX}/listings/<int:provider_id>")
@moderator_required
def api_listing(provider_id):
    """Return every field of a listing, private ones included, with what is waiting."""
    listing = queries.listing_detail(get_session(), provider_id)
    if listing is None:
        raise NotFound(_("No listing %(id)s.", id=provider_id), field="id")
    return jsonify(listing)


@bp.post(f"{PREFIX}/listings/<int:provider_id>/approve")
@csrf.exempt
@moderator_required
def api_approve(provider_id):
    """Approve what is pending; ``{"revision": id or null}`` names the revision reviewed."""
    session = get_session()
    service.decidable(session, provider_id)   # 404 and 409 before the body's 4xx
    body = decision_body()
    checked = None
    if body.get("verification") is not None:   # recorded with the approval, or not at all
        checked = verification.clean_verification(body["verification"], verification.today())
    decision = service.approve(session, provider_id, g.moderator,
                               seen_revision=body.get("revision", service.MISSING),
                               link=profile_link(provider_id))
    if checked is not None:
        verification.record(session, provider_id, g.moderator, checked)
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
        raise NotFound(_("No listing %(id)s.", id=provider_id), field="id")
    return jsonify(id=provider_id, events=events.history(session, provider_id))


@bp.post(f"{PREFIX}/listings/<int:provider_id>/verification")
@csrf.exempt
@moderator_required
def api_verify(provider_id):
    """Record a licence verification: registry, lookup URL, status, date, expiry."""
    session = get_session()
    verification.verifiable(session, provider_id)   # 404 and 409 before the body's 4xx
    checked = verification.clean_verification(decision_body(), verification.today())
    shown = verification.record(session, provider_id, g.moderator, checked)
    session.commit()
    return jsonify(id=provider_id, verification=shown)


@bp.get(f"{PREFIX}/reports/<int:report_id>")
@moderator_required
def api_report(report_id):
    """Return a report, private fields included, with its listing's open report count."""
    report = queries.report_detail(get_session(), report_id)
    if report is None:
        raise NotFound(_("No report %(id)s.", id=report_id), field="id")
    return jsonify(report)


@bp.post(f"{PREFIX}/reports/<int:report_id>/resolve")
@csrf.exempt
@moderator_required
def api_resolve(report_id):
    """Resolve a report: ``{"action": "edit", "listing": {...}}``, ``{"action": "hide",
    "reason": ...}`` or ``{"action": "dismiss"}``."""
    session = get_session()
    reports.open_report(session, report_id)   # 404 and 409 before the body's 4xx
    body = decision_body()
    result = reports.resolve(session, report_id, g.moderator, body.get("action"),
                             reason=body.get("reason"), listing=body.get("listing"))
    session.commit()
    return jsonify(result)


def decision_body() -> dict:
    """Return the decision's JSON object (an empty body is ``{}``), or refuse it with 400.

    What it holds is checked by ``service`` once the listing's state allows a decision.
    """
    if not request.get_data():
        return {}
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict):
        raise InvalidInput(_("The body is not a JSON object; check its syntax."),
                           code="malformed_json")
    return body


def decision_json(decision: service.Decision) -> dict:
    """Shape a decision as the API answers it."""
    return {"id": decision.provider_id, "action": decision.action, "status": decision.status,
            "revision": decision.revision_id}
