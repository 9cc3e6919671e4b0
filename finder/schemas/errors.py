"""The one shape of every error the JSON API answers."""
from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field

from finder.schemas.search import Candidate


class ErrorBody(BaseModel):
    """What went wrong: the status, a stable code, words for people, and the field at fault."""

    model_config = ConfigDict(extra="forbid")

    status: int = Field(ge=400, le=599, description="the HTTP status, repeated")
    code: str = Field(description="stable machine-readable code")
    message: str = Field(description="what went wrong, for people")
    field: str = Field(None, description="the parameter or field at fault")
    fields: dict[str, str] = Field(None, description="every bad field with its problem")
    candidates: list[Candidate] = Field(
        None, description="for a place or postcode not found or not sure: what it may have "
                          "meant")


class Error(BaseModel):
    """An error answer (4xx or 5xx)."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorBody
