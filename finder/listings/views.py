"""Get listed: the JSON API and the ``/get-listed`` form, plus editing through the private link."""
import logging
import secrets

from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask import url_for

from finder import ratelimit
from finder.csrf import CSRFError
from finder.csrf import csrf
from finder.database import get_session
from finder.errors import FinderError
from finder.errors import InvalidInput
from finder.errors import ListingInvalid
from finder.errors import RateLimited
from finder.errors import error_response
from finder.listings import bp
from finder.listings import service
from finder.listings import validate
from finder.providers.vocabulary import modality_choices
from finder.providers.vocabulary import provider_type_choices
from finder.tokens import new_token

log = logging.getLogger(__name__)
FORM_FAILED = "Oops! Something went wrong while submitting the form."
THANKS = "Thank you! Your submission has been received!"
DUPLICATE = ("A listing with this email and name is already waiting for review. To change it, "
             "use the private edit link you were shown when you submitted it.")


def limit_body_size():
    """Cap request bodies sent to listings and moderation (an app-level before_request)."""
    if request.blueprint in ("listings", "moderation"):
        request.max_content_length = current_app.config["LISTING_MAX_BYTES"]


@bp.after_request
def private_page_headers(response):
    """Keep forms, edit links and receipts out of caches, referrers and frames."""
    response.headers["Cache-Control"] = "no-store"
    # same-origin: the form posts back with a Referer (Flask-WTF checks it over HTTPS), but
    # no other site ever learns an edit link from one.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response


@bp.post("/api/v1/listings")
@csrf.exempt
def submit():
    """Receive a listing as JSON; answer 201 with its id and private edit link."""
    count("submissions")
    flat = validate.flatten(read_json())
    if validate.honeypot_filled(flat):
        return jsonify(decoy_receipt()), 201
    session = get_session()
    receipt = service.submit_listing(session, validate.validate_listing(session, flat),
                                     request.remote_addr)
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
def edit(token):
    """Change a listing through its edit link; the change waits for moderation."""
    count("edits")
    session = get_session()
    listing = validate.validate_listing(session, validate.flatten(read_json()))
    result = service.edit_listing(session, token, listing, request.remote_addr)
    session.commit()
    return jsonify(id=result.id, status=result.status, pending_revision=result.revision_id,
                   changed=result.changed)


@bp.route("/get-listed", methods=["GET", "POST"])
def form():
    """Show the get-listed form; on POST store the listing and thank the provider."""
    if request.method == "GET":
        return render_form({"accepting_new_clients": True,
                            "address.country": current_app.config["DEFAULT_COUNTRY"]})
    count("submissions")
    flat = validate.from_form(request.form)
    if validate.honeypot_filled(flat):
        return render_template("listings/thanks.html", message=THANKS,
                               edit_url=decoy_receipt()["edit_url"])
    session = get_session()
    receipt = service.submit_listing(session, validate.validate_listing(session, flat),
                                     request.remote_addr)
    session.commit()
    return render_template("listings/thanks.html", message=THANKS,
                           edit_url=edit_url(receipt.token), duplicate=not receipt.created)


@bp.route("/get-listed/edit/<token>", methods=["GET", "POST"])
def edit_form(token):
    """Show a listing's edit form; on POST turn the changes into a pending revision."""
    session = get_session()
    provider = service.provider_for_token(session, token)
    if request.method == "GET":
        values, revision_id = service.editable_values(session, provider.id)
        return render_form(validate.as_flat(values), provider=provider, revision_id=revision_id)
    count("edits")
    listing = validate.validate_listing(session, validate.from_form(request.form))
    result = service.edit_listing(session, token, listing, request.remote_addr)
    session.commit()
    return render_template("listings/edited.html", result=result, edit_url=edit_url(token))


@bp.errorhandler(ListingInvalid)
@bp.errorhandler(RateLimited)
@bp.errorhandler(CSRFError)
def form_failed(err):
    """Answer the API in JSON; show the form again, as typed, with what went wrong."""
    if not isinstance(err, FinderError):
        err = FinderError("This form has expired. Please check it and submit it again.",
                          status=400, code="csrf_failed")
    if request.path.startswith("/api/"):
        return error_response(err)
    fields = getattr(err, "fields", {})
    provider = None
    if request.endpoint == "listings.edit_form":
        try:
            provider = service.provider_for_token(get_session(), request.view_args["token"])
        except FinderError:
            return error_response(err)
    page = render_form(validate.from_form(request.form), errors=fields, provider=provider,
                       problem=None if fields else err.message)
    return page, err.status, getattr(err, "headers", {})


def render_form(values: dict, errors=None, provider=None, revision_id=None, problem=None):
    """Render the listing form with ``values`` and each field's error next to it."""
    session = get_session()
    return render_template(
        "listings/form.html", values=values, errors=errors or {}, problem=problem,
        failed=FORM_FAILED if errors or problem else None, provider=provider,
        revision_id=revision_id, modalities=modality_choices(session),
        provider_types=provider_type_choices(session), honeypot=validate.HONEYPOT,
        chosen=set(values.get("modalities") or []))


def count(what: str) -> None:
    """Count this request against the per-address submission limit (429 when spent)."""
    ratelimit.hit(what, current_app.config["SUBMISSION_RATE_LIMIT"],
                  request.remote_addr or "unknown")


def read_json() -> dict:
    """Return the request's JSON object, or refuse it with 415 or 400."""
    if not request.is_json:
        raise InvalidInput("Send the listing as JSON with 'Content-Type: application/json'.",
                           status=415, code="unsupported_media_type")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("The body is not a JSON object; check its syntax.",
                           code="malformed_json")
    return body


def edit_url(token: str | None) -> str | None:
    """Return the private edit link for ``token``, in full."""
    return url_for("listings.edit_form", token=token, _external=True) if token else None


def receipt_json(receipt: service.Receipt) -> dict:
    """Shape a receipt as the API answers it."""
    body = {"id": receipt.id, "status": receipt.status, "edit_url": edit_url(receipt.token)}
    if not receipt.created:
        body["message"] = DUPLICATE
    return body


def decoy_receipt() -> dict:
    """Answer a bot exactly like a person, without storing anything."""
    log.info("honeypot filled; submission dropped")
    return {"id": secrets.randbelow(9 * 10**6) + 10**6, "status": "pending",
            "edit_url": edit_url(new_token())}
