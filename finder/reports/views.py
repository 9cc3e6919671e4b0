"""Report a problem with a listing: ``POST /api/v1/providers/<id>/reports`` and a plain form."""
import logging
import secrets

from flask_babel import lazy_gettext as _l
from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request

from finder import blueprints
from finder import ratelimit
from finder.csrf import CSRFError
from finder.csrf import csrf
from finder.database import get_session
from finder.errors import FinderError
from finder.errors import ListingInvalid
from finder.errors import RateLimited
from finder.errors import error_response
from finder.errors import json_object
from finder.i18n import gettext as _
from finder.providers.public import provider_slug
from finder.reports import service
from finder.schemas.trust import LIMITS
from finder.schemas.trust import REASON_LABELS

log = logging.getLogger(__name__)
THANKS = _l("Thank you! Your report has been received.")
FORM_FAILED = _l("The report was not sent. Please check what is marked below.")

bp = blueprints.private(Blueprint("reports", __name__))


@bp.post("/api/v1/providers/<int:provider_id>/reports")
@csrf.exempt
@ratelimit.limit("reports", "REPORT_RATE_LIMIT")
def submit(provider_id):
    """Receive a report as JSON; answer 201 once it is stored."""
    body = json_object(_l("the report"))
    if service.honeypot_filled(body):
        return jsonify(decoy()), 201
    report = service.validate_report(body)
    session = get_session()
    name = service.reportable(session, provider_id, current_app.config)
    report_id = service.submit_report(session, provider_id, name, report, request.remote_addr)
    session.commit()
    return jsonify(id=report_id, status="open", message=str(THANKS)), 201


@bp.route("/providers/<int:provider_id>/report", methods=["GET", "POST"])
@ratelimit.limit("reports", "REPORT_RATE_LIMIT", methods=["POST"])
def form(provider_id):
    """Show the report form for a public listing; on POST store the report and thank."""
    session = get_session()
    name = service.reportable(session, provider_id, current_app.config)
    if request.method != "POST":   # GET, and HEAD like it: only a POST reports
        return render_form(provider_id, name, {})
    typed = typed_form()
    if service.honeypot_filled(typed):
        decoy()
        return render_template("reports/thanks.html", message=THANKS, name=name,
                               slug=provider_slug(provider_id, name))
    report = service.validate_report(typed)
    service.submit_report(session, provider_id, name, report, request.remote_addr)
    session.commit()
    return render_template("reports/thanks.html", message=THANKS, name=name,
                           slug=provider_slug(provider_id, name))


@bp.errorhandler(ListingInvalid)
@bp.errorhandler(RateLimited)
@bp.errorhandler(CSRFError)
def report_failed(err):
    """Answer the API in JSON; show the form again, as typed, with what went wrong."""
    if not isinstance(err, FinderError):
        err = FinderError(_("This form has expired. Please check it and send it again."),
                          status=400, code="csrf_failed")
    if request.path.startswith("/api/"):
        return error_response(err)
    provider_id = request.view_args["provider_id"]
    try:
        name = service.reportable(get_session(), provider_id, current_app.config)
    except FinderError as missing:
        return error_response(missing)
    fields = getattr(err, "fields", {})
    page = render_form(provider_id, name, typed_form(), errors=fields,
                       problem=None if fields else err.message)
    return page, err.status, getattr(err, "headers", {})


def render_form(provider_id: int, name: str, typed: dict, errors=None, problem=None):
    """Render the report form with what was typed and each field's error next to it."""
    return render_template("reports/form.html", provider_id=provider_id, name=name,
                           slug=provider_slug(provider_id, name), typed=typed,
                           errors=errors or {}, problem=problem,
                           failed=FORM_FAILED if errors or problem else None,
                           reasons=REASON_LABELS, limits=LIMITS, honeypot=service.HONEYPOT)


def typed_form() -> dict:
    """Read the report form as typed."""
    return {key: request.form.get(key, "") for key in
            ("reason", "details", "email", service.HONEYPOT)}


def decoy() -> dict:
    """Answer a bot exactly like a person, without storing anything."""
    log.info("honeypot filled; report dropped")
    return {"id": secrets.randbelow(9 * 10**6) + 10**6, "status": "open", "message": str(THANKS)}
