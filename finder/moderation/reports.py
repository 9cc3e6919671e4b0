"""Resolving a visitor's report: edit the listing, hide it (with a reason), or dismiss.

Every resolution is an event in the listing's append-only history. Hiding takes the
listing out of everything public at once (status ``hidden``), closes every open report
on it and tells the provider why through the outbox. Existence (404) and state (409)
come before anything sent with the resolution is read.
"""
import logging

from sqlalchemy import func
from sqlalchemy import text
from sqlalchemy import update
from sqlalchemy.orm import Session

from finder.errors import Conflict
from finder.errors import InvalidInput
from finder.errors import ListingInvalid
from finder.errors import NotFound
from finder.i18n import gettext as _
from finder.listings import events
from finder.listings import records
from finder.listings import validate
from finder.models import Provider
from finder.moderation.service import clean_reason
from finder.notifications.outbox import notify
from finder.schemas.trust import RESOLUTIONS

log = logging.getLogger(__name__)
ACTIONS = tuple(RESOLUTIONS)
NO_EMAIL = "nobody@example.invalid"
# What a moderator may correct from a report: every public field of the listing.
EDITABLE = ("name", "credentials", "practice_name", "provider_type", "phone", "website",
            "modalities", "telehealth", "accepting_new_clients", "languages", "bio", "address")


def open_report(session: Session, report_id: int):
    """Lock and return an open report with its listing's status.

    Raises:
        NotFound: no such report.
        Conflict: the report was resolved already.
    """
    row = session.execute(text(
        "SELECT r.id, r.provider_id, r.reason, r.status, p.status AS listing_status "
        "FROM reports r JOIN providers p ON p.id = r.provider_id "
        "WHERE r.id = :id FOR UPDATE OF r, p"), {"id": report_id}).first()
    if row is None:
        raise NotFound(_("No report %(id)s.", id=report_id), field="id")
    if row.status != "open":
        raise Conflict(_("Report %(id)s was resolved already.", id=report_id),
                       code="already_resolved")
    return row


def resolve(session: Session, report_id: int, moderator, action, *, reason=None,
            listing=None) -> dict:
    """Resolve an open report.

    Args:
        action: ``edit`` (with ``listing``: the fields to change, in the API's shape),
            ``hide`` (with ``reason``, which the provider is told) or ``dismiss``.

    Raises:
        NotFound, Conflict: as for ``open_report``; Conflict also when the listing is
            no longer public and the action needs it to be.
        InvalidInput: ``action`` is not one of ``ACTIONS``.
        ListingInvalid: the reason or the edited fields are not acceptable.
    """
    report = open_report(session, report_id)
    if action not in ACTIONS:
        raise InvalidInput(_("action must be one of %(known)s.", known=", ".join(ACTIONS)),
                           field="action")
    if action in ("edit", "hide") and report.listing_status != "approved":
        raise Conflict(_("Listing %(id)s is %(status)s; only an approved listing can be "
                         "edited or hidden.", id=report.provider_id,
                         status=report.listing_status), code="listing_closed")
    if listing is not None and not isinstance(listing, dict):
        raise ListingInvalid({"listing": _("listing must be an object with the fields to "
                                              "change")})
    note = None
    if action == "hide" or reason is not None:   # elsewhere an optional note, checked alike
        note = clean_reason(reason)
    changes = {"report": report_id}
    if action == "edit":
        changes["fields"] = _edit(session, report.provider_id, listing)
    closed = _close(session, report, RESOLUTIONS[action], moderator.id)
    if action == "hide":
        changes.update(status=["approved", "hidden"], reports=closed)
        _hide(session, report.provider_id, note, moderator)
    events.record(session, report.provider_id, f"report_{RESOLUTIONS[action]}",
                  moderator_id=moderator.id, reason=note, changes=changes)
    log.info("report %s %s by %s", report_id, RESOLUTIONS[action], moderator.name)
    return {"id": report_id, "provider_id": report.provider_id, "status": "closed",
            "resolution": RESOLUTIONS[action], "listing_status":
            "hidden" if action == "hide" else report.listing_status}


def _close(session, report, resolution, moderator_id) -> list[int]:
    """Close the report (when hiding, every open report on the listing); return their ids."""
    which = "provider_id = :provider_id" if resolution == "hidden" else "id = :id"
    return list(session.scalars(text(
        f"UPDATE reports SET status = 'closed', resolution = :resolution, resolved_at = now(), "
        f"moderator_id = :moderator WHERE {which} AND status = 'open' RETURNING id"),
        {"id": report.id, "provider_id": report.provider_id, "resolution": resolution,
         "moderator": moderator_id}))


def _hide(session, provider_id, reason, moderator) -> None:
    session.execute(update(Provider).where(Provider.id == provider_id,
                                           Provider.status == "approved")
                    .values(status="hidden", updated_at=func.now())
                    .execution_options(synchronize_session=False))
    values = records.stored_values(session, provider_id)
    notify(session, "hidden", provider_id, values["name"], values["email"], reason=reason,
           moderator=moderator.name)


def _edit(session, provider_id, listing) -> dict:
    """Apply a moderator's correction to the live listing; return what changed."""
    if not isinstance(listing, dict) or not listing:
        raise ListingInvalid({"listing": _("listing must be an object with the fields to "
                                              "change")})
    unknown = sorted(set(listing) - set(EDITABLE))
    if unknown:
        raise ListingInvalid({"listing": _("listing cannot change %(fields)s; it takes "
                                           "%(known)s", fields=", ".join(unknown),
                                           known=", ".join(EDITABLE))})
    current = records.stored_values(session, provider_id)
    nested = validate.as_nested(current)
    if current["location_precision"] != "exact" or "address" in listing:
        nested.pop("location")   # the postcode places it (again)
    address = listing.get("address")
    merged = {**nested, **{k: v for k, v in listing.items() if k != "address"}}
    if address is not None:
        merged["address"] = {**nested["address"], **address} if isinstance(address, dict) \
            else address
    # Imported providers have no email on file; the rule that a listing names one is the
    # submitter's, so a stand-in passes it and the stored value (none) is kept.
    merged["email"] = current["email"] or NO_EMAIL
    checked = validate.validate_listing(session, validate.flatten(merged)).as_dict()
    checked["email"] = current["email"]
    changes = records.diff(current, checked)
    if not changes:
        raise ListingInvalid({"listing": _("listing changes nothing; dismiss the report "
                                              "instead")})
    records.write_values(session, provider_id, checked)
    return changes
