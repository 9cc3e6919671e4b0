"""The moderation API in the OpenAPI document: the queue, one listing, decisions, history.

Every operation takes ``Authorization: Bearer <token>`` (``flask moderator token NAME``).
"""
from finder.schemas.trust import REPORT_REASONS
from finder.schemas.trust import VERIFICATION_STATUSES
from finder.moderation.queries import KINDS
from finder.moderation.queries import SORTS
from finder.moderation.service import REASON_MAX
from finder.moderation.verification import LOOKUP_URL_RE
from finder.moderation.views import MAX_WAITED_DAYS
from finder.openapi.common import query
from finder.schemas.trust import LIMITS as TRUST_LIMITS
from finder.openapi.common import error_responses
from finder.openapi.common import json_body
from finder.openapi.common import json_response
from finder.openapi.common import path
from finder.openapi.common import ref
from finder.formats import SOME_PLAIN_TEXT as SOME_TEXT
from finder.openapi.listings import LISTING_EXAMPLE
from finder.openapi.listings import MODELS as LISTING_SCHEMAS
from finder.schemas.listing import STATUSES

NULLABLE_TEXT = {"type": "string", "nullable": True}
# A listing's own fields as the listings part generates them, without its place.
VALUE_PROPERTIES = {k: v for k, v in LISTING_SCHEMAS["Listing"]["properties"].items()
                    if k not in ("address", "location")}
PRECISION = LISTING_SCHEMAS["ListingLocation"]["properties"]["precision"]
INT = {"type": "integer"}
NULLABLE_INT = {"type": "integer", "nullable": True}
TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
SECURITY = [{"bearerAuth": []}]
BEARER = {"type": "http", "scheme": "bearer",
          "description": "A moderator's API token, from `flask --app wsgi moderator token NAME`."}


def record(properties: dict, description: str) -> dict:
    """Return an object schema in which every property is required."""
    return {"type": "object", "required": list(properties), "properties": properties,
            "description": description}


ACCESS_WARNINGS = {"type": "array", "description":
                   "Therapies the listing offers that its own place does not allow (only "
                   "in clinical trials there, or no rule known): shown, never blocking; a "
                   "decision's event records the messages it was shown with.",
                   "items": record({
                       "modality": {"type": "string"},
                       "status": {"type": "string", "enum": ["trials-only", "unknown"]},
                       "message": {"type": "string"},
                       "jurisdiction": {"type": "string",
                                        "description": "where the listing is"},
                       "rule_jurisdiction": NULLABLE_TEXT}, "One warning.")}
QUEUE = record({"count": {**INT, "description": "how many wait in all"}, "items": {
    "type": "array", "items": record({
        "id": INT, "name": {"type": "string"},
        "kind": {"type": "string", "enum": list(KINDS),
                 "description": "listing: a new listing; revision: an edit of an approved one; "
                                "report: a visitor's report; verification_expired: the "
                                "licence's expiry date has passed; stale: not confirmed for "
                                "STALE_AFTER_DAYS"},
        "revision_id": NULLABLE_INT, "report_id": NULLABLE_INT,
        "reason": {**NULLABLE_TEXT, "description": "a report's reason"},
        "urgent": {"type": "boolean", "description": "a conduct concern: sorted first"},
        "open_reports": {**INT, "description": "open reports on the listing"},
        "waiting_since": TIME, "waited": {"type": "string", "description": "e.g. \"3 days\""},
        "last_confirmed": {**TIME, "nullable": True},
        "access_warnings": ACCESS_WARNINGS,
        "duplicate_of": {**NULLABLE_INT, "description": "an approved listing with the same "
                         "email and name: this one was sent again after it was approved"}},
        "One listing waiting.")}},
    "What waits for a moderator: urgent reports first, then oldest first (at most 200).")
RECORD = record({
    **VALUE_PROPERTIES, **{k: NULLABLE_TEXT for k in ("street", "city", "region", "postcode",
                                                      "country")},
    "lat": {"type": "number"}, "lon": {"type": "number"}, "location_precision": PRECISION},
    "Every field of a listing, flat, private ones included.")
