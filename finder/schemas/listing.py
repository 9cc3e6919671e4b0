"""A listing as a provider sends it and as finder answers it: each field's length limit and
each vocabulary declared once, here.

The listing validator and the CSV import (``finder.providers.fields.LIMITS``), the OpenAPI
document (``finder.openapi.listings``) and the get-listed form's ``maxlength`` attributes
all read the limits from these models, so changing one here changes it everywhere.
Vocabularies kept in the database (modalities, provider types) are read from it: the
document adds them to ``ListingInput`` when it is built.
"""
from typing import Annotated
from typing import Literal

from pydantic import BaseModel
from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from finder.formats import EMAIL_LENGTH
from finder.formats import EMAIL_RE
from finder.formats import PHONE_RE
from finder.formats import PLAIN_TEXT
from finder.formats import SOME_PLAIN_TEXT
from finder.formats import WEBSITE_RE
from finder.names import OTHER_LANGUAGES
from finder.schemas.vocabulary import CURRENCIES
from finder.schemas.vocabulary import PAYMENT
from finder.schemas.vocabulary import PRICE_MAX

# Where a listing stands (``Provider.status``; the models' check constraint reads it from
# here): only ``approved`` is ever public; ``hidden``: taken down by a moderator after a
# report.
STATUSES = ("pending", "approved", "rejected", "withdrawn", "hidden")
# Where a listing is placed: at its map pin, or at its postcode's centre.
PRECISIONS = ("exact", "postcode")
# ISO 639-1 codes (two letters); the full list keeps typos such as "eng" out.
ISO_639_1 = set("""aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch
co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha
he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no
nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq
sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
yo za zh zu""".split())
# Languages without an ISO 639-1 code: the ISO 639-2 ones finder names (sign language,
# Hmong, Yupik). A listing's languages are one of these or ISO 639-1.
LANGUAGE_CODES = frozenset(ISO_639_1 | OTHER_LANGUAGES.keys())
# How far a map pin may be from its postcode's centre (km).
PIN_MAX_KM = 25.0

Status = Literal[STATUSES]
Precision = Annotated[Literal[PRECISIONS], Field(
    description="postcode: placed at the postcode's centre (approximate)")]


def optional_text(max_length: int, description: str, pattern: str = PLAIN_TEXT):
    """Return an optional text field: null, or text within ``max_length`` (spaces around
    it count) without control characters but tabs and line breaks."""
    return Field(None, max_length=max_length, pattern=pattern, description=description)


def required_text(max_length: int, description: str):
    """Return a required text field: something besides spaces, within ``max_length``."""
    return Field(min_length=1, max_length=max_length, pattern=SOME_PLAIN_TEXT,
                 description=description)


class ListingAddressInput(BaseModel):
    """Where the practice is; the listing is placed at the postcode's centre."""

    street: str | None = optional_text(200, "Street and number.")
    city: str | None = optional_text(100, "Town or city.")
    region: str | None = optional_text(100, "State, province or county.")
    postcode: str = required_text(16, "A postcode of `country` as GeoNames knows it (ZIP+4, "
                                      "full UK and Canadian codes are accepted).")
    country: str = Field(min_length=2, max_length=2, pattern="^[A-Za-z]{2}$",
                         description="ISO 3166 two-letter country code.")


class ListingPin(BaseModel):
    """An exact map pin: both `lat` and `lon`, as JSON numbers."""

    # Either may be left out (``{}`` is no pin), neither may be null.
    lat: Annotated[float, Field(ge=-90, le=90)] | SkipJsonSchema[None] = None
    lon: Annotated[float, Field(ge=-180, le=180)] | SkipJsonSchema[None] = None


