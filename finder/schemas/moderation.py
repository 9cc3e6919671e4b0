"""What the moderation API takes and answers: the queue, one listing, decisions, history.

The queue's filters (``finder.moderation.views.queue_filters``), the decisions' checks
(``finder.moderation.service``) and the OpenAPI document read their vocabularies and
limits from here.
"""
import datetime as dt
from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from finder.formats import BIGINT_MAX
from finder.formats import SOME_PLAIN_TEXT
from finder.schemas.listing import ListingLocation
from finder.schemas.listing import ListingValues
from finder.schemas.listing import Precision
from finder.schemas.listing import Status
from finder.schemas.trust import REPORT_REASONS
from finder.schemas.trust import REPORT_STATUSES
from finder.schemas.trust import RESOLUTIONS
from finder.schemas.trust import VERIFICATION_STATUSES
from finder.schemas.trust import VerificationInput

# What waits in the queue, and the orders it can be read in.
KINDS = ("listing", "revision", "report", "verification_expired", "stale")
SORTS = ("waited", "last_confirmed")
MAX_WAITED_DAYS = 3650
# A rejection's or a hiding's reason, for the provider.
REASON_MAX = 1000
# The moderation forms' details, joined to the reason chosen from the list (each under 200
# characters) within REASON_MAX.
DETAILS_MAX = 800
# The access statuses a moderator is warned about: the therapy is not offered where the
# listing is (``finder.access.rules.NOT_OFFERED`` reads them from here).
WARNED_STATUSES = ("trials-only", "unknown")
Resolved = Literal[tuple(RESOLUTIONS.values())]


class QueueQuery(BaseModel):
    """``GET /api/v1/moderation/queue``'s query."""

    kind: Literal[KINDS] | SkipJsonSchema[None] = Field(
        None, description="Only items of this kind.")
    waited_days: int = Field(0, ge=0, le=MAX_WAITED_DAYS,
                             description="Only items that have waited at least this many days.")
    sort: Literal[SORTS] = Field("waited", description="waited: urgent first, then oldest; "
                                                       "last_confirmed: least recently "
                                                       "confirmed first.")


class AccessWarning(BaseModel):
    """One warning."""

    modality: str
    status: Literal[WARNED_STATUSES]
    message: str
    jurisdiction: str = Field(description="where the listing is")
    rule_jurisdiction: str | None


WARNINGS = ("Therapies the listing offers that its own place does not allow (only in "
            "clinical trials there, or no rule known): shown, never blocking; a decision's "
            "event records the messages it was shown with.")


class QueueItem(BaseModel):
    """One listing waiting."""

    id: int
    name: str
    kind: Literal[KINDS] = Field(description="listing: a new listing; revision: an edit of an "
                                             "approved one; report: a visitor's report; "
                                             "verification_expired: the licence's expiry date "
                                             "has passed; stale: not confirmed for "
                                             "STALE_AFTER_DAYS")
    revision_id: int | None
    report_id: int | None
    reason: str | None = Field(description="a report's reason")
    urgent: bool = Field(description="a conduct concern: sorted first")
    open_reports: int = Field(description="open reports on the listing")
    waiting_since: dt.datetime
    waited: str = Field(description="e.g. \"3 days\"")
    last_confirmed: dt.datetime | None
    access_warnings: list[AccessWarning] = Field(description=WARNINGS)
    duplicate_of: int | None = Field(description="an approved listing with the same email and "
                                                 "name: this one was sent again after it was "
                                                 "approved")


class ModerationQueue(BaseModel):
    """What waits for a moderator: urgent reports first, then oldest first (at most 200)."""

    count: int = Field(description="how many wait in all")
    items: list[QueueItem]


class ListingRecord(ListingValues):
    """Every field of a listing, flat, private ones included."""

    # Unknown (null) where an imported provider's source does not say.
    accepting_new_clients: bool | None
    street: str | None
    city: str | None
    region: str | None
    postcode: str | None
    country: str | None
    lat: float
    lon: float
    location_precision: Precision


class FieldChange(BaseModel):
    """A field's value before and after."""

    from_: Any = Field(alias="from")
    to: Any


