"""One error shape for the whole service.

API paths answer ``{"error": {"status", "code", "message", "field"?}}``; pages render
``templates/errors/error.html``. Details go to the log, users see ``message``.
"""
import logging

from flask import has_app_context
from flask import jsonify
from flask import render_template
from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from finder.i18n import gettext as _
from finder.i18n import ngettext
from finder.names import ui_locale

log = logging.getLogger(__name__)


class FinderError(Exception):
    """Base class: an error with a status, a stable code and a message for users."""

    status = 500
    code = "internal_error"
    message = _l("Something went wrong.")

    def __init__(self, message=None, field=None, status=None, code=None, extra=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.field = field
        self.status = status or self.status
        self.code = code or self.code
        self.extra = extra or {}

    def to_dict(self) -> dict:
        """Return the JSON body for this error."""
        body = {"status": self.status, "code": self.code, "message": str(self.message)}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return {"error": body}


class InvalidInput(FinderError):
    """A parameter or field is missing, malformed or out of range."""

    status = 400
    code = "invalid_parameter"
    message = _l("A parameter is not valid.")


class NotFound(FinderError):
    """The thing asked for does not exist (or is not public)."""

    status = 404
    code = "not_found"
    message = _l("Not found.")


class ServiceUnavailable(FinderError):
    """The database cannot be reached; try again shortly."""

    status = 503
    code = "service_unavailable"
    message = _l("The service is temporarily unavailable. Please try again in a moment.")


class Unauthorized(FinderError):
    """No credentials, or credentials that are not (or no longer) valid."""

    status = 401
    code = "unauthorized"
    message = _l("Sign in, or send a valid token as 'Authorization: Bearer <token>'.")
    headers = {"WWW-Authenticate": 'Bearer realm="finder moderation"'}


class Conflict(FinderError):
    """The request lost a race or no longer fits the resource's state."""

    status = 409
    code = "conflict"
    message = _l("The resource changed; reload it and try again.")


class ListingInvalid(FinderError):
    """One or more listing fields are not acceptable; ``fields`` maps each to a message."""

    status = 422
    code = "invalid_listing"
    message = _l("Some fields need attention.")

    def __init__(self, fields: dict[str, str]):
        super().__init__(fields_need_attention(len(fields)),
                         field=next(iter(fields), None), extra={"fields": fields})
        self.fields = fields


def fields_need_attention(count: int) -> str:
    """Say how many fields a submission got wrong ("2 fields need attention.")."""
    if not has_app_context():
        return f"{count} field needs attention." if count == 1 else \
            f"{count} fields need attention."
    return ngettext("%(num)d field needs attention.", "%(num)d fields need attention.", count)


class RateLimited(FinderError):
    """Too many requests from one address; ``retry_after`` seconds until the next is allowed."""

    status = 429
    code = "rate_limited"
    message = _l("Too many requests from your address. Please try again later.")

    def __init__(self, retry_after: int, message=None):
        super().__init__(message)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


# What the HTTP errors werkzeug raises say, in the visitor's language when not English.
HTTP_MESSAGES = {
    400: _l("The request could not be understood; check its parameters and body."),
    404: _l("Nothing is found at this address. Check it for typing mistakes."),
    405: _l("This address does not accept that method."),
    413: _l("The request is too large."),
    415: _l("The body is not in a format this address accepts."),
}


def wants_json() -> bool:
    """Tell whether the current request should get a JSON error."""
    if request.path.startswith(("/api/", "/hsds")) or request.path in ("/readyz", "/healthz"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def error_response(err: FinderError):
    """Render ``err`` as JSON or as an HTML page, whichever the client wants."""
    headers = dict(getattr(err, "headers", {}))
    if err.status == 503:
        headers["Retry-After"] = "5"
    if wants_json():
        return jsonify(err.to_dict()), err.status, headers
    return render_template("errors/error.html", error=err), err.status, headers


def register(app) -> None:
    """Map FinderError, HTTP errors and database outages to the one error shape."""

    @app.errorhandler(FinderError)
    def handle_finder_error(err):
        return error_response(err)

    @app.errorhandler(HTTPException)
    def handle_http_error(err):
        code = (err.name or "error").lower().replace(" ", "_")
        message = err.description
        if ui_locale() != "en" and err.code in HTTP_MESSAGES:   # werkzeug's are English
            message = str(HTTP_MESSAGES[err.code])
        response = error_response(FinderError(message, status=err.code, code=code))
        if err.code == 405 and err.response is None:
            body, status, headers = response
            headers["Allow"] = ", ".join(err.valid_methods or [])
            response = body, status, headers
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)   # every pooled connection busy for DB_POOL_TIMEOUT_S
    def handle_db_down(err):
        log.warning("database unavailable: %s", err.__class__.__name__)
        _rollback()
        return error_response(ServiceUnavailable())

    @app.errorhandler(DBAPIError)
    def handle_db_error(err):
        log.exception("database error")
        _rollback()
        if getattr(err, "connection_invalidated", False):
            return error_response(ServiceUnavailable())
        return error_response(FinderError())

    @app.errorhandler(Exception)
    def handle_unexpected(err):
        log.exception("unhandled error")
        _rollback()
        return error_response(FinderError())


def _rollback() -> None:
    from flask import g
    session = g.get("db_session")
    if session is not None:
        try:
            session.rollback()
        except Exception:  # the connection may already be gone
            log.debug("rollback after error failed", exc_info=True)


def json_object(what: str) -> dict:
    """Return the request's JSON object, or refuse it: 415 when it is not sent as JSON,
    400 when it is not an object. ``what`` names it in the message ("the listing")."""
    if not request.is_json:
        raise InvalidInput(_("Send %(what)s as JSON with 'Content-Type: application/json'.",
                             what=what),
                           status=415, code="unsupported_media_type")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(_("The body is not a JSON object; check its syntax."),
                           code="malformed_json")
    return body
