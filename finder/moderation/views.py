"""The moderators' pages under /moderation/: sign in and out, the queue, one listing, decisions."""
import logging
import re
from urllib.parse import urlsplit

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import session as cookie
from flask import url_for
from flask_babel import lazy_gettext as _l

from finder import blueprints
from finder import formats
from finder import ratelimit
from finder.database import get_session
from finder.errors import InvalidInput
from finder.errors import ListingInvalid
from finder.errors import NotFound
from finder.errors import RateLimited
from finder.errors import error_response
from finder.i18n import gettext as _
from finder.i18n import ngettext
from finder.listings import events
from finder.listings import records
from finder.moderation import auth
from finder.moderation import queries
from finder.moderation import reports
from finder.moderation import service
from finder.moderation import verification
from finder.moderation.auth import moderator_required
from finder.names import N_
from finder.schemas.moderation import DETAILS_MAX
from finder.schemas.moderation import KINDS
from finder.schemas.moderation import MAX_WAITED_DAYS
from finder.schemas.moderation import SORTS
from finder.schemas.trust import LIMITS
from finder.schemas.trust import REASON_LABELS
from finder.schemas.trust import STATUS_LABELS

log = logging.getLogger(__name__)
SAFE_NEXT_RE = re.compile(r"[\x21-\x7e]*")   # printable ASCII, no spaces
# What the rate limiter counts with; ``locked_message`` says it in the page's language.
LOCKED = ("Too many failed sign-ins with this name. For your account's safety, signing in "
          "with it is paused: try again in {wait}.")
# The preset reasons are sent and stored in English (the provider is told them); the
# moderator reads them in the page's language.
REASONS = (
    N_("We could not verify the license or credentials."),
    N_("The listing does not offer psychedelic-assisted therapy or integration."),
    N_("It duplicates a listing we already have."),
    N_("Some information is incomplete or unclear."),
    N_("It looks like spam or advertising."),
)

HIDE_REASONS = (
    N_("The practice has closed or can no longer be reached."),
    N_("The listing does not offer what it says."),
    N_("A licence or conduct concern is being looked into."),
    N_("It looks like spam or advertising."),
)
KIND_LABELS = {"listing": _l("New listings"), "revision": _l("Edits"), "report": _l("Reports"),
               "verification_expired": _l("Expired verifications"),
               "stale": _l("Stale listings")}
# What the pages show for the stored slugs (a slug without a label is shown as it is).
LISTING_STATUS_LABELS = {"pending": _l("pending"), "approved": _l("approved"),
                         "rejected": _l("rejected"), "withdrawn": _l("withdrawn"),
                         "hidden": _l("hidden")}
REPORT_STATUS_LABELS = {"open": _l("open"), "closed": _l("closed")}
RESOLUTION_LABELS = {"edited": _l("edited"), "hidden": _l("hidden"),
                     "dismissed": _l("dismissed")}
EVENT_LABELS = {"submitted": _l("submitted"), "edited": _l("edited"),
                "approved": _l("approved"), "rejected": _l("rejected"),
                "verified": _l("verified"), "reported": _l("reported"),
                "reminded": _l("reminded"), "confirmed": _l("confirmed"),
                "report_edited": _l("report resolved: listing edited"),
                "report_hidden": _l("report resolved: listing hidden"),
                "report_dismissed": _l("report dismissed")}
RESOLVED = {"edited": _l("Report #%(id)s edited."), "hidden": _l("Report #%(id)s hidden."),
            "dismissed": _l("Report #%(id)s dismissed.")}

bp = blueprints.private(Blueprint("moderation", __name__))


@bp.route("/moderation/sign-in", methods=["GET", "POST"])
@ratelimit.limit("sign-in", "SIGN_IN_RATE_LIMIT", methods=["POST"])
def sign_in():
    """Show the sign-in form; on POST check the password and start a session."""
    if request.method != "POST":   # GET, and HEAD like it: only a POST signs in
        return render_template("moderation/sign_in.html", next=safe_next())
    session = get_session()
    name = request.form.get("name", "").strip()
    moderator = authenticate_throttled(name, request.form.get("password", ""))
    if moderator is None:
        return render_template("moderation/sign_in.html", next=safe_next(), name=name,
                               error=_("That name and password do not match.")), 401
    target = safe_next()   # before the session starts: nothing after it may fail
    token = auth.start_session(session, moderator, current_app.config["MODERATION_SESSION_HOURS"])
    session.commit()
    cookie.clear()   # a fresh cookie (and CSRF token) for the signed-in session
    cookie[auth.COOKIE_KEY] = token
    return redirect(target)


