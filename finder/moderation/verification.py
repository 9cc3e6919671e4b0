"""Licence verifications: what a moderator found in a licence registry, and when.

The registry, the status found, the date of the check and the licence's expiry are
public (``finder.providers.public.verification``); the lookup address the moderator
used stays private, since registries often put the licence number in it. Each
verification is also an event in the listing's append-only history.
"""
import datetime as dt
import logging
import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder import clock
from finder import formats
from finder.errors import Conflict
from finder.errors import ListingInvalid
from finder.errors import NotFound
from finder.formats import LOOKUP_URL_RE
from finder.i18n import gettext as _
from finder.listings import events
from finder.providers import fields as f
from finder.schemas.trust import LIMITS
from finder.schemas.trust import VERIFICATION_STATUSES

log = logging.getLogger(__name__)
VERIFIABLE = ("pending", "approved")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FIELDS = ("registry", "lookup_url", "status", "checked_on", "expires_on")


def _text(body, key, errors, required=True):
    value = body.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[key] = _("%(field)s is required", field=key)
        return None
    if not isinstance(value, str):
        errors[key] = _("%(field)s must be text", field=key)
    elif len(value) > LIMITS[key]:
        errors[key] = _("%(field)s must be at most %(limit)s characters", field=key,
                        limit=LIMITS[key])
    elif not formats.is_plain_text(value) or not f.is_unicode(value):
        errors[key] = _("%(field)s must be plain text: no control characters, no invalid "
                        "Unicode", field=key)
    else:
        return value.strip()
    return None


def _date(body, key, errors, required=True):
    value = body.get(key)
    if value is None:
        if required:
            errors[key] = _("%(field)s is required: a date such as 2026-11-30", field=key)
        return None
    try:
        if not isinstance(value, str) or not DATE_RE.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        errors[key] = _("%(field)s must be a date written YYYY-MM-DD, such as 2026-11-30",
                        field=key)
        return None


def clean_verification(body, today: dt.date) -> dict:
    """Check a verification as sent (JSON or the form), before anything is looked up.

    Raises:
        ListingInvalid: with a message for each field that is not acceptable.
    """
    if not isinstance(body, dict):
        raise ListingInvalid({"verification": _("verification must be an object")})
    errors = {}
    values = {"registry": _text(body, "registry", errors),
              "lookup_url": _text(body, "lookup_url", errors),
              "checked_on": _date(body, "checked_on", errors),
              "expires_on": _date(body, "expires_on", errors, required=False)}
    if values["lookup_url"] and not LOOKUP_URL_RE.match(values["lookup_url"]):
        errors["lookup_url"] = _("lookup_url must be the registry page's http(s) address, "
                                 "such as https://search.dca.ca.gov/")
    status = body.get("status")
    if status not in VERIFICATION_STATUSES:
        errors["status"] = _("status must be one of %(known)s",
                             known=", ".join(VERIFICATION_STATUSES))
    values["status"] = status
    if values["checked_on"] and values["checked_on"] > today:
        errors["checked_on"] = _("checked_on must not be after today (%(today)s)", today=today)
    if values["checked_on"] and values["expires_on"] and status == "active" and \
            values["expires_on"] < values["checked_on"]:
        errors["expires_on"] = _("expires_on must not be before checked_on for an active "
                                 "licence")
    if errors:
        raise ListingInvalid(errors)
    return values


def verifiable(session: Session, provider_id: int) -> str:
    """Lock a listing for a verification; return its status.

    Raises:
        NotFound: no such listing.
        Conflict: the listing was rejected, withdrawn or hidden.
    """
    status = session.scalar(text("SELECT status FROM providers WHERE id = :id FOR UPDATE"),
                            {"id": provider_id})
    if status is None:
        raise NotFound(_("No listing %(id)s.", id=provider_id), field="id")
    if status not in VERIFIABLE:
        raise Conflict(_("Listing %(id)s is %(status)s; only pending and approved listings "
                         "take a verification.", id=provider_id, status=status),
                       code="listing_closed")
    return status


def record(session: Session, provider_id: int, moderator, values: dict) -> dict:
    """Store a checked verification as the listing's current one, and in its history."""
    session.execute(text("""
        UPDATE providers SET verified_registry = :registry, verification_status = :status,
               verified_on = :checked_on, verification_expires = :expires_on
        WHERE id = :id"""), {**values, "id": provider_id})
    session.execute(text(
        "INSERT INTO provider_private (provider_id, verification_lookup_url) VALUES (:id, :url) "
        "ON CONFLICT (provider_id) DO UPDATE SET verification_lookup_url = EXCLUDED."
        "verification_lookup_url"), {"url": values["lookup_url"], "id": provider_id})
    shown = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}
    events.record(session, provider_id, "verified", moderator_id=moderator.id,
                  changes={"verification": shown})
    log.info("licence of listing %s verified by %s", provider_id, moderator.name)
    return shown


def today() -> dt.date:
    """Return the day a check may be dated at the latest."""
    return clock.today()