class PendingRevision(BaseModel):
    """The edit waiting for a decision."""

    id: int
    submitted_at: dt.datetime
    submitter_ip: str | None
    proposed: ListingRecord
    changes: dict[str, FieldChange] = Field(description="field: {from, to} for each change")


class MapLocation(ListingLocation):
    """Where the listing (or the waiting edit) is, with a map link."""

    map_url: str


class RecordedVerification(BaseModel):
    """A licence verification as recorded, the private lookup address included."""

    registry: str
    status: Literal[VERIFICATION_STATUSES]
    checked_on: dt.date
    expires_on: dt.date | None
    lookup_url: str


class Report(BaseModel):
    """A visitor's report, private fields included."""

    id: int
    provider_id: int
    listing_name: str
    listing_status: Status
    reason: Literal[REPORT_REASONS]
    urgent: bool
    details: str | None
    email: str | None = Field(description="private")
    submitter_ip: str | None
    status: Literal[REPORT_STATUSES]
    resolution: Resolved | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None
    moderator: str | None
    open_reports: int


class PossibleDuplicate(BaseModel):
    """Another listing with the same email, or a similar name within 1 km."""

    id: int
    name: str
    status: str
    city: str | None
    postcode: str | None
    country: str | None
    same_email: bool
    metres: int


class ModerationListing(BaseModel):
    """Everything a moderator needs to decide."""

    id: int
    slug: str
    status: Status
    source: str
    created_at: dt.datetime
    updated_at: dt.datetime
    submitter_ip: str | None
    listing: ListingRecord
    location: MapLocation
    pending_revision: PendingRevision | None
    last_confirmed: dt.datetime | None
    reminded_at: dt.datetime | None
    verification: RecordedVerification | None = Field(
        description="The latest licence verification, the private lookup address included.")
    reports: list[Report]
    duplicates: list[PossibleDuplicate]
    access_warnings: list[AccessWarning] = Field(description=WARNINGS)


REVIEWED = ("The pending revision reviewed (null: none was waiting); when it is no longer "
            "the pending one the answer is 409.")


class ApproveInput(BaseModel):
    """An approval, naming the revision reviewed."""

    revision: int | None = Field(ge=1, le=BIGINT_MAX, description=REVIEWED + " Required: an "
                                 "approval names what it approves, so an edit sent after the "
                                 "moderator looked is never published unseen.")
    verification: VerificationInput | None = Field(
        None, description="A licence verification to record with it.")


class RejectInput(BaseModel):
    """A rejection, with the reason the provider is told."""

    reason: str = Field(min_length=1, max_length=REASON_MAX, pattern=SOME_PLAIN_TEXT,
                        description="Why, for the provider (trimmed; no NUL characters).")
    revision: int | None = Field(None, ge=1, le=BIGINT_MAX, description=REVIEWED)


class Decision(BaseModel):
    """What the decision did."""

    id: int
    action: Literal["approved", "rejected"]
    status: Status = Field(description="the listing's status afterwards")
    revision: int | None = Field(description="the revision decided")


class ModerationEvent(BaseModel):
    """One event."""

    id: int
    action: str = Field(description="submitted, edited, approved, ...")
    created_at: dt.datetime
    moderator: str | None
    reason: str | None
    changes: dict[str, Any] | None


class ModerationEvents(BaseModel):
    """A listing's history, oldest first."""

    id: int
    events: list[ModerationEvent]


class Verified(BaseModel):
    """Recorded."""

    id: int
    verification: RecordedVerification = Field(description="What was recorded.")


class ResolveInput(BaseModel):
    """How a moderator resolves a report."""

    action: Literal[tuple(RESOLUTIONS)] = Field(
        description="edit: correct the live listing with `listing`; hide: take it down (a "
                    "`reason` is required, the provider is told, every open report on it "
                    "closes); dismiss: leave it as it is.")
    reason: str | None = Field(None, min_length=1, max_length=REASON_MAX,
                               pattern=SOME_PLAIN_TEXT, description="Why (required to hide).")
    listing: dict[str, Any] | None = Field(
        None, description="For edit: the fields to change, in a listing's shape (`phone`, "
                          "`website`, `address`: {...}, ...).")


class Resolution(BaseModel):
    """What the resolution did."""

    id: int
    provider_id: int
    status: Literal["closed"]
    resolution: Resolved
    listing_status: Status