def authenticate_throttled(name: str, password: str):
    """Check a password unless the name has failed too often lately; count each failure.

    Every name is throttled alike, known or not, so the answer never tells which exist.
    A name that has spent ``SIGN_IN_FAILURE_LIMIT`` is refused before its password is
    checked, so guessing from many addresses gains nothing; a success starts it afresh.

    Raises:
        RateLimited: the name is locked for now.
    """
    limit = current_app.config["SIGN_IN_FAILURE_LIMIT"]
    account = auth.throttle_key(name)
    try:
        ratelimit.check("sign-in-failures", limit, account, message=LOCKED)
        moderator = auth.authenticate(get_session(), name, password)
        if moderator is None:
            ratelimit.hit("sign-in-failures", limit, account, message=LOCKED)
        else:
            ratelimit.clear("sign-in-failures", limit, account)
    except RateLimited as err:   # said again in the page's language
        raise RateLimited(err.retry_after, locked_message(err.retry_after)) from None
    return moderator


def locked_message(seconds: int) -> str:
    """Say that a name is locked and for how long, as ``LOCKED`` does, in this locale."""
    if seconds < 60:
        wait = ngettext("%(num)s second", "%(num)s seconds", seconds)
    else:
        minutes = -(-seconds // 60)
        wait = ngettext("%(num)s minute", "%(num)s minutes", minutes)
    return _("Too many failed sign-ins with this name. For your account's safety, signing in "
             "with it is paused: try again in %(wait)s.", wait=wait)


@bp.errorhandler(RateLimited)
def sign_in_refused(err):
    """Show the sign-in form again saying how long to wait (429 with Retry-After)."""
    if request.endpoint != "moderation.sign_in":
        return error_response(err)
    page = render_template("moderation/sign_in.html", next=safe_next(),
                           name=request.form.get("name", "").strip(), error=err.message)
    return page, err.status, err.headers


@bp.post("/moderation/sign-out")
def sign_out():
    """End this browser's session and forget the cookie."""
    token = cookie.get(auth.COOKIE_KEY)
    if token:
        auth.end_session(get_session(), token)
        get_session().commit()
    cookie.clear()
    return redirect(url_for("moderation.sign_in"))


@bp.get("/moderation/")
@moderator_required
def queue():
    """List pending listings and revisions, oldest first, with how many wait."""
    filters = queue_filters(request.args, blank_is_none=True)
    total, items = queries.queue(get_session(), **filters)
    return render_template("moderation/queue.html", total=total, items=items, filters=filters,
                           kinds=KIND_LABELS, reasons=REASON_LABELS)


@bp.get("/moderation/listings/<int:provider_id>")
@moderator_required
def detail(provider_id):
    """Show every field of a listing, the change waiting, possible duplicates, its history."""
    return render_detail(provider_id)


@bp.post("/moderation/listings/<int:provider_id>/approve")
@moderator_required
def approve(provider_id):
    """Approve what the moderator reviewed; back to the queue."""
    session = get_session()
    service.approve(session, provider_id, g.moderator, seen_revision=seen_revision(),
                    link=profile_link(provider_id))
    session.commit()
    flash(_("Approved listing #%(id)s.", id=provider_id))
    return redirect(url_for("moderation.queue"))


@bp.post("/moderation/listings/<int:provider_id>/reject")
@moderator_required
def reject(provider_id):
    """Reject with the chosen reason and any details; back to the queue."""
    session = get_session()
    service.reject(session, provider_id, g.moderator, reason_from_form(request.form),
                   seen_revision=seen_revision())
    session.commit()
    flash(_("Rejected listing #%(id)s.", id=provider_id))
    return redirect(url_for("moderation.queue"))


@bp.post("/moderation/listings/<int:provider_id>/verification")
@moderator_required
def verify(provider_id):
    """Record a licence verification from the listing's page; back to the page."""
    session = get_session()
    verification.verifiable(session, provider_id)
    typed = {k: request.form[k] for k in verification.FIELDS if request.form.get(k)}
    checked = verification.clean_verification(typed, verification.today())
    verification.record(session, provider_id, g.moderator, checked)
    session.commit()
    flash(_("Recorded the licence verification of listing #%(id)s.", id=provider_id))
    return redirect(url_for("moderation.detail", provider_id=provider_id))


@bp.get("/moderation/reports/<int:report_id>")
@moderator_required
def report(report_id):
    """Show a report, the listing it concerns, and the ways to resolve it."""
    return render_report(report_id)


@bp.post("/moderation/reports/<int:report_id>/resolve")
@moderator_required
def resolve(report_id):
    """Resolve a report by editing the listing, hiding it, or dismissing the report."""
    session = get_session()
    reports.open_report(session, report_id)
    action = request.form.get("action", "")
    listing = None
    if action == "edit":
        listing = {k: request.form[k] for k in ("phone", "website") if k in request.form}
        address = {k: request.form[f"address.{k}"] for k in ("street", "city", "region",
                                                             "postcode")
                   if f"address.{k}" in request.form}
        if address:
            listing["address"] = address
    reason = reason_from_form(request.form) if action == "hide" else None
    result = reports.resolve(session, report_id, g.moderator, action, reason=reason,
                             listing=listing)
    session.commit()
    flash(RESOLVED[result["resolution"]] % {"id": report_id})
    return redirect(url_for("moderation.queue"))


@bp.errorhandler(ListingInvalid)
def decision_invalid(err):
    """Show the page again with the problem next to the field (JSON on the API)."""
    if request.path.startswith("/api/"):
        return error_response(err)
    if "report_id" in request.view_args:
        return render_report(request.view_args["report_id"], errors=err.fields,
                             typed=request.form), err.status
    return render_detail(request.view_args["provider_id"], errors=err.fields,
                         typed=request.form), err.status


def render_report(report_id: int, errors=None, typed=None):
    """Render one report's moderation page."""
    session = get_session()
    item = queries.report_detail(session, report_id)
    if item is None:
        raise NotFound(_("No report %(id)s.", id=report_id))
    listing = records.stored_values(session, item["provider_id"])
    return render_template("moderation/report.html", item=item, listing=listing,
                           details_max=DETAILS_MAX,
                           reasons=REASON_LABELS, hide_reasons=choices(HIDE_REASONS),
                           listing_statuses=LISTING_STATUS_LABELS,
                           report_statuses=REPORT_STATUS_LABELS, resolutions=RESOLUTION_LABELS,
                           errors=errors or {}, typed=typed or {})


def queue_filters(args, blank_is_none: bool = False) -> dict:
    """Read the queue's filters (``kind``, ``waited_days``, ``sort``), or refuse with 400.

    ``blank_is_none``: the page's form sends a filter left blank as an empty value.
    """
    if blank_is_none:
        args = {k: v for k, v in args.items() if v != ""}
    kind = args.get("kind")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(_("kind must be one of %(known)s.", known=", ".join(KINDS)),
                           field="kind")
    sort = args.get("sort", "waited")
    if sort not in SORTS:
        raise InvalidInput(_("sort must be one of %(known)s.", known=", ".join(SORTS)),
                           field="sort")
    raw = args.get("waited_days", "0")
    try:
        days = formats.whole(raw)
        if not 0 <= days <= MAX_WAITED_DAYS:
            raise ValueError
    except ValueError:
        raise InvalidInput(_("waited_days must be a whole number of days from 0 to "
                             "%(most)s.", most=MAX_WAITED_DAYS), field="waited_days") from None
    return {"kind": kind, "waited_days": days, "sort": sort}


def render_detail(provider_id: int, errors=None, typed=None):
    """Render one listing's moderation page."""
    session = get_session()
    listing = queries.listing_detail(session, provider_id)
    if listing is None:
        raise NotFound(_("No listing %(id)s.", id=provider_id))
    return render_template("moderation/detail.html", item=listing, reasons=choices(REASONS),
                           details_max=DETAILS_MAX,
                           history=events.history(session, provider_id),
                           errors=errors or {}, typed=typed or {},
                           statuses=STATUS_LABELS, report_reasons=REASON_LABELS,
                           listing_statuses=LISTING_STATUS_LABELS,
                           report_statuses=REPORT_STATUS_LABELS, resolutions=RESOLUTION_LABELS,
                           actions=EVENT_LABELS, limits=LIMITS, today=verification.today())


def choices(reasons) -> list[tuple[str, str]]:
    """Return each preset reason as sent (English) with what the moderator reads."""
    return [(reason, _(reason)) for reason in reasons]


def reason_from_form(form) -> str:
    """Join the preset reason picked and the details typed into one reason."""
    parts = [form.get("preset", "").strip(), form.get("details", "").strip()]
    return " ".join(p for p in parts if p)


def seen_revision():
    """Return the revision id the page showed ("" = none) for ``service`` to check.

    Not sent: ``MISSING``; not ASCII digits (``²``, 5,000 digits): the text as sent, which
    the service refuses with 400 once the listing's state allows a decision.
    """
    raw = request.form.get("revision")
    if raw is None:
        return service.MISSING
    if raw == "":
        return None
    try:
        return formats.whole(raw)
    except ValueError:
        return raw


def profile_link(provider_id: int) -> str:
    """Return the public profile's address (the id alone finds it)."""
    return f"{request.url_root}providers/{provider_id}"


def safe_next() -> str:
    """Return where to go after signing in: only somewhere under /moderation/.

    Printable ASCII only: a CR or LF would split the Location header (a 500 from Werkzeug).
    """
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if not SAFE_NEXT_RE.fullmatch(target) or parts.scheme or parts.netloc or \
            not parts.path.startswith("/moderation/"):
        return url_for("moderation.queue")
    return target
