"""What a provider sent (JSON or the form) -> a ``Listing``, or a message for each bad field.

Both ways in are first made flat, with the API's nesting in the keys (``address.postcode``,
``location.lat``); the form's inputs carry the same names, so errors point at the same
field whichever way they came.
"""
import dataclasses
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from finder import formats
from finder.errors import ListingInvalid
from finder.geo.geocode import postcode_origin
from finder.geo.normalise import index_safe
from finder.providers import fields as f
from finder.providers.vocabulary import modality_slugs
from finder.providers.vocabulary import provider_type_slugs
from finder.listings.choices import country_label
from finder.schemas.listing import PIN_MAX_KM

# A filled honeypot means a bot: people never see the field (see listings/form.html).
HONEYPOT = "homepage"
GROUPS = ("address", "location")
# Each field as the form labels it, so a message names what the provider sees.
LABELS = {
    "name": _l("Your name or the clinic's name"), "credentials": _l("Credentials"),
    "practice_name": _l("Practice name"), "provider_type": _l("Provider type"),
    "email": _l("Email"), "license_number": _l("License number"),
    "license_region": _l("License issued by"), "phone": _l("Phone"),
    "website": _l("Website"), "modalities": _l("Treatments you offer"),
    "telehealth": _l("Telehealth"), "accepting_new_clients": _l("Accepting new clients"),
    "languages": _l("Languages you offer sessions in"), "bio": _l("About your practice"),
    "payment": _l("Ways clients can pay"),
    "price_min": _l("Lowest self-pay price per session"),
    "price_max": _l("Highest self-pay price per session"),
    "price_currency": _l("Currency of the prices"), "address.street": _l("Street address"),
    "address.city": _l("City"), "address.region": _l("State or region"),
    "address.postcode": _l("ZIP code or postcode"), "address.country": _l("Country"),
    "address": _l("Address"), "location": _l("Map pin"),
}
# What to do when a required field is empty, said for that field.
REQUIRED = {
    "name": _l("Enter your name or the clinic's name."),
    "provider_type": _l("Choose a provider type."),
    "email": _l("Enter your email address, such as name@example.com."),
    "modalities": _l("Choose at least one treatment you offer."),
    "address.postcode": _l("Enter your ZIP code or postcode."),
    "address.country": _l("Choose your country."),
}
# On the form these are lists and boxes to pick from: what to do is to pick again.
FORM_CHOICES = {
    "provider_type": _l("Choose a provider type from the list."),
    "modalities": _l("Choose the treatments you offer from the list."),
    "languages": _l("Choose languages from the list."),
    "payment": _l("Choose the ways clients can pay from the list."),
    "price_currency": _l("Choose the currency of your prices from the list."),
    "address.country": _l("Choose your country from the list."),
}
TEXT_KEYS = ("name", "credentials", "practice_name", "provider_type", "email", "license_number",
             "license_region", "phone", "website", "bio", "price_min", "price_max",
             "price_currency", "address.street",
             "address.city", "address.region", "address.postcode", "address.country",
             "location.lat", "location.lon")
PRIVATE_FIELDS = ("email", "license_number", "license_region")
ADDRESS = ("street", "city", "region", "postcode", "country")
LOCATION = ("lat", "lon", "location_precision")


@dataclass(frozen=True)
class Listing:
    """A valid listing: public fields, private fields and where it is."""

    name: str
    credentials: str | None
    practice_name: str | None
    provider_type: str
    email: str
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
    street: str | None
    city: str | None
    region: str | None
    postcode: str
    country: str
    lat: float
    lon: float
    location_precision: str

    def as_dict(self) -> dict:
        """Return every field as JSON-ready values (what a revision stores)."""
        return dataclasses.asdict(self)


FIELD_NAMES = tuple(f.name for f in dataclasses.fields(Listing))


