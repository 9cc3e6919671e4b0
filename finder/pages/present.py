"""Template filters: distances in the visitor's unit, safe links, readable names, and
dates, numbers and prices formatted for the visitor's locale (Babel)."""
import re
from urllib.parse import urlsplit

import phonenumbers
from flask_babel import format_currency
from flask_babel import format_decimal
from flask_babel import format_percent
from flask_babel import get_locale


from finder import i18n
from finder import names
from finder import units
from finder.i18n import gettext as _
from finder.pages.search_page import number
from finder.providers.fictional import fictional_contact
from finder.providers.payment import payment_labels
from finder.providers.phones import national_phone
from finder.providers.phones import parse_phone


def distance(record: dict, unit: str) -> str:
    """Return a record's distance in ``unit``, e.g. "2.9 mi"."""
    value = record.get(f"distance_{unit}")
    return "" if value is None else f"{number(value)} {unit}"


def percent(share: float) -> str:
    """Return a share (0.83) as a percentage for the locale ("83%", "83 %")."""
    return format_percent(share)


def km(value: float) -> str:
    """Return a distance in kilometres for the locale ("5,000 km", "5000 km")."""
    return f"{format_decimal(value, '#,##0')} km"


def price_range(price: dict) -> str:
    """Return a price per session ("$120–$180", "from $90", "up to 150,00 €" in Spanish)."""
    low, high, currency = price.get("min"), price.get("max"), price.get("currency")

    pattern = get_locale().currency_formats["standard"].pattern

    def money(amount):   # whole amounts without cents: "$120", "120 US$"
        whole = amount == int(amount)
        return format_currency(amount, currency, pattern.replace(".00", "") if whole else
                               pattern, currency_digits=not whole)
    if low is not None and high is not None and low != high:
        return f"{money(low)}–{money(high)}"
    if low is None:
        return _("up to %(price)s", price=money(high))
    if high is None:
        return _("from %(price)s", price=money(low))
    return money(low)


def safe_url(value: str | None) -> str | None:
    """Return ``value`` if it is an http(s) address, else None (no javascript: links)."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def tel_href(phone: str | None, country: str | None = None) -> str | None:
    """Return a tel: link that dials a phone number: its E.164 form (``tel:+13035550100``)
    when it reads as a valid number (for ``country``, if given), else its digits; no
    extension."""
    if not phone:
        return None
    number = parse_phone(phone, country)
    if number is not None:
        return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    digits = re.sub(r"[^\d+]", "", re.split(r"x|ext", phone, flags=re.I)[0])
    return f"tel:{digits}" if digits else None


def phone_display(phone: str | None, country: str | None = None) -> str:
    """Return a phone number in the national format of ``country`` (see
    ``fields.national_phone``): ``{{ p.phone | phone_display(p.country) }}``."""
    return national_phone(phone, country)


def paragraphs(text: str | None) -> list[str]:
    """Split free text into paragraphs at blank lines (each is escaped by Jinja)."""
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def language_names(codes, locale: str = "en") -> list[str]:
    """Return the names of language codes in ``locale``."""
    return [names.language_name(code, locale) for code in codes or []]


def register(app) -> None:
    """Make the filters available to every template."""
    app.add_template_filter(distance, "distance")
    app.add_template_filter(i18n.long_date, "long_date")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(km, "km")
    app.add_template_filter(price_range, "price_range")
    app.add_template_filter(safe_url, "safe_url")
    app.add_template_filter(tel_href, "tel_href")
    app.add_template_filter(phone_display, "phone_display")
    app.add_template_filter(paragraphs, "paragraphs")
    app.add_template_filter(names.country_name, "country_name")
    app.add_template_filter(names.in_sentence, "in_sentence")
    app.add_template_filter(names.language_name, "language_name")
    app.add_template_filter(language_names, "language_names")
    app.add_template_filter(payment_labels, "payment_labels")
    app.add_template_filter(units.distance_unit, "distance_unit")
    # The search page's script offers each unit's radii from these, not from its own copy.
    app.jinja_env.globals["radius_units"] = units.choices()
    app.add_template_filter(fictional_contact, "fictional_contact")