class ListingInput(BaseModel):
    """A listing as a provider sends it. Unknown properties are ignored. Text fields are
    trimmed and must not contain NUL or other control characters (tabs and line breaks are
    fine). Types are strict: booleans, numbers and lists are JSON ones, never text such as
    "yes" or "40.1"."""

    name: str = required_text(200, "The provider's or clinic's name.")
    credentials: str | None = optional_text(100, "e.g. MD, LCSW.")
    practice_name: str | None = optional_text(200, "The practice the provider works in.")
    provider_type: str    # one of the provider_types table's slugs
    email: str = Field(max_length=EMAIL_LENGTH, pattern=EMAIL_RE.pattern,
                       description="Private: for moderators and notifications only.")
    license_number: str | None = optional_text(60, "Private: for moderators only.")
    license_region: str | None = optional_text(60, "Private: where the licence was issued.")
    phone: str | None = optional_text(40, "e.g. +1 303-555-0100 or 480-784-1514 x1126.",
                                      PHONE_RE.pattern)
    website: str | None = optional_text(
        300, "An http(s) address with an ASCII host name (IDN hosts as xn--); a bare domain "
             "gets https://. No spaces, quotes, brackets or invisible characters.",
        WEBSITE_RE.pattern)
    # Each one of the modalities table's slugs.
    modalities: list[str] = Field(min_length=1, description="What the provider offers.")
    telehealth: bool | None = Field(False, description="A JSON boolean; null means false.")
    accepting_new_clients: bool | None = Field(True,
                                               description="A JSON boolean; null means true.")
    languages: list[Literal[tuple(sorted(LANGUAGE_CODES))]] | None = Field(
        None, description="ISO 639-1 codes of the languages sessions are offered in, in lower "
                          "case (ISO 639-2 where there is none: sgn, sign language); null "
                          "means none.")
    payment: list[Literal[tuple(PAYMENT)]] | None = Field(
        None, description="How clients can pay: " + "; ".join(
            f"{k}: {v}" for k, v in PAYMENT.items()) + ". Null means none given.")
    # At most two decimals too (refused otherwise); not a multipleOf, which binary floats
    # cannot check exactly.
    price_min: float | None = Field(None, ge=0, le=PRICE_MAX,
                                    description="Lowest self-pay price per session.")
    price_max: float | None = Field(None, ge=0, le=PRICE_MAX,
                                    description="Highest self-pay price per session, not "
                                                "below price_min.")
    price_currency: Literal[CURRENCIES] | None = Field(
        None, description="ISO 4217 code of the prices; required with a price, and only with "
                          "one.")
    bio: str | None = optional_text(5000, "About the practice, shown on the profile.")
    address: ListingAddressInput
    location: ListingPin | None = Field(
        None, description=f"An exact map pin, within {PIN_MAX_KM:g} km of the postcode's "
                          "centre: both `lat` and `lon`, as JSON numbers. Absent, `null` or "
                          "`{}`: no pin (the listing is placed at the postcode's centre); one "
                          "without the other is refused.")


class ImportedText(BaseModel):
    """What the CSV import takes beyond a listing's fields."""

    external_id: str = Field(max_length=100)


class ListingValues(BaseModel):
    """A listing's fields as stored, private ones included (no place)."""

    name: str
    credentials: str | None
    practice_name: str | None
    provider_type: str
    email: str | None
    license_number: str | None
    license_region: str | None
    phone: str | None
    website: str | None
    modalities: list[str]
    telehealth: bool
    accepting_new_clients: bool
    languages: list[str]
    payment: list[str]
    price_min: float | None
    price_max: float | None
    price_currency: str | None
    bio: str | None


class ListingAddress(BaseModel):
    """A listing's address as stored."""

    street: str | None
    city: str | None
    region: str | None
    postcode: str | None
    country: str | None


class ListingLocation(BaseModel):
    """Where a listing is placed."""

    lat: float
    lon: float
    precision: Precision


class Listing(ListingValues):
    """A listing as stored, private fields included."""

    address: ListingAddress
    location: ListingLocation


class ListingReceipt(BaseModel):
    """A listing, stored and waiting for moderation."""

    id: int
    status: Literal["pending"]
    edit_url: str | None = Field(description="The private edit link: shown once, keep it. "
                                             "Null when the listing was already waiting.")
    message: str | SkipJsonSchema[None] = Field(None, description="Why nothing new was stored.")


class EditableListing(BaseModel):
    """The listing an edit link belongs to, as an edit starts from it."""

    id: int
    status: Status
    pending_revision: int | None = Field(description="The edit waiting for moderation, if "
                                                     "any: `listing` then shows it.")
    listing: Listing


class EditResult(BaseModel):
    """An edit, waiting for moderation."""

    id: int
    status: Literal["pending", "approved"]
    pending_revision: int | None
    changed: bool = Field(description="false: the edit changed nothing")


def max_lengths(*models: type[BaseModel]) -> dict[str, int]:
    """Return each field's ``max_length`` as the models declare it."""
    limits = {}
    for model in models:
        for name, info in model.model_fields.items():
            for rule in info.metadata:
                if getattr(rule, "max_length", None) is not None:
                    limits[name] = rule.max_length
    return limits


LIMITS = max_lengths(ListingInput, ListingAddressInput, ImportedText)


def form_limits() -> dict[str, int]:
    """Return the form's ``maxlength`` per input name (``address.city`` for nested ones)."""
    limits = {name: LIMITS[name] for name in ListingInput.model_fields if name in LIMITS}
    limits.update({f"address.{name}": LIMITS[name] for name in ListingAddressInput.model_fields})
    return limits
