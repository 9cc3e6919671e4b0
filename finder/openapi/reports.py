"""Report a problem with a listing, and confirm a listing, in the OpenAPI document."""
from finder.openapi import components
from finder.openapi.common import error_responses
from finder.openapi.common import json_body
from finder.openapi.common import json_response
from finder.openapi.common import path
from finder.schemas.trust import Confirmed
from finder.schemas.trust import ReportInput
from finder.schemas.trust import ReportReceipt

SCHEMAS = components.schemas([ReportInput], "validation") | components.schemas(
    [ReportReceipt, Confirmed])
PROVIDER_ID = path("provider_id", "The listing's id.", {"type": "integer", "minimum": 1}, 1042)
TOKEN = path("token", "The secret from the reminder's confirm link.",
             {"type": "string", "minLength": 1}, "q3Lm8pR2sT5uW7yA1bC4dE6fG0hJ2kL5mN8pQ3Zx9Qv")


def schemas() -> dict:
    """Return the part's component schemas."""
    return SCHEMAS


def paths() -> dict:
    """Describe reporting a listing and confirming one by its link."""
    return {
        "/providers/{provider_id}/reports": {"post": {
            "operationId": "reportListing", "tags": ["reports"],
            "summary": "Report a problem with an approved listing",
            "description": "Stored before the answer, for a moderator to resolve. Limited per "
                           "client address (`REPORT_RATE_LIMIT`). The widget sends these; the "
                           "profile's form (`/providers/{id}/report`) works without JavaScript.",
            "parameters": [PROVIDER_ID],
            "requestBody": json_body("ReportInput", "What is wrong.", True,
                                     {"reason": "wrong-contact",
                                      "details": "The phone number is no longer in service."}),
            "responses": {
                "201": json_response("Stored.", "ReportReceipt", {
                    "id": 77, "status": "open",
                    "message": "Thank you! Your report has been received."}),
                **error_responses("400", "404", "413", "415", "422", "429", "503", notes={
                    "404": "No approved listing has this id."})}}},
        "/listings/confirm/{token}": {"post": {
            "operationId": "confirmListing", "tags": ["listings"],
            "summary": "Confirm a listing is still right, by its one-use link",
            "description": "The link comes in the reminder `flask listings remind` writes; it "
                           "works once. The listing's `last_confirmed` becomes today.",
            "parameters": [TOKEN],
            "responses": {
                "200": json_response("Confirmed.", "Confirmed", {"id": 1042,
                                                                 "last_confirmed": "2026-11-30"}),
                **error_responses("404", "409", "503", notes={
                    "404": "No listing has this confirm link: used already, replaced by a "
                           "newer reminder, or never issued (`confirm_link_not_found`).",
                    "409": "The listing is no longer approved (`listing_closed`)."})}}},
    }
