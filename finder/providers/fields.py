"""Rules for provider fields, shared by the CSV import and the listing form.

Each ``clean_*`` returns the cleaned value or raises ``FieldError`` with a message
that says what is accepted. The messages are marked for translation (``N_``) and name the
field through ``%(label)s``: ``err.text(label)`` says it in the request's language (English
outside a request), with the field as the caller labels it (the form's label, or the CSV
column's name).
"""
import re

from flask import has_app_context

from finder import formats
from finder.formats import EMAIL_RE
from finder.formats import WEBSITE_RE
from finder.i18n import gettext
from finder.names import N_
from finder.names import OTHER_LANGUAGES
from finder.schemas.listing import LANGUAGE_CODES
from finder.schemas.listing import LIMITS  # noqa: F401 (declared there, read here)
from finder.schemas.vocabulary import CURRENCIES
from finder.schemas.vocabulary import PAYMENT
from finder.schemas.vocabulary import PRICE_MAX

LIST_SEPARATORS = re.compile(r"[;,]")


# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection"): written with a
# leading apostrophe, which spreadsheets show as text and the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# What an empty required field raises (the listing form says it per field instead).
IS_REQUIRED = N_("%(label)s is required.")
NEEDS_ONE = N_("%(label)s needs at least one of: %(choices)s.")


class FieldError(ValueError):
    """One field's value is not acceptable: a message id and the values it names."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params

    def text(self, label: str) -> str:
        """Say what is wrong, naming the field as ``label``."""
        words = {**self.params, "label": label}
        try:
            if has_app_context():
                return gettext(self.message, **words)
            return self.message % words
        except (KeyError, ValueError, TypeError):   # a message made of text as typed
            return self.message

    def __str__(self) -> str:
        return self.text(self.params.get("label", "This field"))


def clean_text(field: str, value, required: bool = False) -> str | None:
    """Strip a text field, enforce its length limit and whether it is required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FieldError(N_("%(label)s must be text."))
    limit = LIMITS.get(field)
    if limit and len(value) > limit:   # as sent: the document's maxLength counts spaces too
        raise FieldError(N_("%(label)s must be at most %(limit)s characters; shorten it."),
                         limit=limit)
    if not value.strip():
        if required:
            raise FieldError(IS_REQUIRED)
        return None
    value = value.strip()
    if "\x00" in value:
        raise FieldError(N_("%(label)s must not contain NUL characters; remove them."))
    if not formats.is_plain_text(value):
        raise FieldError(N_("%(label)s must not contain control characters; remove them "
                            "(tabs and line breaks are fine)."))
    if not is_unicode(value):
        raise FieldError(N_("%(label)s must be valid Unicode text."))
    return value


def is_unicode(value: str) -> bool:
    """Tell whether ``value`` can be stored: JSON's "\\ud800" escapes give lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_bool(value, default: bool | None) -> bool | None:
    """Accept a CSV cell's true/false, yes/no, 1/0 (any case); blank means ``default``
    (None: unknown)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        return formats.boolean(str(value).strip())
    except ValueError:
        raise FieldError(N_("%(label)s must be true or false.")) from None


def clean_flag(value, default: bool) -> bool:
    """Accept a JSON boolean; null or absent means ``default``."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise FieldError(N_("%(label)s must be true or false (a JSON boolean)."))
    return value


def strict_list(value) -> list[str]:
    """Accept a JSON list of text values as sent (null or absent: an empty list)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError(N_("%(label)s must be a list of text values."))
    return value


def clean_choice(value, choices, what: str) -> str:
    """Accept one slug from ``choices``."""
    if not isinstance(value, str) or value.strip() not in choices:
        raise FieldError(N_("%(label)s must be one of the known %(what)s: %(choices)s."),
                         what=what, choices=", ".join(sorted(choices)))
    return value.strip()


