"""The public face of a provider: which columns leave the database and in what shape.

Every public response (search, profile, export, GeoJSON) builds on ``PUBLIC_SQL`` and
``public_record``; private fields are not selected at all, so they cannot leak. Which
sources the public does not see at all is ``hidden_sources``.
"""
import functools
import re
import unicodedata

PUBLIC_COLUMNS = ("id", "source", "external_id", "name", "credentials", "practice_name",
                  "provider_type", "modalities", "service_tags", "telehealth",
                  "accepting_new_clients", "languages", "payment", "price_min",
                  "price_max", "price_currency", "phone", "website", "bio", "street",
                  "city", "region", "postcode", "country", "location_precision")
PUBLIC_SQL = ", ".join(f"p.{c}" for c in PUBLIC_COLUMNS) + \
    ", ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon"
DEMO_SOURCE = "demo"
SOURCE_CREDITS = {"samhsa-2022": "Source: SAMHSA National Directories, 2022",
                  DEMO_SOURCE: "Synthetic demo listing, not a real provider"}


def hidden_sources(config) -> tuple[str, ...]:
    """Return the sources the public is not shown: the demo providers, unless
    ``SHOW_DEMO_PROVIDERS``. Search, profiles, GeoJSON and export all ask here."""
    return () if config.get("SHOW_DEMO_PROVIDERS", True) else (DEMO_SOURCE,)


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
        "source_credit": SOURCE_CREDITS.get(row.source),
        "profile_url": profile_url,
    }


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
