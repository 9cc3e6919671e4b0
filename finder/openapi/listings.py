"""Get listed in the OpenAPI document: submit a listing, read and change it by its edit link.

The request schema mirrors ``finder.listings.validate`` and the limits in
``finder.providers.fields``; tests check the vocabularies against the database.
"""
from finder.formats import PLAIN_TEXT
from finder.formats import SOME_PLAIN_TEXT
from finder.openapi.common import error_responses
from finder.openapi.common import json_body
from finder.openapi.common import json_response
from finder.openapi.common import path
from finder.providers.fields import LANGUAGE_CODES
from finder.providers.payment import CURRENCIES
from finder.providers.payment import PAYMENT
from finder.providers.payment import PRICE_MAX
from finder.formats import EMAIL_RE
from finder.providers.fields import LIMITS
from finder.formats import PHONE_RE
from finder.formats import WEBSITE_RE
from finder.schemas.listing import PIN_MAX_KM

MODALITIES = ["ketamine-assisted-therapy", "ketamine-infusion", "esketamine", "psilocybin",
              "mdma-assisted-therapy", "integration"]
PROVIDER_TYPES = ["psychiatrist", "physician", "nurse-practitioner", "psychologist", "therapist",
                  "clinic", "facilitator"]
STATUSES = ["pending", "approved", "rejected", "withdrawn", "hidden"]
NUL_FREE = (" Text fields are trimmed and must not contain NUL or other control characters "
            "(tabs and line breaks are fine).")
NO_NUL = PLAIN_TEXT
SOME_TEXT = SOME_PLAIN_TEXT   # something besides spaces
# The validation's own patterns: what the document says is what is checked.
PHONE_PATTERN = PHONE_RE.pattern
EMAIL_PATTERN = EMAIL_RE.pattern
WEBSITE_PATTERN = WEBSITE_RE.pattern


def text(field: str, description: str, required: bool = False) -> dict:
    """Return a text field's schema with the length limit the validation enforces."""
    schema = {"type": "string", "maxLength": LIMITS[field], "description": description}
    if required:
        return {**schema, "minLength": 1, "pattern": SOME_TEXT}
    return {**schema, "nullable": True, "pattern": NO_NUL}


# At most two decimals too (refused otherwise); not a multipleOf, which binary floats
# cannot check exactly.
PRICE = {"type": "number", "nullable": True, "minimum": 0, "maximum": PRICE_MAX}


def vocabulary(values: list[str], description: str) -> dict:
    """Return a list of slugs taken from ``values``."""
    return {"type": "array", "items": {"type": "string", "enum": values},
            "description": description}


ADDRESS_INPUT = {
    "type": "object", "required": ["postcode", "country"],
    "description": "Where the practice is; the listing is placed at the postcode's centre.",
    "properties": {
        "street": text("street", "Street and number."),
        "city": text("city", "Town or city."),
        "region": text("region", "State, province or county."),
        "postcode": text("postcode", "A postcode of `country` as GeoNames knows it "
                                     "(ZIP+4, full UK and Canadian codes are accepted).", True),
        "country": {"type": "string", "pattern": "^[A-Za-z]{2}$",
                    "description": "ISO 3166 two-letter country code."}}}
PIN = {"type": "object", "nullable": True,
       "description": f"An exact map pin, within {PIN_MAX_KM:g} km of the postcode's centre: "
                      "both `lat` "
                      "and `lon`, as JSON numbers. Absent, `null` or `{}`: no pin (the "
                      "listing is placed at the postcode's centre); one without the other "
                      "is refused.",
       "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90},
                      "lon": {"type": "number", "minimum": -180, "maximum": 180}}}