def flatten(body: dict) -> dict:
    """Flatten the API's JSON object: ``{"address": {"city": x}}`` -> ``{"address.city": x}``."""
    flat = {k: v for k, v in body.items() if k not in GROUPS}
    for group in GROUPS:
        part = body.get(group)
        if isinstance(part, dict):
            flat.update({f"{group}.{k}": v for k, v in part.items()})
        elif part is not None:
            flat[group] = part   # reported as "must be an object"
    return flat


def typed_form(form) -> dict:
    """Read the get-listed form as the API's JSON would say it, for ``validate_listing``.

    The form sends text where the API takes JSON types: the languages ticked (or typed as
    codes) are folded, a pin's coordinates and prices read as numbers (left as typed when
    they are not, to be refused), blank ones left out.
    """
    flat = from_form(form)
    flat["languages"] = [c.lower() for value in flat["languages"] for c in f.split_list(value)]
    for key in ("price_min", "price_max", "price_currency"):
        flat[key] = flat[key].strip() or None
    for key in ("price_min", "price_max"):
        if flat[key] is not None:
            try:
                flat[key] = formats.number(flat[key])
            except ValueError:
                pass
    for key in ("location.lat", "location.lon"):
        typed = flat.pop(key).strip()
        if typed:
            try:
                flat[key] = formats.number(typed)
            except ValueError:
                flat[key] = typed
    return flat


def from_form(form) -> dict:
    """Read the get-listed form as typed: text inputs, the modality, language and payment
    checkboxes, two tick boxes."""
    flat = {key: form.get(key, "") for key in TEXT_KEYS}
    flat["modalities"] = form.getlist("modalities")
    flat["languages"] = form.getlist("languages")
    flat["payment"] = form.getlist("payment")
    flat["telehealth"] = "telehealth" in form
    flat["accepting_new_clients"] = "accepting_new_clients" in form
    flat[HONEYPOT] = form.get(HONEYPOT, "")
    return flat


def as_flat(values: dict) -> dict:
    """Return a stored listing (``Listing.as_dict`` shape) flat, as the form shows it."""
    flat = {k: values.get(k) for k in FIELD_NAMES if k not in ("lat", "lon")}
    for key in ADDRESS:
        flat[f"address.{key}"] = flat.pop(key)
    flat["languages"] = list(values.get("languages") or [])
    flat["payment"] = list(values.get("payment") or [])
    flat["phone"] = f.national_phone(values.get("phone"), values.get("country")) or None
    if values.get("location_precision") == "exact":
        flat["location.lat"], flat["location.lon"] = values.get("lat"), values.get("lon")
    return flat


def as_nested(values: dict) -> dict:
    """Return a stored listing in the API's JSON shape (the inverse of ``flatten``)."""
    nested = {k: values.get(k) for k in FIELD_NAMES if k not in ADDRESS + LOCATION}
    nested["address"] = {k: values.get(k) for k in ADDRESS}
    nested["location"] = {"lat": values.get("lat"), "lon": values.get("lon"),
                          "precision": values.get("location_precision")}
    return nested


def honeypot_filled(flat: dict) -> bool:
    """Tell whether the field only bots fill has something in it."""
    value = flat.get(HONEYPOT)
    return bool(value.strip() if isinstance(value, str) else value)


def describe(key: str, err: f.FieldError) -> str:
    """Say what is wrong with a field, naming it as the form labels it."""
    if err.message in (f.IS_REQUIRED, f.NEEDS_ONE) and key in REQUIRED:
        return str(REQUIRED[key])
    return err.text(str(LABELS.get(key, key)))


