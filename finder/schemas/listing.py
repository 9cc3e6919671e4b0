"""A listing as a provider sends it: each field's length limit declared once, here.

The listing validator and the CSV import (``finder.providers.fields.LIMITS``), the OpenAPI
document (``finder.openapi.listings``) and the get-listed form's ``maxlength`` attributes
all read the limits from these models, so changing one here changes it everywhere.
Vocabularies (modalities, provider types) live in the database and are read from it.
"""
from pydantic import BaseModel
from pydantic import Field


class Address(BaseModel):
    """Where the provider practises; the postcode places the listing on the map."""

    street: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    region: str | None = Field(None, max_length=100)
    postcode: str = Field(max_length=16)
    country: str = Field(min_length=2, max_length=2, pattern="^[A-Za-z]{2}$")


class ListingText(BaseModel):
    """The listing's text fields, as limited on the way in (spaces around them count)."""

    name: str = Field(max_length=200)
    credentials: str | None = Field(None, max_length=100)
    practice_name: str | None = Field(None, max_length=200)
    email: str = Field(max_length=254)
    license_number: str | None = Field(None, max_length=60)
    license_region: str | None = Field(None, max_length=60)
    phone: str | None = Field(None, max_length=40)
    website: str | None = Field(None, max_length=300)
    bio: str | None = Field(None, max_length=5000)


class ImportedText(BaseModel):
    """What the CSV import takes beyond a listing's fields."""

    external_id: str = Field(max_length=100)


# How far a map pin may be from its postcode's centre (km).
PIN_MAX_KM = 25.0


def max_lengths(*models: type[BaseModel]) -> dict[str, int]:
    """Return each field's ``max_length`` as the models declare it."""
    limits = {}
    for model in models:
        for name, info in model.model_fields.items():
            for rule in info.metadata:
                if getattr(rule, "max_length", None) is not None:
                    limits[name] = rule.max_length
    return limits


LIMITS = max_lengths(ListingText, Address, ImportedText)


def form_limits() -> dict[str, int]:
    """Return the form's ``maxlength`` per input name (``address.city`` for nested ones)."""
    limits = {name: LIMITS[name] for name in ListingText.model_fields}
    limits.update({f"address.{name}": LIMITS[name] for name in Address.model_fields})
    return limits