CHANGE = {"type": "object", "required": ["from", "to"],
          "properties": {"from": {"nullable": True}, "to": {"nullable": True}}}
REVISION = {**record({"id": INT, "submitted_at": TIME, "submitter_ip": NULLABLE_TEXT,
                      "proposed": ref("ListingRecord"),
                      "changes": {"type": "object", "additionalProperties": CHANGE,
                                  "description": "field: {from, to} for each change"}},
                     "The edit waiting for a decision."), "nullable": True}
DUPLICATE = record({"id": INT, "name": {"type": "string"}, "status": {"type": "string"},
                    "city": NULLABLE_TEXT, "postcode": NULLABLE_TEXT, "country": NULLABLE_TEXT,
                    "same_email": {"type": "boolean"}, "metres": INT},
                   "Another listing with the same email, or a similar name within 1 km.")
DETAIL = record({
    "id": INT, "slug": {"type": "string"}, "status": {"type": "string", "enum": STATUSES},
    "source": {"type": "string"}, "created_at": TIME, "updated_at": TIME,
    "submitter_ip": NULLABLE_TEXT, "listing": ref("ListingRecord"),
    "location": record({"lat": {"type": "number"}, "lon": {"type": "number"},
                        "precision": PRECISION, "map_url": {"type": "string"}},
                       "Where the listing (or the waiting edit) is, with a map link."),
    "pending_revision": REVISION,
    "last_confirmed": {**TIME, "nullable": True}, "reminded_at": {**TIME, "nullable": True},
    "verification": {**record({"registry": {"type": "string"},
                               "status": {"type": "string", "enum": list(VERIFICATION_STATUSES)},
                               "checked_on": DATE, "expires_on": {**DATE, "nullable": True},
                               "lookup_url": {"type": "string"}},
                              "The latest licence verification, the private lookup address "
                              "included."), "nullable": True},
    "reports": {"type": "array", "items": {"$ref": "#/components/schemas/Report"}},
    "duplicates": {"type": "array", "items": DUPLICATE},
    "access_warnings": ACCESS_WARNINGS},
    "Everything a moderator needs to decide.")
REVISION_FIELD = {**NULLABLE_INT, "description": "The pending revision reviewed (null: none "
                  "was waiting); when it is no longer the pending one the answer is 409."}
VERIFICATION = {"type": "object", "required": ["registry", "lookup_url", "status", "checked_on"],
                "properties": {
    "registry": {"type": "string", "minLength": 1, "maxLength": TRUST_LIMITS["registry"],
                 "pattern": SOME_TEXT, "description": "The registry checked, e.g. \"Medical "
                                                      "Board of California\" (public)."},
    "lookup_url": {"type": "string", "maxLength": TRUST_LIMITS["lookup_url"],
                   "pattern": LOOKUP_URL_RE.pattern,
                   "description": "The registry page checked (private: it may name the "
                                  "licence number)."},
    "status": {"type": "string", "enum": list(VERIFICATION_STATUSES),
               "description": "The licence status found (public)."},
    "checked_on": {**DATE, "description": "The day of the check, not after today."},
    "expires_on": {**DATE, "nullable": True, "description": "The licence's expiry, when the "
                   "registry gives one; once past, the listing shows it as expired and "
                   "returns to the queue."}}}
APPROVE = {"type": "object", "required": ["revision"], "properties": {"revision": {
    **REVISION_FIELD, "description": REVISION_FIELD["description"] + " Required: an approval "
    "names what it approves, so an edit sent after the moderator looked is never published "
    "unseen."}, "verification": {**VERIFICATION, "nullable": True,
                                 "description": "A licence verification to record with it."}}}
VERIFIED = record({"id": INT, "verification": record({
    "registry": {"type": "string"}, "lookup_url": {"type": "string"},
    "status": {"type": "string", "enum": list(VERIFICATION_STATUSES)}, "checked_on": DATE,
    "expires_on": {**DATE, "nullable": True}}, "What was recorded.")}, "Recorded.")