def validate_listing(session: Session, flat: dict, form: bool = False) -> Listing:
    """Check every field of a flat submission and place it on the map.

    ``form``: it came from the get-listed form, whose messages speak of its lists and
    boxes rather than of codes.

    Raises:
        ListingInvalid: with a message for each field that is not acceptable.
    """
    values, errors = {}, {}
    for key, rule in _rules(session):
        try:
            values[key] = rule(flat.get(key))
        except f.FieldError as err:
            errors[key] = describe(key, err)
    if form:
        for key, message in FORM_CHOICES.items():
            if key in errors and errors[key] != str(REQUIRED.get(key, "")):
                errors[key] = str(message)
    for group in GROUPS:
        if group in flat:
            errors[group] = describe(group, f.FieldError(f.N_("%(label)s must be an object.")))
    if not any(key in errors for key in ("price_min", "price_max", "price_currency")):
        low, high, currency = values["price_min"], values["price_max"], values["price_currency"]
        if low is not None and high is not None and high < low:
            errors["price_max"] = _("The highest price must not be below the lowest price; "
                                    "check both.")
        elif (low is not None or high is not None) != (currency is not None):
            errors["price_currency"] = (
                _("Choose the currency of your prices.") if currency is None else
                _("Enter a price, or choose \"No price given\" as the currency."))
    if "address.postcode" not in errors and "address.country" not in errors:
        _place(session, flat, values, errors)
    # A phone is read for its country: not while the country itself is in doubt.
    if "address.country" not in errors:
        _check_phone(values, errors)
    if errors:
        raise ListingInvalid(errors)
    return Listing(**{name: values.get(name) for name in FIELD_NAMES})


def _rules(session: Session):
    types, known = provider_type_slugs(session), modality_slugs(session)
    return [
        ("name", lambda v: f.clean_text("name", v, required=True)),
        ("credentials", lambda v: f.clean_text("credentials", v)),
        ("practice_name", lambda v: f.clean_text("practice_name", v)),
        ("provider_type", lambda v: _required_choice(v, types, "provider types")),
        ("email", lambda v: f.clean_email(v, required=True)),
        ("license_number", lambda v: f.clean_text("license_number", v)),
        ("license_region", lambda v: f.clean_text("license_region", v)),
        ("phone", lambda v: f.clean_text("phone", v)),
        ("website", f.clean_url),
        ("modalities", lambda v: f.clean_modalities(f.strict_list(v), known)),
        ("telehealth", lambda v: f.clean_flag(v, False)),
        ("accepting_new_clients", lambda v: f.clean_flag(v, True)),
        ("languages", lambda v: f.clean_languages(f.strict_list(v), exact=True)),
        ("payment", lambda v: f.clean_payment(f.strict_list(v), exact=True)),
        ("price_min", _json_price),
        ("price_max", _json_price),
        ("price_currency", _currency),
        ("bio", lambda v: f.clean_text("bio", v)),
        ("address.street", lambda v: f.clean_text("street", v)),
        ("address.city", lambda v: f.clean_text("city", v)),
        ("address.region", lambda v: f.clean_text("region", v)),
        ("address.postcode", lambda v: f.clean_text("postcode", v, required=True)),
        ("address.country", f.clean_country),
    ]


def _check_phone(values: dict, errors: dict) -> None:
    """Read the phone number for the listing's country (E.164 stored), if it has one."""
    if "phone" in errors or not values.get("phone"):
        return
    country = values.get("country") or values.get("address.country")
    try:
        values["phone"] = f.clean_phone(values["phone"], country, strict=True,
                                        country_label=country_label(country))
    except f.FieldError as err:
        errors["phone"] = describe("phone", err)


def _json_price(value) -> float | None:
    if isinstance(value, str):   # the API takes JSON numbers only
        raise f.FieldError(f.N_("%(label)s must be a number such as 120 or 99.50 (a JSON "
                                "number, not text)."))
    return f.clean_price(value)


def _currency(value) -> str | None:
    if value is not None and not isinstance(value, str):
        raise f.FieldError(f.N_("%(label)s must be text: a currency code such as USD."))
    return f.clean_currency(value)


def _required_choice(value, choices, what: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise f.FieldError(f.IS_REQUIRED)
    return f.clean_choice(value, choices, what)


def _place(session: Session, flat: dict, values: dict, errors: dict) -> None:
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
