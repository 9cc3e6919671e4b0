"""What the get-listed form offers: countries and regions by name, in the visitor's language.

Countries are those the postcodes data was loaded for (a listing is placed by its
postcode, so no other country can be listed); regions are the first-level divisions
(states, provinces) the ``regions`` table holds for them.
"""
import unicodedata

from flask import current_app
from flask import has_request_context
from flask import request
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.names import country_name


def country_label(code: str | None) -> str:
    """Return a country's name in the visitor's language (English outside a request)."""
    return country_name(code or "")


def country_choices(session: Session) -> list[tuple[str, str]]:
    """Return (code, name) for every country with postcodes loaded, ordered by name."""
    codes = loaded_countries(session)
    pairs = [(code, country_label(code)) for code in codes]
    return sorted(pairs, key=lambda pair: (_fold(pair[1]), pair[0]))


def loaded_countries(session: Session) -> list[str]:
    """Return the codes of the countries whose postcodes are loaded."""
    # A loose index scan: one probe of the primary key per country, not a scan of millions.
    return list(session.scalars(text("""
        WITH RECURSIVE c(country) AS (
            (SELECT country FROM postcodes ORDER BY country LIMIT 1)
            UNION ALL
            SELECT (SELECT p.country FROM postcodes p WHERE p.country > c.country
                    ORDER BY p.country LIMIT 1) FROM c WHERE c.country IS NOT NULL)
        SELECT country FROM c WHERE country IS NOT NULL""")))


def region_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Return each country's first-level regions as (value, name), ordered by name.

    The value is the region's code where the data has a short one (US states: "CO"),
    which is how listings have always written their region, else its name.
    """
    regions: dict[str, list[tuple[str, str]]] = {}
    rows = session.execute(text(
        "SELECT country, code, name FROM regions WHERE name <> '' ORDER BY country, name"))
    for country, code, name in rows:
        value = code if code and len(code) <= 3 and not code.isdigit() else name
        regions.setdefault(country.strip(), []).append((value, name))
    return regions


def region_value(regions: list[tuple[str, str]], typed: str | None) -> str | None:
    """Return the list's value for a region written as its code or its name ("Colorado"
    is "CO"), or the region as written when the list does not have it."""
    wanted = _fold((typed or "").strip())
    for value, name in regions:
        if wanted in (_fold(value), _fold(name)):
            return value
    return typed


def default_country(countries) -> str:
    """Return the visitor's country: the region of their ``Accept-Language`` (es-US: US)
    when it is one of ``countries``, else the app's ``DEFAULT_COUNTRY``."""
    fallback = current_app.config["DEFAULT_COUNTRY"]
    if not has_request_context():
        return fallback
    for tag, _quality in request.accept_languages:
        parts = tag.replace("_", "-").split("-")
        region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
        if region and region in countries:
            return region
    return fallback


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()


def country_centres(session: Session) -> dict[str, tuple[float, float]]:
    """Return a point inside each country with regions (where the map pin starts)."""
    rows = session.execute(text(
        "SELECT country, ST_Y(c) AS lat, ST_X(c) AS lon FROM ("
        " SELECT country, ST_PointOnSurface(ST_ConvexHull(ST_Collect(centroid::geometry))) AS c"
        " FROM regions GROUP BY country) x"))
    return {country.strip(): (round(lat, 4), round(lon, 4)) for country, lat, lon in rows}
