"""The moderation API in the OpenAPI document: the queue, one listing, decisions, history.

Every operation takes ``Authorization: Bearer <token>`` (``flask moderator token NAME``).
"""
from finder.moderation.service import REASON_MAX
from finder.openapi.common import error_responses
from finder.openapi.common import json_body
from finder.openapi.common import json_response
from finder.openapi.common import path
from finder.openapi.common import ref
from finder.openapi.listings import LISTING_EXAMPLE
from finder.openapi.listings import NULLABLE_TEXT
from finder.openapi.listings import PRECISION
from finder.openapi.listings import SOME_TEXT
from finder.openapi.listings import STATUSES
from finder.openapi.listings import VALUE_PROPERTIES

INT = {"type": "integer"}
NULLABLE_INT = {"type": "integer", "nullable": True}
TIME = {"type": "string", "format": "date-time"}
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
        "kind": {"type": "string", "enum": ["listing", "revision"],
                 "description": "listing: a new listing; revision: an edit of an approved one"},
        "revision_id": NULLABLE_INT, "waiting_since": TIME,
        "access_warnings": ACCESS_WARNINGS,
        "duplicate_of": {**NULLABLE_INT, "description": "an approved listing with the same "
                         "email and name: this one was sent again after it was approved"}},
        "One listing waiting.")}},
    "What waits for a decision, oldest first (at most 200).")
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
    "duplicates": {"type": "array", "items": DUPLICATE},
    "access_warnings": ACCESS_WARNINGS},
    "Everything a moderator needs to decide.")
REVISION_FIELD = {**NULLABLE_INT, "description": "The pending revision reviewed (null: none "
                  "was waiting); when it is no longer the pending one the answer is 409."}
APPROVE = {"type": "object", "required": ["revision"], "properties": {"revision": {
    **REVISION_FIELD, "description": REVISION_FIELD["description"] + " Required: an approval "
    "names what it approves, so an edit sent after the moderator looked is never published "
    "unseen."}}}
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
           "ModerationEvents": EVENTS}

WHEN = "2026-03-02T09:14:07.512904+00:00"
QUEUE_EXAMPLE = {"count": 2, "items": [
    {"id": 2310, "name": "Dr. Jane Rivera", "kind": "listing", "revision_id": None,
     "waiting_since": WHEN, "access_warnings": [], "duplicate_of": None},
    {"id": 2312, "name": "Lone Star Psilocybin", "kind": "listing", "revision_id": None,
     "waiting_since": WHEN, "access_warnings": [{
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
                          QUEUE_EXAMPLE), ("503",))},
        listing: {"get": operation(
            "moderationListing", "One listing in full, with its pending edit and duplicates",
            json_response("The listing.", "ModerationListing", DETAIL_EXAMPLE), ("404", "503"),
            NO_LISTING, parameters=[PROVIDER_ID])},
        f"{listing}/approve": {"post": operation(
            "approveListing", "Approve what is pending: the listing and/or its edit",
            json_response("Approved.", "Decision", DECISION_EXAMPLE),
            ("400", "404", "409", "413", "503"), DECIDE_409, parameters=[PROVIDER_ID],
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
