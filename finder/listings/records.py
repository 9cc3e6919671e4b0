"""A listing's values as stored across ``providers`` and ``provider_private``.

Values travel as the flat dict of ``Listing.as_dict()``; revisions keep exactly that
shape in their ``data`` column, so the current listing and an edit compare field by field.
"""
import hashlib

from geoalchemy2 import WKBElement
from geoalchemy2.shape import from_shape
from shapely import Point
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy import update
from sqlalchemy.orm import Session

from finder.listings.validate import FIELD_NAMES
from finder.listings.validate import PRIVATE_FIELDS
from finder.models import ListingRevision
from finder.models import Provider
from finder.models import ProviderPrivate

PUBLIC_FIELDS = tuple(n for n in FIELD_NAMES if n not in PRIVATE_FIELDS + ("lat", "lon"))
# What a revision stored before a field existed says nothing about it: it is empty.
ADDED_FIELDS = {"payment": [], "price_min": None, "price_max": None, "price_currency": None}


def point(values: dict) -> WKBElement:
    """Return the listing's location as a WGS84 point (shapely builds it; no WKT text)."""
    return from_shape(Point(values["lon"], values["lat"]), srid=4326)


def new_provider(values: dict, token_hash: str, submitter_ip: str | None,
                 locale: str | None = None) -> Provider:
    """Build a pending provider (not yet added to a session) from listing values."""
    provider = Provider(status="pending", source="listing", location=point(values),
                        **{k: values[k] for k in PUBLIC_FIELDS})
    provider.private = ProviderPrivate(edit_token_hash=token_hash, submitter_ip=submitter_ip,
                                       locale=locale,
                                       **{k: values[k] for k in PRIVATE_FIELDS})
    return provider


def write_values(session: Session, provider_id: int, values: dict) -> None:
    """Overwrite a provider's listing fields (public and private) with ``values``."""
    values = {**ADDED_FIELDS, **values}
    session.execute(
        update(Provider).where(Provider.id == provider_id)
        .values(location=point(values), updated_at=func.now(),
                **{k: values[k] for k in PUBLIC_FIELDS})
        .execution_options(synchronize_session=False))
    session.execute(
        update(ProviderPrivate).where(ProviderPrivate.provider_id == provider_id)
        .values(**{k: values[k] for k in PRIVATE_FIELDS})
        .execution_options(synchronize_session=False))


def stored_values(session: Session, provider_id: int) -> dict | None:
    """Return a provider's listing values (private ones included), or None if it is unknown."""
    columns = ", ".join(f"p.{c}" for c in PUBLIC_FIELDS)
    private = ", ".join(f"pp.{c}" for c in PRIVATE_FIELDS)
    row = session.execute(text(
        f"SELECT {columns}, {private}, ST_Y(p.location::geometry) AS lat, "
        "ST_X(p.location::geometry) AS lon FROM providers p "
        "LEFT JOIN provider_private pp ON pp.provider_id = p.id WHERE p.id = :id"),
        {"id": provider_id}).mappings().first()
    if row is None:
        return None
    values = {name: row[name] for name in FIELD_NAMES}
    for name in ("modalities", "languages", "payment"):
        values[name] = list(values[name] or [])
    for name in ("price_min", "price_max"):
        values[name] = None if values[name] is None else float(values[name])
    return values


def diff(old: dict, new: dict) -> dict:
    """Return ``{field: {"from": old, "to": new}}`` for every field that differs."""
    changes = {}
    for name in FIELD_NAMES:
        empty = ADDED_FIELDS.get(name)
        before, after = old.get(name, empty), new.get(name, empty)
        if name in ("lat", "lon") and before is not None and after is not None:
            same = round(before, 6) == round(after, 6)
        else:
            same = before == after
        if not same:
            changes[name] = {"from": before, "to": after}
    return changes


def name_key(name: str) -> str:
    """Fold a name the way the duplicate rule compares names."""
    return " ".join(name.split()).lower()


def lock_submitter(session: Session, email: str, name: str) -> None:
    """Serialise submissions with the same email and name until this transaction ends.

    Two identical submissions at once would each find no pending duplicate and both
    insert; the second now waits here and then finds the first. A decision on a pending
    listing takes the same lock, so a duplicate sent meanwhile sees the decision made.
    """
    digest = hashlib.sha256(f"{email.lower()}\n{name_key(name)}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def pending_revision(session: Session, provider_id: int) -> ListingRevision | None:
    """Return the provider's pending revision, if an edit is waiting."""
    return session.scalars(select(ListingRevision).where(
        ListingRevision.provider_id == provider_id,
        ListingRevision.status == "pending")).first()


def supersede_pending_revision(session: Session, provider_id: int) -> int | None:
    """Mark the waiting revision superseded by a newer edit; return its id, if there was one."""
    return session.scalar(
        update(ListingRevision)
        .where(ListingRevision.provider_id == provider_id, ListingRevision.status == "pending")
        .values(status="superseded", decided_at=func.now())
        .returning(ListingRevision.id)
        .execution_options(synchronize_session=False))
