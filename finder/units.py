"""Distance units and the radius choices offered in each: the one place they are set.

The search page and its script, the widget and the API's country list all take them from
here (the page and the widget read them from ``GET /api/v1/countries`` or the page itself).
"""

KM_PER_MI = 1.609344
# Where distances are given in miles; everywhere else uses kilometres.
MILE_COUNTRIES = frozenset({"US", "GB", "PR", "GU", "VI", "AS", "MP", "IM", "JE", "GG"})
# The radii offered, in each unit, and the one chosen until the visitor picks another.
RADII = {"mi": (10, 25, 50, 100, 250), "km": (10, 25, 50, 100, 250, 500)}
DEFAULT_RADIUS = {"mi": 25, "km": 50}


def distance_unit(country: str) -> str:
    """Return "mi" or "km", as people in ``country`` usually measure distance."""
    return "mi" if (country or "").upper() in MILE_COUNTRIES else "km"


def to_km(value: float, unit: str) -> float:
    """Convert a radius in ``unit`` to km, rounded as it appears in URLs."""
    return round(value * KM_PER_MI, 1) if unit == "mi" else float(value)


def from_km(km: float, unit: str) -> float:
    """Convert km to ``unit``."""
    return km / KM_PER_MI if unit == "mi" else km


def choices() -> dict:
    """Return each unit's radius choices and default, as the page's script reads them."""
    return {unit: {"radii": list(radii), "default": DEFAULT_RADIUS[unit], "km_per_unit":
                   KM_PER_MI if unit == "mi" else 1} for unit, radii in RADII.items()}
