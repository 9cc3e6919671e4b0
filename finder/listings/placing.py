"""Where a listing is: its postcode's centre, or a map pin close enough to it.

When the postcode is not one of the country's, the message says which countries do have
it, and marks the country rather than the postcode: the Denver ZIP code sent with "CO"
(Colombia) is a wrong country, not a wrong ZIP code.
"""
from babel.lists import format_list
from flask_babel import get_locale
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo.geocode import postcode_origin
from finder.geo.normalise import index_safe
from finder.i18n import gettext as _
from finder.listings.choices import country_label
from finder.providers import fields as f
from finder.schemas.listing import PIN_MAX_KM

ADDRESS = ("street", "city", "region", "postcode", "country")


def place(session: Session, flat: dict, values: dict, errors: dict) -> None:
    """Put the listing at its postcode's centre, or at the pin when it is close enough."""
    for key in ADDRESS:
        values[key] = values.pop(f"address.{key}", None)
    centre = locate_postcode(session, values["country"], values["postcode"])
    if centre is None:
        elsewhere = postcode_countries(session, values["postcode"], values["country"])
        # The postcode is right for another country: it is the country that is wrong.
        key = "address.country" if elsewhere else "address.postcode"
        errors[key] = postcode_not_found(values["postcode"], values["country"], elsewhere)
        return
    values["lat"], values["lon"], values["location_precision"] = *centre, "postcode"
    if "location.lat" not in flat and "location.lon" not in flat:   # no pin: null or {}
        return
    lat, lon = flat.get("location.lat"), flat.get("location.lon")
    try:
        pin = index_safe(f.clean_coordinate(lat, -90, 90), f.clean_coordinate(lon, -180, 180))
    except f.FieldError as err:
        errors["location"] = err.text(_("Map pin latitude and longitude"))
        return
    km = distance_km(session, centre, pin)
    if km > PIN_MAX_KM:
        errors["location"] = _("Put the map pin within %(max)s km of your postcode's centre "
                               "(it is %(km)s km away), or leave it empty.",
                               max=f"{PIN_MAX_KM:g}", km=f"{km:.0f}")
        return
    values["lat"], values["lon"], values["location_precision"] = *pin, "exact"


def postcode_not_found(postcode: str, country: str, elsewhere: list[str]) -> str:
    """Say that ``postcode`` is not one of ``country``'s, and where it is one, if anywhere."""
    zip_code = "US" in (country, *elsewhere[:1])
    words = {"postcode": postcode, "country": country_label(country)}
    if elsewhere:
        words["suggestion"] = format_list([country_label(c) for c in elsewhere[:3]], style="or",
                                          locale=get_locale() or "en")
        if zip_code:
            return _("We couldn't find ZIP code %(postcode)s in %(country)s. Did you mean "
                     "%(suggestion)s?", **words)
        return _("We couldn't find postcode %(postcode)s in %(country)s. Did you mean "
                 "%(suggestion)s?", **words)
    if zip_code:
        return _("We couldn't find ZIP code %(postcode)s in %(country)s. Check the ZIP code "
                 "and the country.", **words)
    return _("We couldn't find postcode %(postcode)s in %(country)s. Check the postcode and "
             "the country.", **words)


def postcode_countries(session: Session, postcode: str, country: str) -> list[str]:
    """Return the other countries that have ``postcode``, the default country first."""
    found = []
    for code in session.scalars(text(
            "SELECT DISTINCT country FROM postcodes WHERE code = ANY(:codes) "
            "AND country <> :country ORDER BY country"),
            {"codes": postcode_variants(postcode), "country": country}):
        found.append(code.strip())
    return sorted(found, key=lambda c: (c != "US", c))


def postcode_variants(postcode: str) -> list[str]:
    """Return the ways the postcodes table may key ``postcode`` (as typed, compact...)."""
    typed = postcode.strip().upper()
    return list(dict.fromkeys([typed, typed.replace(" ", ""), typed.replace("-", ""),
                               typed.split("-")[0], typed.split(" ")[0]]))


def locate_postcode(session: Session, country: str, postcode: str) -> tuple[float, float] | None:
    """Return (lat, lon) of ``postcode``'s centre in ``country``, or None if unknown."""
    query = postcode_origin(country, postcode)
    row = session.execute(text(query.sql), query.params).first()
    return (row.lat, row.lon) if row else None


def distance_km(session: Session, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the geodesic distance between two (lat, lon) points in km."""
    return session.scalar(text(
        "SELECT ST_Distance(ST_MakePoint(:lon1, :lat1)::geography, "
        "ST_MakePoint(:lon2, :lat2)::geography) / 1000"),
        {"lat1": a[0], "lon1": a[1], "lat2": b[0], "lon2": b[1]})
