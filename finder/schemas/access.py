"""How a therapy can legally be had where the visitor is, and the country's crisis line."""
import datetime as dt
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from finder.schemas.vocabulary import ACCESS_STATUSES

AccessStatus = Literal[ACCESS_STATUSES]


class Source(BaseModel):
    """What the rule rests on."""

    title: str
    url: str
    checked: dt.date = Field(description="when it was read")


class Jurisdiction(BaseModel):
    """The visitor's place, as the rules read it."""

    country: str | None
    region: str | None
    label: str = Field(description="\"Texas, United States\"")


class Rule(BaseModel):
    """One access rule, in words."""

    status: AccessStatus = Field(
        description="available: no rule specific to the therapy; prescription: a doctor may "
                    "prescribe it; certified-sites: only at certified centres; "
                    "licensed-centres: licensed service or healing centres; "
                    "authorised-prescribers: only specially authorised doctors; "
                    "special-access: case-by-case government permission; trials-only: only "
                    "in clinical trials or research; unknown: finder has no rule")
    status_label: str = Field(description="the status in words (\"only in clinical trials\")")
    summary: str = Field(description="one plain sentence for visitors")
    conditions: str | None = Field(description="who can have it and how")
    source: Source | None = Field(description="what the rule rests on (null: no legal source "
                                              "applies, or none is known)")
    checked: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None = Field(
        description="the day the rule stops applying, where known")
    rule_jurisdiction: str | None = Field(
        description="where the rule applies: \"*\", a country (\"US\") or a subdivision "
                    "(\"US-OR\")")


class UpcomingRule(Rule):
    """A later rule for the same place, not yet in force."""

    jurisdiction: str


class OfferedIn(BaseModel):
    """A place where the rules say the therapy is legally offered."""

    jurisdiction: str
    label: str
    status: AccessStatus
    status_label: str


class Access(Rule):
    """How one requested therapy can legally be had where the visitor is, by the most
    specific rule in force today. General information, not legal advice."""

    modality: str = Field(description="the family (\"ketamine\") or, when one slug of it "
                                      "was asked for, that slug")
    modality_label: str
    jurisdiction: Jurisdiction
    upcoming: UpcomingRule | None
    note: str = Field(description="that this is not legal advice")
    offered_in: list[OfferedIn] = Field(
        None, description="Where it is trials-only or unknown here: every place the rules "
                          "say it is legally offered (also those too far to list providers "
                          "from).")
    elsewhere_reach_km: int = Field(None, description="how far `elsewhere` looks for providers")


class ProviderAccess(Rule):
    """The rule where this provider is."""

    modality: str
    jurisdiction: Jurisdiction


class CrisisLine(BaseModel):
    """A crisis line: its name, how to reach it, and when finder checked it."""

    name: str
    how: str
    tel: str
    url: str | None
    checked: str


class Crisis(BaseModel):
    """The country's crisis line and emergency number (null where finder has none)."""

    country: str | None
    line: CrisisLine | None
    emergency: str | None = Field(description="the local emergency number(s)")
