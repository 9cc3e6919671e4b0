"""Parse and check search parameters; every problem names the field and what is accepted."""
import base64
import binascii
import dataclasses
import datetime as dt
import json
import math
from dataclasses import dataclass


from finder import clock
from finder import formats
from finder import i18n
from finder.errors import InvalidInput
from finder.geo.normalise import index_safe
from finder.i18n import gettext as _
from finder.names import OTHER_LANGUAGES
from finder.providers.fields import LANGUAGE_CODES
from finder.providers.payment import PAYMENT
from finder.providers.public import hidden_sources
from finder.schemas.search import DEFAULT_LIMIT
from finder.schemas.search import FORMATS
from finder.schemas.search import LANGUAGE_LENGTH
from finder.schemas.search import LENGTHS
from finder.schemas.search import MAX_LIMIT
from finder.schemas.search import SOURCE_LENGTH as MAX_SOURCE_LENGTH
from finder.search import selectivity
from finder.search.vocabulary import Vocabulary



@dataclass(frozen=True)
class SearchParams:
    """A checked search: where, what, how far, how many, and from which row on."""

    country: str
    near: str | None
    lat: float | None
    lon: float | None
    modalities: tuple[str, ...]
    family: tuple[str, ...]
    radius_km: float
    limit: int
    cursor: tuple[float, int] | None
    provider_types: tuple[str, ...]
    telehealth: bool | None
    accepting_new_clients: bool | None
    languages: tuple[str, ...]
    payment: tuple[str, ...]
    service: str | None
    sources: tuple[str, ...]
    exclude_sources: tuple[str, ...]
    # Facets to fetch providers by (all of ``facets``, any of ``facets_any``) when they are
    # rare enough that fetching beats walking the spatial index; empty means walk.
    facets: tuple[str, ...] = ()
    facets_any: tuple[str, ...] = ()
    # Listings last confirmed before this are stale: out of search until confirmed again.
    confirmed_since: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _raw(args, name: str) -> list[str]:
    if name not in args:   # most of a search's twenty parameters are absent
        return []
    if hasattr(args, "getlist"):
        values = [str(v) for v in args.getlist(name)]
    else:
        value = args.get(name)
        values = [] if value is None else (
            [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)])
    # PostgreSQL text cannot hold NUL (a 500 otherwise), and no postcode, place or tag has one.
    if any("\x00" in v for v in values):
        raise InvalidInput(_("%(field)s must not contain NUL characters.", field=name), field=name)
    return values


def _values(args, name: str) -> list[str]:
    """Return every value of a list parameter: repeated and comma-separated alike."""
    return [v.strip() for value in _raw(args, name) for v in value.split(",") if v.strip()]


def _one(args, name: str, limit: int = 100) -> str | None:
    values = [v.strip() for v in _raw(args, name)]
    if len(values) > 1:
        raise InvalidInput(_("%(field)s takes one value.", field=name), field=name)
    if values and len(values[0]) > limit:
        raise InvalidInput(_("%(field)s must be at most %(limit)s characters.", field=name, limit=limit),
                           field=name)
    return values[0] if values else None


def _number(args, name: str, low: float, high: float, default=None) -> float | None:
    raw = _one(args, name, 30)
    if raw is None:
        return default
    try:
        value = formats.number(raw)
    except ValueError:
        value = math.nan
    if not (low <= value <= high):
        raise InvalidInput(_("%(field)s must be a number from %(low)s to %(high)s, in ASCII digits "
                             "such as 10 or 2.5.", field=name, low=f"{low:g}", high=f"{high:g}"),
                           field=name, code="out_of_range")
    return value


def _whole(args, name: str, low: int, high: int, default: int) -> int:
    raw = _one(args, name, 30)
    if raw is None:
        return default
    try:
        value = formats.whole(raw)
    except ValueError:
        value = low - 1
    if not (low <= value <= high):
        raise InvalidInput(_("%(field)s must be a whole number from %(low)s to %(high)s, in ASCII "
                             "digits.", field=name, low=low, high=high),
                           field=name, code="out_of_range")
    return value


def _bool(args, name: str) -> bool | None:
    raw = _one(args, name, 10)
    if raw is None:
        return None
    try:
        return formats.boolean(raw)
    except ValueError:
        raise InvalidInput(_("%(field)s must be true or false.", field=name), field=name) from None


