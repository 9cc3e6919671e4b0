"""What a provider sent (JSON or the form) -> a ``Listing``, or a message for each bad field.

Both ways in are first made flat, with the API's nesting in the keys (``address.postcode``,
``location.lat``); the form's inputs carry the same names, so errors point at the same
field whichever way they came.
"""
import dataclasses

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from finder import formats
from finder.errors import ListingInvalid
from finder.i18n import gettext as _
from finder.listings.choices import country_label
from finder.listings.placing import ADDRESS
from finder.listings.placing import place
from finder.providers import fields as f
from finder.providers import phones
from finder.providers.vocabulary import modality_slugs
from finder.providers.vocabulary import provider_type_slugs
from finder.schemas.listing import ListingAddress
from finder.schemas.listing import ListingValues

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
LOCATION = ("lat", "lon", "location_precision")


def _as_dict(listing) -> dict:
    """Return every field as JSON-ready values (what a revision stores)."""
    return dataclasses.asdict(listing)


# A valid listing, flat: the fields the declared shapes store (finder/schemas/listing.py),
# its address, and where it is placed.
Listing = dataclasses.make_dataclass(
    "Listing",
    [*((name, field.annotation) for name, field in ListingValues.model_fields.items()),
     *((name, field.annotation) for name, field in ListingAddress.model_fields.items()),
     ("lat", float), ("lon", float), ("location_precision", str)],
    frozen=True, namespace={"as_dict": _as_dict,
                            "__doc__": "A valid listing: public fields, private fields and "
                                       "where it is."})


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
    flat["phone"] = phones.national_phone(values.get("phone"), values.get("country")) or None
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
        place(session, flat, values, errors)
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
        ("provider_type", lambda v: _required_choice(v, types, _("provider types"))),
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
        values["phone"] = phones.clean_phone(values["phone"], country, strict=True,
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
