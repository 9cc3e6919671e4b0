"""Rules for provider fields, shared by the CSV import and the listing form.

Each ``clean_*`` returns the cleaned value or raises ``FieldError`` with a message
that says what is accepted.
"""
import re
from urllib.parse import urlparse

LIMITS = {"name": 200, "credentials": 100, "practice_name": 200, "phone": 40, "website": 300,
          "bio": 5000, "street": 200, "city": 100, "region": 100, "postcode": 16,
          "external_id": 100, "email": 254, "license_number": 60, "license_region": 60}
TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}
# ISO 639-1 codes (two letters); the full list keeps typos such as "eng" out.
ISO_639_1 = set("""aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch
co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha
he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no
nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq
sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
yo za zh zu""".split())
PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{6,30}( *(x|ext\.?|extension) *[0-9]{1,6})?$", re.I)
COUNTRY_RE = re.compile(r"[A-Za-z]{2}")
LIST_SEPARATORS = re.compile(r"[;,]")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class FieldError(ValueError):
    """One field's value is not acceptable."""


def clean_text(field: str, value, required: bool = False) -> str | None:
    """Strip a text field, enforce its length limit and whether it is required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FieldError("must be text")
    value = value.strip()
    if not value:
        if required:
            raise FieldError("is required")
        return None
    if "\x00" in value:
        raise FieldError("must not contain NUL characters")
    if not is_unicode(value):
        raise FieldError("must be valid Unicode text")
    limit = LIMITS.get(field)
    if limit and len(value) > limit:
        raise FieldError(f"must be at most {limit} characters")
    return value


def is_unicode(value: str) -> bool:
    """Tell whether ``value`` can be stored: JSON's "\\ud800" escapes give lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_bool(value, default: bool | None) -> bool | None:
    """Accept true/false, yes/no, 1/0 (any case) or a JSON boolean; blank means ``default``."""
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise FieldError("must be true or false")


def clean_choice(value, choices, what: str) -> str:
    """Accept one slug from ``choices``."""
    if not isinstance(value, str) or value.strip() not in choices:
        raise FieldError(f"must be one of the known {what}: {', '.join(sorted(choices))}")
    return value.strip()


def split_list(value) -> list[str]:
    """Split ``a;b`` or ``a, b`` text (or take a JSON list) into stripped items."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in LIST_SEPARATORS.split(value) if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise FieldError("must be a list of text values")


def clean_modalities(value, known, required: bool = True) -> list[str]:
    """Accept one or more known modality slugs."""
    slugs = split_list(value)
    if not slugs and required:
        raise FieldError(f"needs at least one of: {', '.join(sorted(known))}")
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise FieldError(f"unknown modality {unknown[0]!r}; known: {', '.join(sorted(known))}")
    return list(dict.fromkeys(slugs))


def clean_languages(value) -> list[str]:
    """Accept ISO 639-1 language codes such as ``en`` or ``es``."""
    codes = [c.lower() for c in split_list(value)]
    bad = [c for c in codes if c not in ISO_639_1]
    if bad:
        raise FieldError(f"{bad[0]!r} is not an ISO 639-1 language code (two letters, e.g. en)")
    return list(dict.fromkeys(codes))


def clean_phone(value) -> str | None:
    """Accept digits with spaces, dashes, dots, brackets, a leading + and an extension."""
    value = clean_text("phone", value)
    if value and not PHONE_RE.match(value):
        raise FieldError("must be a phone number such as +1 303-555-0100 or 480-784-1514 x1126")
    return value


def clean_url(value) -> str | None:
    """Accept an http(s) URL; a bare domain gets https:// in front."""
    value = clean_text("website", value)
    if not value:
        return None
    if "://" not in value:
        value = "https://" + value
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or "." not in (parsed.hostname or ""):
        raise FieldError("must be a web address starting with http:// or https://")
    return value


def clean_email(value, required: bool = False) -> str | None:
    """Accept one email address."""
    value = clean_text("email", value, required=required)
    if value and not EMAIL_RE.match(value):
        raise FieldError("must be an email address such as name@example.com")
    return value


def clean_country(value, known=None) -> str:
    """Accept a two-letter ISO country code, optionally one of ``known``."""
    if not isinstance(value, str) or not COUNTRY_RE.fullmatch(value.strip()):
        raise FieldError("must be a two-letter ISO country code such as US or GB")
    country = value.strip().upper()
    if known is not None and country not in known:
        raise FieldError(f"{country} is not a country with postcode data loaded")
    return country


def clean_coordinate(value, low: float, high: float) -> float:
    """Accept a number between ``low`` and ``high``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FieldError(f"must be a number between {low:g} and {high:g}") from None
    if not (low <= number <= high):
        raise FieldError(f"must be a number between {low:g} and {high:g}")
    return number
