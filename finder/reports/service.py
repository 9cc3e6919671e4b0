"""A visitor's report: checked, then stored (with the listing's history) before the thanks.

Reports are about public listings only; a moderator resolves them in
``finder.moderation.reports``. The reporter's email and address stay private.
"""
import logging
from dataclasses import dataclass

from flask_babel import force_locale
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.errors import ListingInvalid
from finder.errors import NotFound
from finder.i18n import gettext as _
from finder.listings import events
from finder.models import OutboxMessage
from finder.models import Report
from finder.providers import fields as f
from finder.providers.public import hidden_sources
from finder.schemas.trust import LIMITS
from finder.schemas.trust import REASON_LABELS
from finder.schemas.trust import REPORT_REASONS
from finder.schemas.trust import URGENT_REASONS

log = logging.getLogger(__name__)
HONEYPOT = "homepage"   # as on the listing form: people never see it


@dataclass(frozen=True)
class ReportValues:
    """A checked report."""

    reason: str
    details: str | None
    email: str | None


def english(words) -> str:
    """Return lazily translated words in English: the moderators' digest is English."""
    with force_locale("en"):
        return str(words)


def validate_report(body: dict) -> ReportValues:
    """Check a report's fields (no lookup, no write).

    Raises:
        ListingInvalid: with a message for each field that is not acceptable.
    """
    errors, values = {}, {}
    reason = body.get("reason")
    if reason is None or (isinstance(reason, str) and not reason.strip()):
        errors["reason"] = _("Reason is required: choose what is wrong with the listing.")
    elif not isinstance(reason, str) or reason.strip() not in REPORT_REASONS:
        errors["reason"] = _("Reason must be one of %(known)s.", known=", ".join(REPORT_REASONS))
    else:
        values["reason"] = reason.strip()
    for key, clean in (("details", lambda v: f.clean_text("details", v)),
                       ("email", f.clean_email)):
        value = body.get(key)
        if isinstance(value, str) and len(value) > LIMITS[key]:
            errors[key] = f"{key.capitalize()} must be at most {LIMITS[key]} characters"
            continue
        try:
            values[key] = clean(value)
        except f.FieldError as err:
            errors[key] = f"{key.capitalize()} {err}"
    if errors:
        raise ListingInvalid(errors)
    return ReportValues(values["reason"], values["details"], values["email"])


def honeypot_filled(body: dict) -> bool:
    """Tell whether the field only bots fill has something in it."""
    value = body.get(HONEYPOT)
    return bool(value.strip() if isinstance(value, str) else value)


def reportable(session: Session, provider_id: int, config) -> str:
    """Return the name of the public listing ``provider_id``, the one a report may concern.

    Raises:
        NotFound: no approved, public provider has this id.
    """
    name = None
    if 0 < provider_id < 2**63:
        name = session.scalar(text(
            "SELECT name FROM providers WHERE id = :id AND status = 'approved' "
            "AND source <> ALL(CAST(:hidden AS text[]))"),
            {"id": provider_id, "hidden": list(hidden_sources(config))})
    if name is None:
        raise NotFound(_("No provider %(id)s is listed.", id=provider_id), field="id")
    return name


def submit_report(session: Session, provider_id: int, name: str, report: ReportValues,
                  submitter_ip: str | None) -> int:
    """Store a report, its event in the listing's history and a line for the digest."""
    row = Report(provider_id=provider_id, reason=report.reason, details=report.details,
                 email=report.email, submitter_ip=submitter_ip)
    session.add(row)
    session.flush()
    events.record(session, provider_id, "reported",
                  changes={"report": row.id, "reason": report.reason})
    urgent = "URGENT: " if report.reason in URGENT_REASONS else ""
    session.add(OutboxMessage(kind="digest", provider_id=provider_id, subject="digest", body=(
        f"{urgent}Listing #{provider_id} {name!r} was reported: "
        f"{english(REASON_LABELS[report.reason])} (report #{row.id}).")))
    log.info("report %s on listing %s", row.id, provider_id)
    return row.id
