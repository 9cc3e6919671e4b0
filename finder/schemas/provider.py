"""A provider's public record, as search results, the profile API and exports give it."""
import datetime as dt
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from finder.schemas.listing import PRECISIONS
from finder.schemas.trust import VERIFICATION_STATUSES
from finder.schemas.vocabulary import CURRENCIES
from finder.schemas.vocabulary import PAYMENT
from finder.schemas.vocabulary import VERIFICATION_STATES


class ProviderAddress(BaseModel):
    """Where the provider practises (each part null where the source does not say)."""

    street: str | None
    city: str | None
    region: str | None
    postcode: str | None
    country: str | None


class ProviderLocation(BaseModel):
    """Where the provider is on the map."""

    lat: float
    lon: float
    precision: Literal[PRECISIONS] = Field(
        description="postcode: placed at the postcode's centre (approximate)")


class Price(BaseModel):
    """A self-pay price range per session."""

    min: float | None
    max: float | None
    currency: Literal[CURRENCIES] = Field(description="ISO 4217")


class Verification(BaseModel):
    """What was checked about the licence, where and when. `state`: verified (in good
    standing when checked), expired (the licence's expiry date has passed since),
    not_in_good_standing (the registry said so), not_verified, or directory (a record from
    a public directory, which `label` names). The licence number and the registry page
    checked stay private."""

    state: Literal[VERIFICATION_STATES]
    label: str = Field(description="the line pages show, e.g. \"Licence verified 2026-11-30 · "
                                   "Medical Board of California\"")
    registry: str | None
    licence_status: Literal[VERIFICATION_STATUSES] | None
    checked_on: dt.date | None
    expires_on: dt.date | None


class Provider(BaseModel):
    """An approved provider's public record."""

    id: int
    slug: str
    name: str
    credentials: str | None
    practice_name: str | None
    provider_type: str
    modalities: list[str]
    service_tags: list[str]
    telehealth: bool
    accepting_new_clients: bool | None = Field(description="null: the source does not say")
    languages: list[str] = Field(
        description="ISO 639-1 codes, or ISO 639-2 where there is none (sgn: sign language, "
                    "for deaf and hard of hearing people)")
    payment: list[Literal[tuple(PAYMENT)]] = Field(
        description="how the provider can be paid; empty: the source does not say. "
                    + "; ".join(f"{k}: {v}" for k, v in PAYMENT.items()))
    price: Price | None = Field(description="a self-pay price range per session (null: none "
                                            "given)")
    phone: str | None
    website: str | None
    bio: str | None
    address: ProviderAddress
    location: ProviderLocation
    source: str
    source_credit: str | None
    verification: Verification
    last_confirmed: dt.date | None = Field(
        description="when a moderator approved the listing or its provider last confirmed "
                    "it; null for imported records")
    confirmed_label: str | None = Field(
        description="\"Confirmed 3 months ago\", or \"Not confirmed since 2025-11-02\" once "
                    "stale (then it is left out of search and exports)")
    profile_url: str