LISTING_INPUT = {
    "type": "object", "required": ["name", "provider_type", "email", "modalities", "address"],
    "description": "A listing as a provider sends it. Unknown properties are ignored." + NUL_FREE
                   + " Types are strict: booleans, numbers and lists are JSON ones, never "
                     "text such as \"yes\" or \"40.1\".",
    "properties": {
        "name": text("name", "The provider's or clinic's name.", True),
        "credentials": text("credentials", "e.g. MD, LCSW."),
        "practice_name": text("practice_name", "The practice the provider works in."),
        "provider_type": {"type": "string", "enum": PROVIDER_TYPES},
        "email": {"type": "string", "maxLength": LIMITS["email"], "pattern": EMAIL_PATTERN,
                  "description": "Private: for moderators and notifications only."},
        "license_number": text("license_number", "Private: for moderators only."),
        "license_region": text("license_region", "Private: where the licence was issued."),
        "phone": {**text("phone", "e.g. +1 303-555-0100 or 480-784-1514 x1126."),
                  "pattern": PHONE_PATTERN},
        "website": {**text("website", "An http(s) address with an ASCII host name (IDN "
                                      "hosts as xn--); a bare domain gets https://. No "
                                      "spaces, quotes, brackets or invisible characters."),
                    "pattern": WEBSITE_PATTERN},
        "modalities": {**vocabulary(MODALITIES, "What the provider offers."), "minItems": 1},
        "telehealth": {"type": "boolean", "nullable": True, "default": False,
                       "description": "A JSON boolean; null means false."},
        "accepting_new_clients": {"type": "boolean", "nullable": True, "default": True,
                                  "description": "A JSON boolean; null means true."},
        "languages": {**vocabulary(sorted(LANGUAGE_CODES), "ISO 639-1 codes of the languages "
                                   "sessions are offered in, in lower case (ISO 639-2 where "
                                   "there is none: sgn, sign language); null means none."),
                      "nullable": True},
        "payment": {**vocabulary(list(PAYMENT), "How clients can pay: " + "; ".join(
            f"{k}: {v}" for k, v in PAYMENT.items()) + ". Null means none given."),
            "nullable": True},
        "price_min": {**PRICE, "description": "Lowest self-pay price per session."},
        "price_max": {**PRICE, "description": "Highest self-pay price per session, not below "
                                              "price_min."},
        "price_currency": {"type": "string", "nullable": True, "enum": [*CURRENCIES, None],
                           "description": "ISO 4217 code of the prices; required with a "
                                          "price, and only with one."},
        "bio": text("bio", "About the practice, shown on the profile."),
        "address": ADDRESS_INPUT,
        "location": PIN}}

NULLABLE_TEXT = {"type": "string", "nullable": True}
NULLABLE_NUMBER = {"type": "number", "nullable": True}
STR_LIST = {"type": "array", "items": {"type": "string"}}
VALUE_PROPERTIES = {
    "name": {"type": "string"}, "credentials": NULLABLE_TEXT, "practice_name": NULLABLE_TEXT,
    "provider_type": {"type": "string"}, "email": NULLABLE_TEXT,
    "license_number": NULLABLE_TEXT, "license_region": NULLABLE_TEXT, "phone": NULLABLE_TEXT,
    "website": NULLABLE_TEXT, "modalities": STR_LIST, "telehealth": {"type": "boolean"},
    "accepting_new_clients": {"type": "boolean"}, "languages": STR_LIST, "payment": STR_LIST,
    "price_min": NULLABLE_NUMBER, "price_max": NULLABLE_NUMBER,
    "price_currency": NULLABLE_TEXT, "bio": NULLABLE_TEXT}
PRECISION = {"type": "string", "enum": ["exact", "postcode"],
             "description": "postcode: placed at the postcode's centre (approximate)"}
LISTING = {
    "type": "object", "required": list(VALUE_PROPERTIES) + ["address", "location"],
    "description": "A listing as stored, private fields included.",
    "properties": {
        **VALUE_PROPERTIES,
        "address": {"type": "object", "required": ["street", "city", "region", "postcode",
                                                   "country"],
                    "properties": {k: NULLABLE_TEXT for k in ("street", "city", "region",
                                                              "postcode", "country")}},
        "location": {"type": "object", "required": ["lat", "lon", "precision"],
                     "properties": {"lat": {"type": "number"}, "lon": {"type": "number"},
                                    "precision": PRECISION}}}}
RECEIPT = {
    "type": "object", "required": ["id", "status", "edit_url"], "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": ["pending"]},
        "edit_url": {"type": "string", "nullable": True,
                     "description": "The private edit link: shown once, keep it. Null when "
                                    "the listing was already waiting."},
        "message": {"type": "string", "description": "Why nothing new was stored."}}}
EDITABLE = {
    "type": "object", "required": ["id", "status", "pending_revision", "listing"], "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": STATUSES},
        "pending_revision": {"type": "integer", "nullable": True,
                             "description": "The edit waiting for moderation, if any: "
                                            "`listing` then shows it."},
        "listing": {"$ref": "#/components/schemas/Listing"}}}
EDIT_RESULT = {
    "type": "object", "required": ["id", "status", "pending_revision", "changed"], "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": ["pending", "approved"]},
        "pending_revision": {"type": "integer", "nullable": True},
        "changed": {"type": "boolean", "description": "false: the edit changed nothing"}}}
SCHEMAS = {"ListingInput": LISTING_INPUT, "Listing": LISTING, "ListingReceipt": RECEIPT,
           "EditableListing": EDITABLE, "EditResult": EDIT_RESULT}

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
