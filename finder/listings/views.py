"""Get listed: the JSON API and the ``/get-listed`` form, plus editing through the private link."""
import hashlib
import logging
import secrets
from types import SimpleNamespace

from flask import Blueprint
from flask import jsonify
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import OperationalError

from finder import blueprints
from finder import i18n
from finder import ratelimit
from finder.csrf import CSRFError
from finder.csrf import csrf
from finder.database import get_session
from finder.errors import FinderError
from finder.errors import ListingInvalid
from finder.errors import RateLimited
from finder.errors import ServiceUnavailable
from finder.errors import error_response
from finder.errors import json_object
from finder.i18n import gettext as _
from finder.listings import freshness
from finder.listings import service
from finder.listings import validate
from finder.listings.rendering import render_form
from finder.providers import fields as f
from finder.tokens import new_token

log = logging.getLogger(__name__)
THANKS = _l("Thank you! Your submission has been received!")
NOT_SAVED = _l("We could not save your listing: the service is briefly unavailable. Nothing "
               "you typed is lost; please check it below and submit it again in a minute.")
DUPLICATE = _l("A listing with this email and name is already waiting for review. To change "
               "it, use the private edit link we emailed you, or ask for a new one with "
               "\"Lost your link?\" on the get-listed form.")
EXPIRED = _l("This form has expired. Please check it and submit it again.")
# Stands in for the provider on an edit form shown while the database is down: the page
# only needs to know it is an edit, and it posts back to the same edit link.
OFFLINE_EDIT = SimpleNamespace(status=None)

bp = blueprints.private(Blueprint("listings", __name__))


@bp.post("/api/v1/listings")
@csrf.exempt
@ratelimit.limit("submissions", "SUBMISSION_RATE_LIMIT")
def submit():
    """Receive a listing as JSON; answer 201 with its id and private edit link."""
    flat = validate.flatten(json_object("the listing"))
    if validate.honeypot_filled(flat):
        return jsonify(decoy_receipt()), 201
    session = get_session()
    listing = validate.validate_listing(session, flat)
    count_recipient(listing.email)
    receipt = service.submit_listing(session, listing, request.remote_addr,
                                     locale=i18n.current(), link_for=edit_url)
    session.commit()
    return jsonify(receipt_json(receipt)), 201 if receipt.created else 200


@bp.get("/api/v1/listings/edit/<token>")
def edit_data(token):
    """Return the listing an edit link belongs to, as an edit would start from it."""
    session = get_session()
    provider = service.provider_for_token(session, token)
    values, revision_id = service.editable_values(session, provider.id)
    return jsonify(id=provider.id, status=provider.status, pending_revision=revision_id,
                   listing=validate.as_nested(values))


@bp.put("/api/v1/listings/edit/<token>")
@csrf.exempt
@ratelimit.limit("edits", "SUBMISSION_RATE_LIMIT")
def edit(token):
    """Change a listing through its edit link; the change waits for moderation."""
    session = get_session()
    service.editable_provider(session, token)   # 404 and 409 before the body's 4xx
    listing = validate.validate_listing(session, validate.flatten(json_object("the listing")))
    count_recipient(listing.email)
    result = service.edit_listing(session, token, listing, request.remote_addr)
    session.commit()
    return jsonify(id=result.id, status=result.status, pending_revision=result.revision_id,
                   changed=result.changed)


@bp.route("/get-listed", methods=["GET", "POST"])
@ratelimit.limit("submissions", "SUBMISSION_RATE_LIMIT", methods=["POST"])
def form():
    """Show the get-listed form; on POST store the listing and thank the provider."""
    if request.method != "POST":   # GET, and HEAD like it: only a POST submits
        return render_form({"accepting_new_clients": True})
    flat = validate.from_form(request.form)
    if validate.honeypot_filled(flat):
        return render_template("listings/thanks.html", message=THANKS,
                               edit_url=decoy_receipt()["edit_url"])
    session = get_session()
    listing = validate.validate_listing(session, validate.typed_form(request.form), form=True)
    count_recipient(listing.email)
    receipt = service.submit_listing(session, listing, request.remote_addr,
                                     locale=i18n.current(), link_for=edit_url)
    session.commit()
    return render_template("listings/thanks.html", message=THANKS,
                           edit_url=edit_url(receipt.token), duplicate=not receipt.created)


@bp.route("/get-listed/lost-link", methods=["GET", "POST"])
# Counted before anything is looked up, so a known address is counted like any other.
@ratelimit.limit("lost-links", "SUBMISSION_RATE_LIMIT", methods=["POST"])
def lost_link():
    """Ask for new edit links by email; the answer never says whether the address is known."""
    if request.method != "POST":   # GET, and HEAD like it: only a POST asks
        return lost_link_page("")
    typed = request.form.get("email", "")
    try:
        email = f.clean_email(typed, required=True)
    except f.FieldError as err:
        message = str(validate.REQUIRED["email"]) if err.message == f.IS_REQUIRED \
            else err.text(_("Email"))
        return lost_link_page(typed, error=message), 422
    count_recipient(email)
    session = get_session()
    service.renew_edit_links(session, email, edit_url, locale=i18n.current())
    session.commit()
    return render_template("listings/lost_link_sent.html")


def lost_link_page(typed: str, error: str | None = None, problem: str | None = None):
    """Render the "Lost your link?" form with what was typed and what is wrong with it."""
    return render_template("listings/lost_link.html", email=typed, error=error,
                           problem=problem, email_limit=f.LIMITS["email"])


