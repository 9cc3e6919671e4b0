"""A visitor's report and a moderator's licence verification: their limits, declared once.

The report's and the verification's validators (``finder.reports.validate``,
``finder.moderation.verification``), the OpenAPI document and the forms' ``maxlength``
attributes read them from here.
"""
import datetime as dt
from typing import Literal

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from pydantic import Field

from finder.formats import EMAIL_LENGTH
from finder.formats import EMAIL_RE
from finder.formats import LOOKUP_URL_RE
from finder.formats import PLAIN_TEXT
from finder.formats import SOME_PLAIN_TEXT
from finder.schemas.listing import max_lengths

# What a moderator found in a licence registry (``Provider.verification_status``; the
# models' check constraint reads it from here).
VERIFICATION_STATUSES = ("active", "expired", "suspended", "revoked", "not-found")
# Why a visitor reports a listing (``Report.reason``); ``conduct`` is urgent.
REPORT_REASONS = ("wrong-contact", "closed-or-moved", "therapy-not-offered", "conduct", "other")
# A report is open until a moderator resolves it (``Report.status``).
REPORT_STATUSES = ("open", "closed")
# How a moderator may resolve a report, and the resolution each records
# (``Report.resolution``).
RESOLUTIONS = {"edit": "edited", "hide": "hidden", "dismiss": "dismissed"}

REASON_LABELS = {
    "wrong-contact": _l("Wrong phone number or address"),
    "closed-or-moved": _l("Closed or moved"),
    "therapy-not-offered": _l("Does not offer this therapy"),
    "conduct": _l("Licence or conduct concern"),
    "other": _l("Something else"),
}
# Reports a moderator should read first.
URGENT_REASONS = ("conduct",)
STATUS_LABELS = {"active": _l("Active, in good standing"), "expired": _l("Expired"),
                 "suspended": _l("Suspended"), "revoked": _l("Revoked"),
                 "not-found": _l("Not found")}


class ReportInput(BaseModel):
    """What a visitor says is wrong with a listing."""

    reason: Literal[REPORT_REASONS] = Field(description="; ".join(
        f"`{k}`: {v}" for k, v in REASON_LABELS.items()) + ". `conduct` is urgent.")
    details: str | None = Field(None, max_length=2000, pattern=PLAIN_TEXT,
                                description="What is wrong (trimmed).")
    email: str | None = Field(None, max_length=EMAIL_LENGTH,
                              pattern=f"^\\s*$|{EMAIL_RE.pattern}",
                              description="For a reply; only moderators see it (blank: none).")


class ReportReceipt(BaseModel):
    """A report, stored for a moderator to resolve."""

    id: int
    status: Literal["open"]
    message: str


class Confirmed(BaseModel):
    """A listing its provider confirmed is still right."""

    id: int
    last_confirmed: dt.date


class VerificationInput(BaseModel):
    """A licence verification as a moderator records it."""

    registry: str = Field(min_length=1, max_length=200, pattern=SOME_PLAIN_TEXT,
                          description="The registry checked, e.g. \"Medical Board of "
                                      "California\" (public).")
    lookup_url: str = Field(max_length=500, pattern=LOOKUP_URL_RE.pattern,
                            description="The registry page checked (private: it may name the "
                                        "licence number).")
    status: Literal[VERIFICATION_STATUSES] = Field(
        description="The licence status found (public).")
    checked_on: dt.date = Field(description="The day of the check, not after today.")
    expires_on: dt.date | None = Field(
        None, description="The licence's expiry, when the registry gives one; once past, the "
                          "listing shows it as expired and returns to the queue.")


LIMITS = max_lengths(ReportInput, VerificationInput)
assert set(REASON_LABELS) == set(REPORT_REASONS)
assert set(STATUS_LABELS) == set(VERIFICATION_STATUSES)
