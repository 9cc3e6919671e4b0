"""The moderation API in the OpenAPI document: the queue, one listing, decisions, history.

Every operation takes ``Authorization: Bearer <token>`` (``flask moderator token NAME``).
The shapes are the models in ``finder.schemas.moderation``.
"""
from finder.openapi import components
from finder.openapi.common import error_responses
from finder.openapi.common import json_body
from finder.openapi.common import json_response
from finder.openapi.common import path
from finder.openapi.listings import LISTING_EXAMPLE
from finder.schemas.moderation import ApproveInput
from finder.schemas.moderation import Decision
from finder.schemas.moderation import ModerationEvents
from finder.schemas.moderation import ModerationListing
from finder.schemas.moderation import ModerationQueue
from finder.schemas.moderation import QueueQuery
from finder.schemas.moderation import RejectInput
from finder.schemas.moderation import Report
from finder.schemas.moderation import Resolution
from finder.schemas.moderation import ResolveInput
from finder.schemas.moderation import Verified
from finder.schemas.trust import VerificationInput

SECURITY = [{"bearerAuth": []}]
BEARER = {"type": "http", "scheme": "bearer",
          "description": "A moderator's API token, from `flask --app wsgi moderator token NAME`."}
SCHEMAS = components.schemas([ApproveInput, RejectInput, VerificationInput, ResolveInput],
                             "validation") | components.schemas(
    [ModerationQueue, ModerationListing, Decision, ModerationEvents, Verified, Report,
     Resolution])


def schemas() -> dict:
    """Return the part's component schemas."""
    return SCHEMAS

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
QUEUE_PARAMETERS = components.query_parameters(QueueQuery)
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
