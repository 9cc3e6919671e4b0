"""Keep visitors' locations and every secret out of the logs.

What a log line may keep of a request:

- ``near``: a postcode shrinks to its outward part: ``SW1A 1AA`` -> ``SW1A``,
  ``K1A 0B1`` -> ``K1A``, ``D02 X285`` -> ``D02``; a numeric code keeps all but its last
  two digits, at most three: ``90210-1234`` -> ``902`` (the 3-digit ZIP prefix, as HIPAA's
  safe harbour keeps), ``10115`` -> ``101``, ``1012 AB`` -> ``10``. A place name without
  digits (``Denver, CO``) is kept: a town is coarser than a kilometre. ``lat``/``lon``
  keep two decimals (about 1 km).
- Other query values are kept only for the search filters (``modality``, ``country``, ...);
  any other value (a cursor, ``next``, anything unexpected) becomes ``[redacted]``.
- Edit-link tokens in paths (``/get-listed/edit/<token>``), long random strings,
  ``Bearer``/``Basic`` credentials, ``password=``/``token=`` pairs and cookies become
  ``[redacted]``; email addresses keep their first letter and domain (``j…@example.org``).

``RedactingFilter`` applies this to whole log lines (the app's handlers, gunicorn's error
log, werkzeug's request log); ``finder.accesslog`` applies it to gunicorn's access log.
"""
import logging
import re
from urllib.parse import quote_plus
from urllib.parse import unquote_plus

REDACTED = "[redacted]"
PLACE_PARAMS = {"near", "postcode", "q", "place"}
COORDINATE_PARAMS = {"lat", "lon", "lng", "latitude", "longitude"}
# Search filters: nothing personal in them, and what an operator needs to read a log.
KEPT_PARAMS = {"modality", "country", "radius_km", "limit", "telehealth",
               "accepting_new_clients", "language", "provider_type", "service", "source",
               "format", "unit"}

UK_POSTCODE = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?) ?\d[A-Z]{2}")
UK_OUTWARD = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")
CA_POSTCODE = re.compile(r"([A-Z]\d[A-Z]) ?\d[A-Z]\d")
IE_EIRCODE = re.compile(r"([AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}")
COORDINATE_PAIR = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*")

# In free text: a path or URL with a query string, an edit link, credentials, emails.
URL_WITH_QUERY = re.compile(r"(?P<path>(?:https?://[^\s/\"'?#]+)?/[^\s\"'?#]*)\?"
                            r"(?P<query>[^\s\"'#]*)")
EDIT_TOKEN = re.compile(r"(/(?:edit|confirm)/)[^/\s\"'?#]+")   # edit and confirm links
CREDENTIALS = re.compile(r"\b((?i:bearer)|Basic)(\s+)[A-Za-z0-9._~+/=-]+")
SECRET_WORDS = ("password", "passwd", "token", "secret", "api_key", "session")
SECRET_PAIR = re.compile(r"(?i)\b(password|passwd|token|secret|api_key|csrf_token|session)"
                         r"(=|:\s*)[^&\s\"',;]+")
EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
# finder's tokens are 43 URL-safe base64 characters (see ``looks_random``).
LONG_RUN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])")


def coarse_postcode(value: str) -> str:
    """Return the outward part of a postcode (see the module's docstring)."""
    code = " ".join(value.upper().split())
    for shape in (UK_POSTCODE, CA_POSTCODE, IE_EIRCODE):
        match = shape.fullmatch(code)
        if match:
            return match.group(1)
    if UK_OUTWARD.fullmatch(code):
        return code
    first = re.split(r"[\s-]", code)[0]
    if first.isdigit():
        return first[:max(1, min(3, len(first) - 2))]
    return first[:3]


def coarse_coordinate(value: str) -> str:
    """Return a latitude or longitude rounded to two decimals (about 1 km)."""
    try:
        return f"{float(value):.2f}"
    except ValueError:
        return REDACTED


def coarse_place(value: str) -> str:
    """Return what a visitor typed as a place, no more precise than about 1 km."""
    pair = COORDINATE_PAIR.fullmatch(value)
    if pair:
        return ",".join(coarse_coordinate(v) for v in pair.groups())
    if any(c.isdigit() for c in value):
        return coarse_postcode(value)
    return " ".join(value.split())[:60]


def redact_query(query: str) -> str:
    """Return a query string with locations made coarse and unexpected values redacted."""
    pairs = []
    for pair in query.split("&"):
        name, equals, value = pair.partition("=")
        key = unquote_plus(name).lower()
        if key in KEPT_PARAMS or not value:
            pairs.append(pair)   # as it came, encoding and all
            continue
        if key in PLACE_PARAMS:
            value = quote_plus(coarse_place(unquote_plus(value)), safe=",")
        elif key in COORDINATE_PARAMS:
            value = coarse_coordinate(unquote_plus(value))
        else:
            value = REDACTED
        pairs.append(f"{name}{equals}{value}")
    return "&".join(pairs)


def redact_text(text: str) -> str:
    """Redact every URL's query, edit token, credential, secret and email in ``text``."""
    if not text:
        return text
    # Each pattern runs only where a cheap test says it could match: this runs on every
    # access-log line, so a plain line must cost microseconds.
    if "?" in text:
        text = URL_WITH_QUERY.sub(lambda m: f"{m['path']}?{redact_query(m['query'])}", text)
    if "/edit/" in text or "/confirm/" in text:
        text = EDIT_TOKEN.sub(rf"\1{REDACTED}", text)
    lowered = text.lower()
    if "bearer" in lowered or "Basic" in text:
        text = CREDENTIALS.sub(rf"\1\2{REDACTED}", text)
    if any(word in lowered for word in SECRET_WORDS):
        text = SECRET_PAIR.sub(rf"\1\2{REDACTED}", text)
    if "@" in text:
        text = EMAIL.sub(mask_email, text)
    return LONG_RUN.sub(lambda m: REDACTED if looks_random(m[0]) else m[0], text)


def looks_random(run: str) -> bool:
    """Tell whether a long run of URL-safe characters is a secret rather than a name.

    Slugs and hex digests are lower case; a CamelCase name has no digits and is short. A
    43-character token lacks capitals, small letters or digits about once in 10^4.
    """
    upper = any(c.isupper() for c in run)
    lower = any(c.islower() for c in run)
    digit = any(c.isdigit() for c in run)
    return upper and lower and (digit or len(run) >= 40)


def mask_email(address) -> str:
    """Return an address as ``j…@example.org`` (takes a string or an ``EMAIL`` match).

    A string with no ``@`` (such as "moderators") is not an address and comes back as it is.
    """
    if isinstance(address, str) and "@" not in address:
        return address
    match = address if isinstance(address, re.Match) else EMAIL.search(address)
    if match is None:
        return REDACTED
    return f"{match[1]}…@{match[2]}"


class RedactingFilter(logging.Filter):
    """Rewrite each record's message (and traceback) through ``redact_text``."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; never drop it."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format: leave it to logging's own error report
            return True
        record.msg, record.args = redact_text(message), None
        if record.exc_info or record.exc_text:   # formatters reuse exc_text when it is set
            record.exc_text = redact_text(
                record.exc_text or logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True


def add_filter(target) -> None:
    """Give a logger or handler one ``RedactingFilter`` (again is a no-op)."""
    if not any(isinstance(f, RedactingFilter) for f in target.filters):
        target.addFilter(RedactingFilter())


def install() -> None:
    """Redact what the root logger's handlers and werkzeug's request log write."""
    for handler in logging.getLogger().handlers:
        add_filter(handler)
    add_filter(logging.getLogger("werkzeug"))
