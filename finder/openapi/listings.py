"""Get listed in the OpenAPI document: submit a listing, read and change it by its edit link.

The shapes are the models in ``finder.schemas.listing``. The modalities and provider types
a listing may name are the database's: ``schemas()`` reads them each time the document
is built, from where the listing validator reads them.
"""
from finder.database import get_session
from finder.openapi import components
from finder.openapi.common import error_responses
from finder.openapi.common import json_body
from finder.openapi.common import json_response
from finder.openapi.common import path
from finder.providers.vocabulary import modality_slugs
from finder.providers.vocabulary import provider_type_slugs
from finder.schemas.listing import EditableListing
from finder.schemas.listing import EditResult
from finder.schemas.listing import ListingInput
from finder.schemas.listing import ListingReceipt

# Generated once; each document adds the vocabularies to them.
GENERATED = components.schemas([ListingInput], "validation") | components.schemas(
    [ListingReceipt, EditableListing, EditResult])


def schemas() -> dict:
    """Return the part's component schemas, ``ListingInput`` naming the provider types and
    modalities stored today."""
    session = get_session()
    listing = GENERATED["ListingInput"]
    properties = listing["properties"]
    return {**GENERATED, "ListingInput": {**listing, "properties": {
        **properties,
        "provider_type": {**properties["provider_type"],
                          "enum": sorted(provider_type_slugs(session))},
        "modalities": {**properties["modalities"], "items": {
            **properties["modalities"]["items"], "enum": sorted(modality_slugs(session))}}}}}


INPUT_EXAMPLE = {
    "name": "Dr. Jane Rivera", "credentials": "MD", "practice_name": "Mile High Care",
    "provider_type": "psychiatrist", "email": "jane@example.org",
    "license_number": "DR.0012345", "license_region": "Colorado", "phone": "+1 303-555-0100",
    "website": "https://example.org", "modalities": ["ketamine-infusion"], "telehealth": True,
    "accepting_new_clients": True, "languages": ["en", "es"],
    "payment": ["private-insurance", "self-pay", "sliding-fee"], "price_min": 400,
    "price_max": 750, "price_currency": "USD",
    "bio": "Calm rooms and careful screening.",
    "address": {"street": "1600 Glenarm Pl", "city": "Denver", "region": "CO",
                "postcode": "80202", "country": "US"}}
EDIT_URL = "https://finder.example/get-listed/edit/3q2-7wEYzJ4bXk0hV9mW1cT8rLpS6aDuGfNoQeIy5Ks"
RECEIPT_EXAMPLE = {"id": 2310, "status": "pending", "edit_url": EDIT_URL}
DUPLICATE_EXAMPLE = {"id": 2310, "status": "pending", "edit_url": None,
                     "message": "A listing with this email and name is already waiting for "
                                "review. To change it, use the private edit link you were "
                                "shown when you submitted it."}
LISTING_EXAMPLE = {
    **{k: v for k, v in INPUT_EXAMPLE.items() if k != "address"},
    "address": INPUT_EXAMPLE["address"],
    "location": {"lat": 39.7508, "lon": -104.9966, "precision": "postcode"}}
EDITABLE_EXAMPLE = {"id": 2310, "status": "approved", "pending_revision": 87,
                    "listing": LISTING_EXAMPLE}
EDIT_RESULT_EXAMPLE = {"id": 2310, "status": "approved", "pending_revision": 88, "changed": True}
TOKEN = path("token", "The secret at the end of the private edit link.",
             {"type": "string", "minLength": 1}, "3q2-7wEYzJ4bXk0hV9mW1cT8rLpS6aDuGfNoQeIy5Ks")
EDIT_404 = {"404": "No listing has this edit link (checked before the body is read)."}


def paths() -> dict:
    """Describe submitting a listing and editing it through its private link."""
    listing_body = json_body("ListingInput", "The listing.", example=INPUT_EXAMPLE)
    return {
        "/listings": {"post": {
            "operationId": "submitListing", "summary": "Get listed: submit a new listing",
            "tags": ["listings"],
            "description": "Stores the listing as pending; nothing is public until a moderator "
                           "approves it. Limited per client address (`SUBMISSION_RATE_LIMIT`).",
            "requestBody": listing_body,
            "responses": {
                "201": json_response("Stored, pending moderation. `edit_url` is shown only "
                                     "this once.", "ListingReceipt", RECEIPT_EXAMPLE),
                "200": json_response("The same email and name are already waiting for review: "
                                     "that listing's id, nothing new stored.", "ListingReceipt",
                                     DUPLICATE_EXAMPLE),
                **error_responses("400", "413", "415", "422", "429", "503")}}},
        "/listings/edit/{token}": {
            "get": {
                "operationId": "getEditableListing", "tags": ["listings"],
                "summary": "The listing an edit link belongs to, as an edit starts from it",
                "parameters": [TOKEN],
                "responses": {"200": json_response("The listing, private fields included (the "
                                                   "pending edit's values when one waits).",
                                                   "EditableListing", EDITABLE_EXAMPLE),
                              **error_responses("404", "503", notes=EDIT_404)}},
            "put": {
                "operationId": "editListing", "tags": ["listings"],
                "summary": "Change a listing; the change waits for moderation",
                "description": "The whole listing, as for a submission. Visitors keep seeing the "
                               "approved version until a moderator approves the change; a newer "
                               "edit replaces a waiting one. Limited like submissions.",
                "parameters": [TOKEN], "requestBody": listing_body,
                "responses": {
                    "200": json_response("The pending revision (or, if nothing changed, the one "
                                         "already waiting).", "EditResult", EDIT_RESULT_EXAMPLE),
                    **error_responses("400", "404", "409", "413", "415", "422", "429", "503",
                                      notes={**EDIT_404, "409": "The listing was rejected or "
                                             "withdrawn and can no longer be edited "
                                             "(`listing_closed`, before the body is read)."})}}},
    }
