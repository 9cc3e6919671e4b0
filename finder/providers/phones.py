"""Phone numbers, read with ``phonenumbers`` for the listing's country.

Stored as E.164 (``+13035550100``; an extension as ``;ext=12``), shown in the national
format of the listing's country, dialled as E.164.
"""
import phonenumbers

from finder.providers.fields import N_
from finder.formats import PHONE_RE
from finder.providers.fields import FieldError
from finder.providers.fields import clean_text


def clean_phone(value, country: str | None = None, strict: bool = False,
                country_label: str | None = None) -> str | None:
    """Return a phone number as E.164 (``+13035550100``, an extension as ``;ext=12``).

    ``strict`` (the listing form and API): the number must be a valid one for ``country``
    (or a valid international number written with +), or it is refused with an example.

    Not strict (the CSV and SAMHSA imports): a number that is valid for the row's country
    is stored as E.164 too; one that is not (a directory's short intake line, a number
    written for another country, no country to read it by) is kept as written, provided
    it has the shape of a phone number at all, so no imported row is lost over how its
    phone is written. Pages show such a number as it is and dial its digits.
    """
    value = clean_text("phone", value)
    if not value:
        return None
    number = parse_phone(value, country)
    if number is not None:
        return e164(number)
    if strict:
        raise FieldError(N_("%(label)s must be a phone number for %(country)s, such as "
                            "%(example)s, or start with + and the country code."),
                         country=country_label or country or "",
                         example=example_phone(country))
    if not PHONE_RE.match(value):
        raise FieldError(N_("%(label)s must be a phone number such as +1 303-555-0100 or "
                            "480-784-1514 x1126."))
    return value


def parse_phone(value: str, country: str | None):
    """Return ``value`` as a valid ``phonenumbers`` number for ``country``, or None."""
    try:
        number = phonenumbers.parse(value, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def e164(number) -> str:
    """Return ``number`` as stored: E.164, with ``;ext=`` and its extension if it has one."""
    stored = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{stored};ext={number.extension}" if number.extension else stored


def national_phone(value: str | None, country: str | None = None) -> str:
    """Return a phone number as people write it where it is: the national format
    ("(303) 555-0100 ext. 12") for a number of ``country`` (or of the country its +
    code names, when no ``country`` is given), the international one for a number of
    another country, and a number that does not read as valid as it was written."""
    if not value:
        return ""
    number = parse_phone(value, country)
    if number is None:
        return value
    home = phonenumbers.region_code_for_number(number)
    national = not country or home == country.upper()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL
                                      if national else
                                      phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def example_phone(country: str | None) -> str:
    """Return an example number for ``country`` in its national format (US: 201-555-0123)."""
    example = phonenumbers.example_number((country or "US").upper())
    if example is None:
        return "+1 303-555-0100"
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
