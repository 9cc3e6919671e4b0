"""The strict formats every input is read in: numbers, whole numbers, booleans, country codes.

One place for how strict finder is, so that search parameters, listings, moderation forms
and the CSV import agree with each other and with the OpenAPI document. Only ASCII digits
and letters count: Python's own ``int`` and ``float`` also take ``1_0``, ``١٠`` (Arabic-Indic
digits), ``²`` and surrounding spaces, and ``str.upper`` turns ``ß`` into ``SS``. Each
function raises ``ValueError`` for anything else; the caller names the field.
"""
import math
import re

# A decimal number as JSON writes it, leading zeros and a leading "." allowed.
NUMBER_RE = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
WHOLE_RE = re.compile(r"-?[0-9]{1,18}")   # fits PostgreSQL's bigint
BIGINT_MAX = 2**63 - 1
COUNTRY_RE = re.compile(r"[A-Za-z]{2}")
# Text may hold tabs and line breaks, no other control character (NUL included).
CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
CONTROL_RE = re.compile(f"[{CONTROLS}]")
PLAIN_TEXT = f"^[^{CONTROLS}]*$"                            # the document's patterns
SOME_PLAIN_TEXT = f"^[^{CONTROLS}]*[^\\s{CONTROLS}][^{CONTROLS}]*$"   # not only spaces
# A listing's phone, email and website: the OpenAPI document's patterns too (JSON Schema
# has no flags, so no re.I). Each allows the spaces around a value that clean_text trims;
# blank matches too: an optional field left blank is no value.
PHONE_RE = re.compile(r"^\s*(\+?[0-9 ().\-]{6,30}( *([xX]|[eE][xX][tT]\.?|[eE]xtension) *"
                      r"[0-9]{1,6})?)?\s*$")
# An address's length limit (RFC 5321's path limit, less the angle brackets).
EMAIL_LENGTH = 254
# \s is Python's, which also takes \x1c-\x1f and \x85 as spaces: no control character.
EMAIL_RE = re.compile(r"^\s*[^@\s\x00-\x1f\x7f\x85]{1,64}@[^@\s\x00-\x1f\x7f\x85]+\."
                      r"[^@\s\x00-\x1f\x7f\x85]{2,}\s*$")
# An http(s) address with an ASCII host name (IDN hosts in their xn-- form); no spaces,
# controls, quotes or brackets, and no invisible direction marks anywhere in it.
URL_CHARS = "[^\\s\\x00-\\x1f\\x7f\"<>\\\\^`{|}\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069]"
WEBSITE_RE = re.compile(r"^\s*((https?://)?[A-Za-z0-9.-]+\.[A-Za-z0-9-]+(:[0-9]{1,5})?"
                        r"([/?#]" + URL_CHARS + r"*)?)?\s*$")
# A licence registry's page a moderator checked: an http(s) address, host name required.
LOOKUP_URL_RE = re.compile(r"^\s*https?://[A-Za-z0-9.-]+\.[A-Za-z0-9-]+(:[0-9]{1,5})?"
                           r"([/?#]" + URL_CHARS + r"*)?\s*$")
BOOL_WORDS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def is_plain_text(text: str) -> bool:
    """Tell whether ``text`` has no control character but tabs and line breaks."""
    return CONTROL_RE.search(text) is None


def number(text: str) -> float:
    """Read a finite decimal number written in ASCII (``12``, ``-0.5``, ``1e3``)."""
    if not isinstance(text, str) or not NUMBER_RE.fullmatch(text):
        raise ValueError("not a decimal number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def whole(text: str) -> int:
    """Read a whole number of at most 18 ASCII digits, optionally negative."""
    if not isinstance(text, str) or not WHOLE_RE.fullmatch(text):
        raise ValueError("not a whole number")
    return int(text)


def json_number(value) -> float:
    """Accept a JSON number (not a boolean, not a numeric string) that is finite."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value):
        raise ValueError("not a number")
    return float(value)


def json_whole(value) -> int:
    """Accept a JSON integer that fits PostgreSQL's bigint: ``2`` or ``2.0``, which JSON
    Schema (and so the OpenAPI document) counts as an integer too; not a boolean, not 2.5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > BIGINT_MAX:
        raise ValueError("not a whole number")
    return value


def boolean(text: str) -> bool:
    """Read true/false, 1/0 or yes/no, in any case (a query parameter or a CSV cell)."""
    word = text.lower() if isinstance(text, str) and text.isascii() else None
    if word not in BOOL_WORDS:
        raise ValueError("not true or false")
    return BOOL_WORDS[word]


def country(text: str) -> str:
    """Read a two-letter ISO 3166 code in ASCII letters, in either case; return it upper."""
    if not isinstance(text, str) or not COUNTRY_RE.fullmatch(text):
        raise ValueError("not a two-letter country code")
    return text.upper()
