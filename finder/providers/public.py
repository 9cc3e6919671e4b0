"""The public face of a provider: which columns leave the database and in what shape.

Every public response (search, profile, export, GeoJSON) builds on ``PUBLIC_SQL`` and
``public_record``; private fields are not selected at all, so they cannot leak. Which
sources the public does not see at all is ``hidden_sources``.
"""
import datetime as dt
import functools
import re
import unicodedata


from finder import clock
from finder.i18n import gettext as _
from finder.i18n import long_date
from finder.names import N_

PUBLIC_COLUMNS = ("id", "source", "external_id", "name", "credentials", "practice_name",
                  "provider_type", "modalities", "service_tags", "telehealth",
                  "accepting_new_clients", "languages", "payment", "price_min",
                  "price_max", "price_currency", "phone", "website", "bio", "street",
                  "city", "region", "postcode", "country", "location_precision",
                  "last_confirmed", "verified_registry", "verification_status", "verified_on",
                  "verification_expires")
PUBLIC_SQL = ", ".join(f"p.{c}" for c in PUBLIC_COLUMNS) + \
    ", ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon"
DEMO_SOURCE = "demo"
SOURCE_CREDITS = {"samhsa-2022": N_("Source: SAMHSA National Directories, 2022"),
                  DEMO_SOURCE: N_("Synthetic demo listing, not a real provider")}
# Sources whose record says where it comes from instead of a licence verification.
DIRECTORY_RECORDS = {"samhsa-2022": N_("From SAMHSA's national directory, 2022")}
FOUND = {"expired": N_("licence expired"), "suspended": N_("licence suspended"),
         "revoked": N_("licence revoked"), "not-found": N_("no such licence found")}


def hidden_sources(config) -> tuple[str, ...]:
    """Return the sources the public is not shown: the demo providers, unless
    ``SHOW_DEMO_PROVIDERS``. Search, profiles, GeoJSON and export all ask here."""
    return () if config.get("SHOW_DEMO_PROVIDERS", True) else (DEMO_SOURCE,)


def confirmed_since(config) -> dt.datetime:
    """Return the moment before which a listing's last confirmation makes it stale:
    ``STALE_AFTER_DAYS`` before today. Search and exports leave stale listings out."""
    return clock.days_ago(config.get("STALE_AFTER_DAYS", 365), config)


def slugify(text: str) -> str:
    """Return a URL-safe lower-case version of ``text``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]


@functools.lru_cache(maxsize=20_000)
def provider_slug(provider_id: int, name: str) -> str:
    """Return the profile slug: the id (what is looked up) and the name (for people).

    Searches return the same providers again and again; the slug is remembered rather
    than normalised anew for every result.
    """
    words = slugify(name or "")
    return f"{provider_id}-{words}" if words else str(provider_id)


def slug_id(slug: str) -> int | None:
    """Return the provider id a profile slug starts with, or None."""
    match = re.match(r"^(\d{1,18})(-|$)", slug)
    return int(match.group(1)) if match else None


def public_record(row, profile_url: str | None = None) -> dict:
    """Shape one selected row (``PUBLIC_SQL`` columns) as the API presents a provider."""
    return {
        "id": row.id,
        "slug": provider_slug(row.id, row.name),
        "name": row.name,
        "credentials": row.credentials,
        "practice_name": row.practice_name,
        "provider_type": row.provider_type,
        "modalities": list(row.modalities or []),
        "service_tags": list(row.service_tags or []),
        "telehealth": row.telehealth,
        "accepting_new_clients": row.accepting_new_clients,
        "languages": list(row.languages or []),
        "payment": list(row.payment or []),
        "price": price(row),
        "phone": row.phone,
        "website": row.website,
        "bio": row.bio,
        "address": {"street": row.street, "city": row.city, "region": row.region,
                    "postcode": row.postcode, "country": row.country},
        "location": {"lat": round(row.lat, 6), "lon": round(row.lon, 6),
                     "precision": row.location_precision},
        "source": row.source,
        "source_credit": _(SOURCE_CREDITS[row.source]) if row.source in SOURCE_CREDITS else None,
        "verification": verification(row),
        "last_confirmed": day(row.last_confirmed),
        "confirmed_label": confirmed_label(row.last_confirmed),
        "profile_url": profile_url,
    }


def day(value) -> str | None:
    """Return a date, timestamp or ISO text (from JSON) as ``YYYY-MM-DD``, or None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value[:10]
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.timezone.utc)
    return value.isoformat()[:10]


def confirmed_label(last_confirmed, config=None) -> str | None:
    """Say when a listing was last confirmed ("Confirmed 3 months ago"), or that it has not
    been since a date once it is stale; None when there is no date (imported records)."""
    confirmed = day(last_confirmed)
    if confirmed is None:
        return None
    days = (clock.today(config) - dt.date.fromisoformat(confirmed)).days
    if days > clock.setting("STALE_AFTER_DAYS", 365, config):
        return _("Not confirmed since %(date)s", date=long_date(confirmed))
    if days <= 0:
        return _("Confirmed today")
    if days == 1:
        return _("Confirmed yesterday")
    if days < 60:
        return _("Confirmed %(num)s days ago", num=days)
    return _("Confirmed %(num)s months ago", num=days // 30)


def verification(row, today: dt.date | None = None) -> dict:
    """Return what was checked about a provider's licence, by whom and when, and its line.

    ``state``: ``verified`` (in good standing when checked, not past its expiry),
    ``expired`` (the licence's expiry date has passed since), ``not_in_good_standing``
    (the registry said so), ``not_verified``, or ``directory`` (a record from a public
    directory, which says where it comes from instead).
    """
    found = {"registry": row.verified_registry, "licence_status": row.verification_status,
             "checked_on": day(row.verified_on), "expires_on": day(row.verification_expires)}
    if row.verified_on is None:
        record = DIRECTORY_RECORDS.get(row.source)
        state, label = ("directory", _(record)) if record else ("not_verified",
                                                                 _("Licence not verified"))
        return {"state": state, "label": label, **found}
    today = (today or clock.today()).isoformat()
    if found["expires_on"] is not None and found["expires_on"] < today:
        return {"state": "expired", "label": _(
            "Licence verification expired %(date)s · %(registry)s",
            date=long_date(found["expires_on"]),
            registry=row.verified_registry), **found}
    if row.verification_status != "active":
        return {"state": "not_in_good_standing", "label": _(
            "Licence checked %(date)s · %(registry)s: %(found)s",
            date=long_date(found["checked_on"]),
            registry=row.verified_registry, found=_(FOUND[row.verification_status])), **found}
    return {"state": "verified",
            "label": _("Licence verified %(date)s · %(registry)s",
                       date=long_date(found["checked_on"]), registry=row.verified_registry),
            **found}


def price(row) -> dict | None:
    """Return a self-pay price range per session, or None when none is given."""
    if row.price_currency is None:
        return None
    low, high = row.price_min, row.price_max
    return {"min": None if low is None else float(low),
            "max": None if high is None else float(high), "currency": row.price_currency}


def feature(record: dict) -> dict:
    """Wrap a public record as a GeoJSON Feature (id = provider id)."""
    props = {k: v for k, v in record.items() if k not in ("id", "location")}
    props["location_precision"] = record["location"]["precision"]
    return {"type": "Feature", "id": record["id"],
            "geometry": {"type": "Point",
                         "coordinates": [record["location"]["lon"], record["location"]["lat"]]},
            "properties": props}