@bp.route("/get-listed/edit/<token>", methods=["GET", "POST"])
@ratelimit.limit("edits", "SUBMISSION_RATE_LIMIT", methods=["POST"])
def edit_form(token):
    """Show a listing's edit form; on POST turn the changes into a pending revision."""
    session = get_session()
    provider = service.provider_for_token(session, token)
    if request.method != "POST":   # GET, and HEAD like it: only a POST submits
        values, revision_id = service.editable_values(session, provider.id)
        return render_form(validate.as_flat(values), provider=provider, revision_id=revision_id)
    service.editable_provider(session, token)
    listing = validate.validate_listing(session, validate.typed_form(request.form), form=True)
    count_recipient(listing.email)
    result = service.edit_listing(session, token, listing, request.remote_addr)
    session.commit()
    return render_template("listings/edited.html", result=result, edit_url=edit_url(token))


@bp.route("/listings/confirm/<token>", methods=["GET", "POST"])
def confirm_form(token):
    """Show what a confirm link confirms; on POST (one click) confirm the listing."""
    session = get_session()
    if request.method != "POST":   # GET, and HEAD like it: link scanners only look
        row = freshness.confirmable(session, token)
        return render_template("listings/confirm.html", name=row.name,
                               last_confirmed=row.last_confirmed, confirmed=False)
    row = freshness.confirmable(session, token)
    freshness.confirm(session, token)
    session.commit()
    return render_template("listings/confirm.html", name=row.name, confirmed=True)


@bp.post("/api/v1/listings/confirm/<token>")
@csrf.exempt
def confirm(token):
    """Confirm a listing through its one-use link; answer with when it was confirmed."""
    session = get_session()
    provider_id, confirmed = freshness.confirm(session, token)
    session.commit()
    return jsonify(id=provider_id, last_confirmed=confirmed.date().isoformat())


@bp.errorhandler(ListingInvalid)
@bp.errorhandler(RateLimited)
@bp.errorhandler(CSRFError)
def form_failed(err):
    """Answer the API in JSON; show the form again, as typed, with what went wrong."""
    if not isinstance(err, FinderError):
        err = FinderError(str(EXPIRED), status=400, code="csrf_failed")
    if request.path.startswith("/api/") or request.endpoint == "listings.confirm_form":
        return error_response(err)
    if request.endpoint == "listings.lost_link":
        return lost_link_page(request.form.get("email", ""), problem=err.message), err.status, \
            getattr(err, "headers", {})
    fields = getattr(err, "fields", {})
    provider, offline = None, False
    if request.endpoint == "listings.edit_form":
        try:
            provider = service.provider_for_token(get_session(), request.view_args["token"])
        except FinderError:
            return error_response(err)
        except DBAPIError as db_err:
            if not unavailable(db_err):
                raise
            _rollback()
            provider, offline = OFFLINE_EDIT, True
    values, problem = validate.from_form(request.form), None if fields else err.message
    try:
        page = render_form(values, errors=fields, provider=provider, problem=problem,
                           offline=offline)
    except DBAPIError as db_err:   # e.g. a 429 while the database is down: keep the form
        if not unavailable(db_err):
            raise
        _rollback()
        page = render_form(values, errors=fields, provider=provider, problem=problem,
                           offline=True)
    return page, err.status, getattr(err, "headers", {})


@bp.errorhandler(DBAPIError)
def database_failed(err):
    """Answer 503 while the database is down; a posted form comes back filled in as typed."""
    _rollback()
    if not unavailable(err):
        log.error("database error", exc_info=err)
        return error_response(FinderError())
    log.warning("database unavailable: %s", err.__class__.__name__)
    if request.method != "POST" or request.path.startswith("/api/"):
        return error_response(ServiceUnavailable())
    if request.endpoint == "listings.lost_link":
        return lost_link_page(request.form.get("email", ""),
                              problem=ServiceUnavailable().message), 503, {"Retry-After": "5"}
    page = render_form(validate.from_form(request.form), provider=OFFLINE_EDIT
                       if request.endpoint == "listings.edit_form" else None,
                       problem=str(NOT_SAVED), offline=True)
    return page, 503, {"Retry-After": "5"}


def unavailable(err: DBAPIError) -> bool:
    """Tell whether a database error means the database cannot be reached (or gave up)."""
    return isinstance(err, OperationalError) or err.connection_invalidated


def _rollback() -> None:
    """Roll back this request's session; its connection may already be gone."""
    try:
        get_session().rollback()
    except DBAPIError:
        log.debug("rollback after a database error failed", exc_info=True)


def count_recipient(email: str) -> None:
    """Count this request against the submission limit of the address it would write to
    too, so that many client addresses together cannot mail one inbox more often."""
    key = "email:" + hashlib.sha256(email.lower().encode()).hexdigest()[:32]
    ratelimit.count_by(key, "submissions", "SUBMISSION_RATE_LIMIT")



def edit_url(token: str | None) -> str | None:
    """Return the private edit link for ``token``, in full."""
    return url_for("listings.edit_form", token=token, _external=True) if token else None


def receipt_json(receipt: service.Receipt) -> dict:
    """Shape a receipt as the API answers it."""
    body = {"id": receipt.id, "status": receipt.status, "edit_url": edit_url(receipt.token)}
    if not receipt.created:
        body["message"] = str(DUPLICATE)
    return body


def decoy_receipt() -> dict:
    """Answer a bot exactly like a person, without storing anything."""
    log.info("honeypot filled; submission dropped")
    return {"id": secrets.randbelow(9 * 10**6) + 10**6, "status": "pending",
            "edit_url": edit_url(new_token())}