def encode_cursor(distance_m: float, provider_id: int) -> str:
    """Return an opaque cursor for the row after (distance, id)."""
    raw = json.dumps([distance_m, provider_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str) -> tuple[float, int]:
    """Read a cursor made by ``encode_cursor``; anything else is a 400."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        distance, provider_id = json.loads(raw)
        distance, provider_id = formats.json_number(distance), formats.json_whole(provider_id)
        if distance < 0:
            raise ValueError
        return distance, provider_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(_("cursor is not valid: pass the next_cursor of a previous answer."),
                           field="cursor") from None


def _modalities(args, vocab: Vocabulary) -> tuple[str, ...]:
    slugs = []
    for value in _values(args, "modality"):
        value = value.lower()
        if value in vocab.modalities:
            slugs.append(value)
        elif value in vocab.families:
            slugs += vocab.families[value]
        else:
            known = sorted(vocab.modalities) + sorted(vocab.families)
            raise InvalidInput(_("Unknown modality %(value)r. Use one of: %(known)s.",
                                 value=value[:40], known=", ".join(known)),
                               field="modality", code="unknown_modality")
    return tuple(dict.fromkeys(slugs))


def _family(modalities: tuple[str, ...], vocab: Vocabulary) -> tuple[str, ...]:
    """Return every slug of the one family the chosen modalities belong to, if one does."""
    families = {vocab.modalities[m]["family"] for m in modalities}
    return tuple(sorted(vocab.families[families.pop()])) if len(families) == 1 else ()


def _country(args, vocab: Vocabulary, default: str) -> str:
    try:
        country = formats.country(_one(args, "country", LENGTHS["country"]) or default)
    except ValueError:
        raise InvalidInput(_("country must be a two-letter ISO code such as US or GB."),
                           field="country") from None
    if country not in vocab.countries:
        raise InvalidInput(_("Country %(country)s is not supported. Supported: %(known)s.",
                             country=country, known=", ".join(sorted(vocab.countries))),
                           field="country",
                           code="unsupported_country")
    return country


def _location(args):
    near = _one(args, "near", LENGTHS["near"])
    lat = _number(args, "lat", -90, 90)
    lon = _number(args, "lon", -180, 180)
    if lat is not None and lon is not None:
        lat, lon = index_safe(lat, lon)
    if near is not None and (lat is not None or lon is not None):
        raise InvalidInput(_("Give either near or lat and lon, not both."), field="near")
    if near is None and (lat is None) != (lon is None):
        raise InvalidInput(_("lat and lon go together."), field="lat" if lat is None else "lon")
    if near is None and lat is None:
        raise InvalidInput(_("Say where to search: near (a postcode or town) or lat and lon."),
                           field="near", code="missing_parameter")
    if near is not None and not near.strip():
        raise InvalidInput(_("near must not be empty."), field="near", code="missing_parameter")
    return near, lat, lon


def _choices(args, name: str, known, what: str) -> tuple[str, ...]:
    values = tuple(v.lower() for v in _values(args, name))
    for v in values:
        if v not in known:
            raise InvalidInput(_("Unknown %(what)s %(value)r. Use one of: %(known)s.", what=what,
                                 value=v[:40], known=", ".join(sorted(known))), field=name)
    return values


def _sources(args) -> tuple[str, ...]:
    sources = tuple(_values(args, "source"))
    for source in sources:
        if len(source) > MAX_SOURCE_LENGTH:
            raise InvalidInput(_("Each source must be at most %(limit)s characters, such as "
                                 "samhsa-2022, listing or demo.", limit=MAX_SOURCE_LENGTH),
                               field="source")
    return sources


def _languages(args) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(v.lower() for v in _values(args, "language")))
    for code in codes:
        if len(code) > LANGUAGE_LENGTH or code not in LANGUAGE_CODES:
            raise InvalidInput(_("language %(value)r is not a language code: use ISO 639-1 codes "
                                 "such as en or es (repeat or separate with commas), or one "
                                 "of %(others)s.", value=code[:20],
                                 others=", ".join(sorted(OTHER_LANGUAGES))),
                               field="language")
    return codes


def _payment(args) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(_values(args, "payment")))
    for value in values:
        if value not in PAYMENT:   # as the document's enum says: lower case
            raise InvalidInput(_("Unknown payment %(value)r. Use one or more of: %(known)s.",
                                 value=value[:40], known=", ".join(PAYMENT)), field="payment")
    return values


def _lang(args) -> None:
    """Refuse a ``lang`` the API does not speak (``finder.i18n`` reads a good one)."""
    lang = _one(args, "lang", 10)
    if lang is not None and lang.lower() not in i18n.LOCALES:
        raise InvalidInput(_("lang must be one of: %(known)s.", known=", ".join(i18n.LOCALES)),
                           field="lang")


def _format(args) -> str:
    answer = _one(args, "format", 10)
    if answer is None:
        return "json"
    if answer not in FORMATS:   # "" too: the document allows json or geojson, nothing else
        raise InvalidInput(_("format must be one of: %(known)s.", known=", ".join(FORMATS)),
                           field="format")
    return answer


def parse(args, vocab: Vocabulary, config) -> SearchParams:
    """Check request arguments against the vocabularies and limits in ``config``."""
    near, lat, lon = _location(args)
    languages = _languages(args)
    payment = _payment(args)
    cursor = _one(args, "cursor", LENGTHS["cursor"])
    service = _one(args, "service", LENGTHS["service"])
    if service is not None and service.lower() not in vocab.service_tags:
        raise InvalidInput(_("Unknown service %(value)r.", value=service[:40]), field="service")
    sources = _sources(args)
    _format(args)
    _lang(args)
    exclude = hidden_sources(config)
    modalities = _modalities(args, vocab)
    params = SearchParams(
        country=_country(args, vocab, config.get("DEFAULT_COUNTRY", "US")),
        near=near, lat=lat, lon=lon,
        modalities=modalities, family=_family(modalities, vocab),
        radius_km=_number(args, "radius_km", 0.1, config.get("SEARCH_MAX_RADIUS_KM", 500),
                          config.get("SEARCH_DEFAULT_RADIUS_KM", 50)),
        limit=_whole(args, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
        cursor=decode_cursor(cursor) if cursor else None,
        provider_types=_choices(args, "provider_type", vocab.provider_types, "provider_type"),
        telehealth=_bool(args, "telehealth"),
        accepting_new_clients=_bool(args, "accepting_new_clients"),
        languages=languages, payment=payment,
        service=service.lower() if service else None,
        sources=sources, exclude_sources=exclude,
        confirmed_since=clock.days_ago(config.get("STALE_AFTER_DAYS", 365), config))
    every, some = selectivity.fetch_facets(vocab.stats, *facets_of(params, vocab.stats))
    return dataclasses.replace(params, facets=tuple(every), facets_any=tuple(some))


def facets_of(params: SearchParams, stats=None) -> tuple[list[str], list[str]]:
    """Return the facets a provider must all hold, and those it must hold one of.

    Each list filter (modalities, languages, payment) matches a provider holding any of
    its values. One language or payment value is a facet every match holds; of the
    modalities and the lists with several values, the rarest together (by ``stats``; the
    first without them) is the one a fetch may use, and the others are checked on the
    rows it fetches (``queries._filters`` always states every filter).
    """
    every = []
    lists = [[f"l:{c}" for c in params.languages], [f"p:{v}" for v in params.payment]]
    several = [group for group in [[f"m:{m}" for m in params.modalities]] + lists if group]
    if params.telehealth is not None:
        every.append(f"tele:{str(params.telehealth).lower()}")
    if params.accepting_new_clients is not None:
        every.append(f"acc:{str(params.accepting_new_clients).lower()}")
    for group in lists:
        if len(group) == 1:
            every.append(group[0])
            several.remove(group)
    if params.service:
        every.append(f"s:{params.service}")
    if len(params.provider_types) == 1:
        every.append(f"t:{params.provider_types[0]}")
    if len(params.sources) == 1:
        every.append(f"src:{params.sources[0]}")
    if not several:
        return every, []
    if stats is None:
        return every, several[0]
    return every, min(several, key=lambda group: sum(selectivity.frequency(stats, f)
                                                     for f in group))