REPORT = record({
    "id": INT, "provider_id": INT, "listing_name": {"type": "string"},
    "listing_status": {"type": "string", "enum": STATUSES},
    "reason": {"type": "string", "enum": list(REPORT_REASONS)}, "urgent": {"type": "boolean"},
    "details": NULLABLE_TEXT, "email": {**NULLABLE_TEXT, "description": "private"},
    "submitter_ip": NULLABLE_TEXT, "status": {"type": "string", "enum": ["open", "closed"]},
    "resolution": {"type": "string", "enum": ["edited", "hidden", "dismissed", None],
                   "nullable": True},
    "created_at": TIME, "resolved_at": {**TIME, "nullable": True}, "moderator": NULLABLE_TEXT,
    "open_reports": INT}, "A visitor's report, private fields included.")
RESOLVE = {"type": "object", "required": ["action"], "properties": {
    "action": {"type": "string", "enum": ["edit", "hide", "dismiss"],
               "description": "edit: correct the live listing with `listing`; hide: take it "
                              "down (a `reason` is required, the provider is told, every open "
                              "report on it closes); dismiss: leave it as it is."},
    "reason": {"type": "string", "nullable": True, "minLength": 1, "maxLength": REASON_MAX,
               "pattern": SOME_TEXT, "description": "Why (required to hide)."},
    "listing": {"type": "object", "nullable": True,
                "description": "For edit: the fields to change, in a listing's shape "
                               "(`phone`, `website`, `address`: {...}, ...)."}}}
RESOLVED = record({"id": INT, "provider_id": INT, "status": {"type": "string", "enum": ["closed"]},
                   "resolution": {"type": "string", "enum": ["edited", "hidden", "dismissed"]},
                   "listing_status": {"type": "string", "enum": STATUSES}},
                  "What the resolution did.")
REJECT = {"type": "object", "required": ["reason"], "properties": {
    "reason": {"type": "string", "minLength": 1, "maxLength": REASON_MAX, "pattern": SOME_TEXT,
               "description": "Why, for the provider (trimmed; no NUL characters)."},
    "revision": REVISION_FIELD}}
DECISION = record({"id": INT, "action": {"type": "string", "enum": ["approved", "rejected"]},
                   "status": {"type": "string", "enum": STATUSES,
                              "description": "the listing's status afterwards"},
                   "revision": {**NULLABLE_INT, "description": "the revision decided"}},
                  "What the decision did.")
EVENTS = record({"id": INT, "events": {"type": "array", "items": record({
    "id": INT, "action": {"type": "string", "description": "submitted, edited, approved, ..."},
    "created_at": TIME, "moderator": NULLABLE_TEXT, "reason": NULLABLE_TEXT,
    "changes": {"type": "object", "nullable": True}}, "One event.")}},
    "A listing's history, oldest first.")
SCHEMAS = {"ModerationQueue": QUEUE, "ListingRecord": RECORD, "ModerationListing": DETAIL,
           "ApproveInput": APPROVE, "RejectInput": REJECT, "Decision": DECISION,
           "ModerationEvents": EVENTS, "VerificationInput": VERIFICATION,
           "Verified": VERIFIED, "Report": REPORT, "ResolveInput": RESOLVE,
           "Resolution": RESOLVED}

WHEN = "2026-03-02T09:14:07.512904+00:00"
QUEUE_EXAMPLE = {"count": 2, "items": [
    {"id": 2310, "name": "Dr. Jane Rivera", "kind": "report", "revision_id": None,
     "report_id": 41, "reason": "conduct", "urgent": True, "open_reports": 1,
     "waiting_since": WHEN, "waited": "2 hours", "last_confirmed": WHEN,
     "access_warnings": [], "duplicate_of": None},
    {"id": 2312, "name": "Lone Star Psilocybin", "kind": "listing", "revision_id": None,
     "report_id": None, "reason": None, "urgent": False, "open_reports": 0,
     "waiting_since": WHEN, "waited": "3 days", "last_confirmed": None, "access_warnings": [{
         "modality": "psilocybin", "status": "trials-only",
         "message": "Psilocybin therapy is only available in clinical trials in Texas: check "
                    "that this is a trial site or offers integration only.",
         "jurisdiction": "Texas, United States", "rule_jurisdiction": "US"}],
     "duplicate_of": None}]}
