"""The search parameters' limits, declared once: the parser and the OpenAPI document read them.

The vocabularies a search checks against (modalities, provider types, countries, service
tags) are in the database and read from it; the radius' ceiling and default are settings.
"""
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from finder.schemas.listing import max_lengths


class SearchQuery(BaseModel):
    """``GET /api/v1/search``'s query, field by field (lists repeat or take commas)."""

    near: str | None = Field(None, max_length=100)
    country: str | None = Field(None, pattern="^[A-Za-z]{2}$", max_length=10)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    modality: list[str] = []
    radius_km: float | None = Field(None, ge=0.1)
    limit: int = Field(10, ge=1, le=50)
    cursor: str | None = Field(None, max_length=200)
    provider_type: list[str] = []
    telehealth: bool | None = None
    accepting_new_clients: bool | None = None
    language: list[str] = Field([], description="each at most LANGUAGE_LENGTH characters")
    payment: list[str] = []
    service: str | None = Field(None, max_length=40)
    source: list[str] = Field([], description="each at most SOURCE_LENGTH characters")
    format: Literal["json", "geojson"] = "json"
    lang: Literal["en", "es"] | None = Field(
        None, description="the language of messages, notices and labels (else Accept-Language)")


LENGTHS = max_lengths(SearchQuery)
# Each source named, such as samhsa-2022 (the list itself has no limit).
SOURCE_LENGTH = 40
# Each language code named (ISO 639-1, or ISO 639-2 such as sgn).
LANGUAGE_LENGTH = 3
FORMATS = SearchQuery.model_fields["format"].annotation.__args__
DEFAULT_LIMIT = SearchQuery.model_fields["limit"].default
MAX_LIMIT = next(m.le for m in SearchQuery.model_fields["limit"].metadata
                 if getattr(m, "le", None) is not None)
