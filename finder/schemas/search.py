"""The search parameters' limits, declared once: the parser and the OpenAPI document read them.

The vocabularies a search checks against (modalities, provider types, countries, service
tags) are in the database and read from it; the radius' ceiling and default are settings.
"""
from typing import Annotated
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from finder.i18n import LOCALES
from finder.names import OTHER_LANGUAGES
from finder.schemas.listing import max_lengths
from finder.schemas.access import Access
from finder.schemas.access import Crisis
from finder.schemas.access import ProviderAccess
from finder.schemas.provider import Provider
from finder.schemas.vocabulary import PAYMENT
from finder.schemas.vocabulary import PLACE_MATCHES
from finder.schemas.vocabulary import RESULT_MATCHES
from finder.units import RADII


NO_NUL = r"^[^\x00]*$"   # no parameter may contain NUL
# Each source named, such as samhsa-2022 (the list itself has no limit).
SOURCE_LENGTH = 40
# Each language code named (ISO 639-1, or ISO 639-2 such as sgn).
LANGUAGE_LENGTH = 3


def any_case(word: str) -> str:
    """Return a pattern matching ``word`` in any case (JSON Schema's patterns take no flags)."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


class SearchQuery(BaseModel):
    """``GET /api/v1/search``'s query, field by field (lists repeat or take commas)."""

    near: str | None = Field(
        None, max_length=100, pattern=NO_NUL,
        description="A postcode or place name as people type it (`90210`, `SW1A 1AA`, "
                    "`Denver, CO`). Give `near` or `lat` and `lon`.")
    country: str | None = Field(
        None, pattern="^[A-Za-z]{2}$", max_length=10,
        description="ISO 3166 two-letter country to look `near` up in (default US).")
    lat: float | None = Field(None, ge=-90, le=90,
                              description="Latitude in WGS84 degrees (with `lon`).")
    lon: float | None = Field(None, ge=-180, le=180,
                              description="Longitude in WGS84 degrees (with `lat`).")
    modality: list[str] = Field(
        [], description="Modality slugs or family names, as the database knows them "
                        "(`ketamine` means every ketamine modality); repeat or separate with "
                        "commas.")
    radius_km: float | None = Field(None, ge=0.1, description="How far to look, in km.")
    limit: int = Field(10, ge=1, le=50, description="Results per page.")
    cursor: str | None = Field(
        None, max_length=200, pattern=NO_NUL,
        description="The `next_cursor` of the previous page; any other value is refused.")
    provider_type: list[str] = Field(
        [], description="Provider type slugs, as the database knows them.")
    telehealth: bool | None = Field(
        None, description="Only providers that do (true) or don't (false) offer telehealth; "
                          "with true, telehealth providers in your region beyond the radius "
                          "are added.")
    accepting_new_clients: bool | None = Field(
        None, description="Only providers that are (not) taking new clients.")
    language: list[Annotated[str, Field(pattern="^[A-Za-z]{2,%d}$" % LANGUAGE_LENGTH)]] = Field(
        [], description="Languages the provider offers sessions in: ISO 639-1 codes (`es`), "
                        "or one of the ISO 639-2 codes " + ", ".join(sorted(OTHER_LANGUAGES))
                        + " (`sgn`: sign language); a provider with any of them matches. "
                          "Repeat or separate with commas.")
    payment: list[Literal[tuple(PAYMENT)]] = Field(
        [], description="How the visitor can pay; a provider taking any of them matches (a "
                        "visitor with Medicaid or who needs a sliding fee: "
                        "`medicaid,sliding-fee`). Repeat or separate with commas.")
    service: str | None = Field(None, max_length=40, pattern=NO_NUL,
                                description="A service tag such as `tms` or `dbt`; one no provider "
                                            "has is refused.")
    source: list[Annotated[str, Field(max_length=SOURCE_LENGTH, pattern=NO_NUL)]] = Field(
        [], description="Only providers from these sources (`samhsa-2022`, `listing`, "
                        f"`demo`...); a source over {SOURCE_LENGTH} characters is refused, "
                        "never ignored.")
    format: Literal["json", "geojson"] = Field(
        "json", description="`geojson` for a GeoJSON FeatureCollection.")
    lang: str | None = Field(
        None, pattern="^(%s)$" % "|".join(any_case(tag) for tag in LOCALES),
        description="The language of messages, notices and labels: " + " or ".join(LOCALES)
                    + " (without it, `Accept-Language` decides).")


LENGTHS = max_lengths(SearchQuery)
FORMATS = SearchQuery.model_fields["format"].annotation.__args__
DEFAULT_LIMIT = SearchQuery.model_fields["limit"].default
MAX_LIMIT = next(m.le for m in SearchQuery.model_fields["limit"].metadata
                 if getattr(m, "le", None) is not None)