RECORD_EXAMPLE = {**{k: v for k, v in LISTING_EXAMPLE.items() if k not in ("address",
                                                                           "location")},
                  **LISTING_EXAMPLE["address"], "lat": 39.7508, "lon": -104.9966,
                  "location_precision": "postcode"}
DETAIL_EXAMPLE = {
    "id": 2310, "slug": "2310-dr-jane-rivera", "status": "approved", "source": "listing",
    "created_at": WHEN, "updated_at": WHEN, "submitter_ip": "203.0.113.7",
    "listing": RECORD_EXAMPLE,
    "location": {"lat": 39.7508, "lon": -104.9966, "precision": "postcode",
                 "map_url": "https://www.openstreetmap.org/?mlat=39.7508&mlon=-104.9966"
                            "#map=16/39.7508/-104.9966"},
    "pending_revision": {
        "id": 88, "submitted_at": WHEN, "submitter_ip": "203.0.113.7",
        "proposed": {**RECORD_EXAMPLE, "phone": "+1 303-555-0199"},
        "changes": {"phone": {"from": "+1 303-555-0100", "to": "+1 303-555-0199"}}},
    "last_confirmed": WHEN, "reminded_at": None,
    "verification": {"registry": "Colorado Medical Board", "status": "active",
                     "checked_on": "2026-03-01", "expires_on": "2028-04-30",
                     "lookup_url": "https://apps.colorado.gov/dora/licensing/Lookup"},
    "reports": [],
    "duplicates": [{"id": 1877, "name": "Jane Rivera MD", "status": "approved",
                    "city": "Denver", "postcode": "80202", "country": "US",
                    "same_email": True, "metres": 140}],
    "access_warnings": []}
DECISION_EXAMPLE = {"id": 2310, "action": "approved", "status": "approved", "revision": None}
REJECTED_EXAMPLE = {"id": 2310, "action": "rejected", "status": "rejected", "revision": None}
EVENTS_EXAMPLE = {"id": 2310, "events": [
    {"id": 5120, "action": "submitted", "created_at": WHEN, "moderator": None, "reason": None,
     "changes": {"status": [None, "pending"]}},
    {"id": 5134, "action": "approved", "created_at": WHEN, "moderator": "alice", "reason": None,
     "changes": {"status": ["pending", "approved"]}}]}
REPORT_EXAMPLE = {"id": 41, "provider_id": 2310, "listing_name": "Dr. Jane Rivera",
                  "listing_status": "approved", "reason": "wrong-contact", "urgent": False,
                  "details": "The phone number is no longer in service.",
                  "email": "visitor@example.org", "submitter_ip": "198.51.100.4",
                  "status": "open", "resolution": None, "created_at": WHEN,
                  "resolved_at": None, "moderator": None, "open_reports": 1}
VERIFICATION_EXAMPLE = {"registry": "Colorado Medical Board",
                        "lookup_url": "https://apps.colorado.gov/dora/licensing/Lookup",
                        "status": "active", "checked_on": "2026-03-01",
                        "expires_on": "2028-04-30"}
REPORT_ID = path("report_id", "The report's id.", {"type": "integer", "minimum": 1}, 41)
QUEUE_PARAMETERS = [
    query("kind", "Only items of this kind.", {"type": "string", "enum": list(KINDS)}),
    query("waited_days", "Only items that have waited at least this many days.",
          {"type": "integer", "minimum": 0, "maximum": MAX_WAITED_DAYS}),
    query("sort", "waited: urgent first, then oldest; last_confirmed: least recently "
                  "confirmed first.", {"type": "string", "enum": list(SORTS)})]
PROVIDER_ID = path("provider_id", "The listing's id.", {"type": "integer", "minimum": 1}, 2310)
NO_LISTING = {"404": "No listing has this id."}
DECIDE_409 = {**NO_LISTING,
              "409": "Nothing is waiting for a decision any more (`already_decided`, checked "
                     "with 404 before the body is read), or the listing changed since "
                     "`revision` was reviewed (`listing_changed`).",
              "400": "The body is not a JSON object, or `revision` is missing (approve) or "
                     "not a revision id or null."}