def split_list(value) -> list[str]:
    """Split ``a;b`` or ``a, b`` text (or take a JSON list) into stripped items."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in LIST_SEPARATORS.split(value) if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise FieldError(N_("%(label)s must be a list of text values."))


def clean_modalities(value, known, required: bool = True) -> list[str]:
    """Accept one or more known modality slugs."""
    slugs = split_list(value)
    if not slugs and required:
        raise FieldError(NEEDS_ONE,
                         choices=", ".join(sorted(known)))
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise FieldError(N_("%(label)s has the unknown modality %(value)s; known: %(choices)s."),
                         value=repr(unknown[0]), choices=", ".join(sorted(known)))
    return list(dict.fromkeys(slugs))


def clean_languages(value, exact: bool = False) -> list[str]:
    """Accept ISO 639-1 language codes such as ``en`` or ``es``, or one of the ISO 639-2
    codes finder names (``sgn``: sign language); ``exact``: lower case as sent, as the API
    takes them; a CSV cell may say ``EN; es``."""
    codes = value if exact else [c.lower() for c in split_list(value)]
    bad = [c for c in codes if c not in LANGUAGE_CODES]
    if bad:
        raise FieldError(N_("%(label)s: %(value)s is not a language code we know; use ISO "
                            "639-1 codes such as en or es, or one of %(others)s."),
                         value=repr(bad[0][:20]), others=", ".join(sorted(OTHER_LANGUAGES)))
    return list(dict.fromkeys(codes))


def clean_payment(value, exact: bool = False) -> list[str]:
    """Accept payment slugs such as ``medicaid`` or ``sliding-fee`` (``exact``: as sent, as
    the API takes them; a CSV cell may say ``Medicaid; self-pay``)."""
    slugs = value if exact else [s.lower() for s in split_list(value)]
    bad = [s for s in slugs if s not in PAYMENT]
    if bad:
        raise FieldError(N_("%(label)s has unknown value %(value)s; known: %(choices)s."),
                         value=repr(bad[0][:40]), choices=", ".join(PAYMENT))
    return [s for s in PAYMENT if s in set(slugs)]


def clean_price(value) -> float | None:
    """Accept a price per session: a number from 0 to ``PRICE_MAX`` with at most two
    decimals (JSON number, or a CSV cell's ASCII decimal); blank means none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = formats.number(value.strip()) if isinstance(value, str) \
            else formats.json_number(value)
    except ValueError:
        number = -1.0
    if not (0 <= number <= PRICE_MAX) or round(number, 2) != number:
        raise FieldError(N_("%(label)s must be a number from 0 to %(max)s, with at most two "
                            "decimals, such as 150 or 99.50."), max=PRICE_MAX)
    return number


def clean_currency(value) -> str | None:
    """Accept an ISO 4217 currency code from ``CURRENCIES``; blank means none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = value.strip().upper() if isinstance(value, str) else value
    if code not in CURRENCIES:
        raise FieldError(N_("%(label)s must be one of the currency codes %(codes)s."),
                         codes=", ".join(CURRENCIES))
    return code


def check_price(price_min, price_max, currency) -> None:
    """Check that a price range runs low to high and names its currency (and only then)."""
    if price_min is not None and price_max is not None and price_max < price_min:
        raise FieldError(N_("price_max must not be below price_min."))
    if (price_min is not None or price_max is not None) != (currency is not None):
        raise FieldError(N_("price_currency goes with a price: give both, or neither."))


def clean_url(value) -> str | None:
    """Accept an http(s) URL; a bare domain gets https:// in front."""
    value = clean_text("website", value)
    if not value:
        return None
    if not WEBSITE_RE.match(value):
        raise FieldError(N_("%(label)s must be a web address starting with https:// or "
                            "http://, such as https://example.org, with no spaces, quotes "
                            "or invisible characters."))
    return value if "://" in value else "https://" + value


def clean_email(value, required: bool = False) -> str | None:
    """Accept one email address."""
    value = clean_text("email", value, required=required)
    if value and not EMAIL_RE.match(value):
        raise FieldError(N_("%(label)s must be an email address such as name@example.com."))
    return value


def clean_country(value, known=None) -> str:
    """Accept a two-letter ISO country code, optionally one of ``known``."""
    try:
        country = formats.country(value.strip() if isinstance(value, str) else value)
    except ValueError:
        raise FieldError(N_("%(label)s must be a two-letter country code such as US or GB.")) \
            from None
    if known is not None and country not in known:
        raise FieldError(N_("%(label)s: %(country)s is not a country with postcode data loaded."),
                         country=country)
    return country


def clean_coordinate(value, low: float, high: float, text: bool = False) -> float:
    """Accept a JSON number (or, with ``text``, a CSV cell's ASCII decimal) in range."""
    try:
        number = formats.number(value.strip()) if text and isinstance(value, str) \
            else formats.json_number(value)
    except ValueError:
        raise FieldError(N_("%(label)s must be a number between %(low)s and %(high)s."),
                         low=f"{low:g}", high=f"{high:g}") from None
    if not (low <= number <= high):
        raise FieldError(N_("%(label)s must be a number between %(low)s and %(high)s."),
                         low=f"{low:g}", high=f"{high:g}")
    return number


def spreadsheet_safe(value):
    """Return a CSV cell that no spreadsheet runs as a formula (text only; numbers as is)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_spreadsheet(value):
    """Undo ``spreadsheet_safe`` on a cell read from a CSV file."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