class Candidate(BaseModel):
    """A place the search may have meant."""

    label: str
    near: str | None = Field(description="search this to get it")
    country: str
    match: Literal[PLACE_MATCHES]
    score: float = Field(description="1 for an exact match; for a near spelling 1 - edits / "
                                     "length; 0 for another country's postcode")


class Origin(BaseModel):
    """Where the search looked from, what it was understood as, and how sure that is."""

    lat: float
    lon: float
    label: str = Field(description="what location was understood")
    source: Literal["postcode", "place", "coordinates"]
    country: str | None = Field(description="the origin's country (ISO 3166-1)")
    region: str | None = Field(description="its first-level region's code, as GeoNames gives "
                                           "it (a US state's two letters)")
    region_name: str | None = Field(description="that region's name")
    match: Literal[PLACE_MATCHES] = Field(
        description="how the location was found: an exact postcode or place name, an "
                    "alternate name (NYC), or a near spelling (fuzzy)")
    score: float = Field(description="how sure the match is, 0 to 1")
    candidates: list[Candidate] = Field(description="other close matches, best first")


class QueryEcho(BaseModel):
    """The search as it was run (defaults filled in)."""

    country: str
    modalities: list[str]
    radius_km: float
    limit: int


class Distance(BaseModel):
    """How far, in both units."""

    distance_km: float
    distance_mi: float


class Attribution(BaseModel):
    """The credit the place data's licence asks for."""

    text: str
    url: str
    license: str = None


class SearchResult(Provider):
    """A provider in a search answer, with its distance and why it is there."""

    distance_km: float
    distance_mi: float
    match: Literal[RESULT_MATCHES] = Field(
        description="telehealth: beyond the radius, offering telehealth in your region; "
                    "other_care: offers none of the directory's therapies")


class ElsewhereResult(Provider):
    """A provider of a therapy not offered where the visitor is, in a place that offers it."""

    distance_km: float
    distance_mi: float
    access: ProviderAccess = Field(description="the rule where this provider is")


class SearchAnswerParts(BaseModel):
    """What a search answers besides its results, in JSON and GeoJSON alike."""

    origin: Origin
    access: list[Access] = Field(
        None, description="One entry per requested therapy family (absent without a "
                          "modality).")
    crisis: Crisis
    query: QueryEcho = None
    next_cursor: str | None
    nearest: Distance | None
    other_care: list[SearchResult] = Field(
        description="when no result matched on the first page: the nearest facilities "
                    "within the radius offering none of the directory's therapies (other "
                    "mental health care)")
    attribution: Attribution
    elsewhere: list[ElsewhereResult] = Field(
        None, description="Present only when a requested therapy is trials-only or unknown "
                          "where the visitor is: the nearest approved providers of it beyond "
                          "the radius in places where it is legally offered "
                          "(licensed-centres, prescription, certified-sites, "
                          "authorised-prescribers), nearest first, at most 3 per therapy, "
                          "from places within `elsewhere_reach_km`.")


class SearchResults(SearchAnswerParts):
    """The nearest matching providers, nearest first."""

    results: list[SearchResult]


class Point(BaseModel):
    """A GeoJSON point: longitude, latitude."""

    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2)


class Feature(BaseModel):
    """A provider as a GeoJSON feature; `properties` holds its public record."""

    type: Literal["Feature"]
    id: int
    geometry: Point
    properties: dict


class FeatureCollection(BaseModel):
    """Providers as GeoJSON, every approved one (the export)."""

    type: Literal["FeatureCollection"]
    features: list[Feature]


class SearchFeatureCollection(FeatureCollection, SearchAnswerParts):
    """A search's results as GeoJSON features, nearest first; its other parts ride along."""


class PaymentChoice(BaseModel):
    """A way to pay, with its words."""

    slug: Literal[tuple(PAYMENT)]
    label: str


class LanguageChoice(BaseModel):
    """A language, named in English."""

    code: str
    name: str


class ModalityChoice(BaseModel):
    """A modality and the family it belongs to."""

    slug: str
    label: str
    family: str
    family_label: str


class Family(BaseModel):
    """A family of modalities (`ketamine`)."""

    slug: str
    label: str
    modalities: list[str]


class Modalities(BaseModel):
    """What a search can filter on."""

    modalities: list[ModalityChoice]
    families: list[Family]
    payment: list[PaymentChoice] = Field(description="the search's payment choices, in order")
    languages: list[LanguageChoice] = Field(
        description="languages worth offering as choices (a search takes any ISO 639-1 "
                    "code), with their English names")


class Country(BaseModel):
    """A country a search can look in, with the unit its distances are shown in."""

    code: str
    name: str
    unit: Literal[tuple(RADII)]


class Countries(BaseModel):
    """The countries with place data."""

    countries: list[Country]