def operation(operation_id: str, summary: str, ok: dict, errors: tuple, notes=None,
              **extra) -> dict:
    """Return a moderation operation: bearer-authenticated, with its errors."""
    return {"operationId": operation_id, "summary": summary, "tags": ["moderation"],
            "security": SECURITY, **extra,
            "responses": {"200": ok, **error_responses("401", *errors, notes=notes)}}


def paths() -> dict:
    """Describe the moderation API."""
    listing = "/moderation/listings/{provider_id}"
    return {
        "/moderation/queue": {"get": operation(
            "moderationQueue", "Listings and edits waiting for a decision, oldest first",
            json_response("How many wait, and the oldest of them.", "ModerationQueue",
                          QUEUE_EXAMPLE), ("400", "503"), parameters=QUEUE_PARAMETERS)},
        f"{listing}/verification": {"post": operation(
            "verifyListing", "Record a licence verification of a pending or approved listing",
            json_response("Recorded.", "Verified", {"id": 2310,
                                                    "verification": VERIFICATION_EXAMPLE}),
            ("400", "404", "409", "413", "422", "503"), {
                **NO_LISTING, "409": "The listing was rejected, withdrawn or hidden "
                                     "(`listing_closed`, before the body is read)."},
            parameters=[PROVIDER_ID],
            requestBody=json_body("VerificationInput", "What was found.", True,
                                  VERIFICATION_EXAMPLE))},
        "/moderation/reports/{report_id}": {"get": operation(
            "moderationReport", "One report, private fields included",
            json_response("The report.", "Report", REPORT_EXAMPLE), ("404", "503"),
            {"404": "No report has this id."}, parameters=[REPORT_ID])},
        "/moderation/reports/{report_id}/resolve": {"post": operation(
            "resolveReport", "Resolve a report: edit the listing, hide it, or dismiss",
            json_response("Resolved.", "Resolution", {
                "id": 41, "provider_id": 2310, "status": "closed", "resolution": "hidden",
                "listing_status": "hidden"}),
            ("400", "404", "409", "413", "422", "503"), {
                "404": "No report has this id.",
                "409": "The report was resolved already (`already_resolved`, before the "
                       "body is read), or the listing is no longer approved "
                       "(`listing_closed`).",
                "400": "The body is not a JSON object, or `action` is not one of edit, "
                       "hide, dismiss.",
                "422": "The reason is missing (to hide) or not acceptable, or the edited "
                       "fields are not."},
            parameters=[REPORT_ID],
            requestBody=json_body("ResolveInput", "How.", True,
                                  {"action": "hide",
                                   "reason": "The practice has closed."}))},
        listing: {"get": operation(
            "moderationListing", "One listing in full, with its pending edit and duplicates",
            json_response("The listing.", "ModerationListing", DETAIL_EXAMPLE), ("404", "503"),
            NO_LISTING, parameters=[PROVIDER_ID])},
        f"{listing}/approve": {"post": operation(
            "approveListing", "Approve what is pending: the listing and/or its edit",
            json_response("Approved.", "Decision", DECISION_EXAMPLE),
            ("400", "404", "409", "413", "422", "503"), {
                **DECIDE_409, "422": "The `verification` sent with it is not acceptable: "
                                     "nothing is decided."}, parameters=[PROVIDER_ID],
            requestBody=json_body("ApproveInput", "The revision reviewed.", True,
                                  {"revision": None}))},
        f"{listing}/reject": {"post": operation(
            "rejectListing", "Reject what is pending, with a reason the provider is told",
            json_response("Rejected.", "Decision", REJECTED_EXAMPLE),
            ("400", "404", "409", "413", "422", "503"), DECIDE_409, parameters=[PROVIDER_ID],
            requestBody=json_body("RejectInput", "Why.", True,
                                  {"reason": "Please give the address of the practice."}))},
        f"{listing}/events": {"get": operation(
            "listingEvents", "A listing's history: submissions, edits and decisions",
            json_response("Every event, oldest first.", "ModerationEvents", EVENTS_EXAMPLE),
            ("404", "503"), NO_LISTING, parameters=[PROVIDER_ID])},
    }
