"""Read approved public providers for the HSDS API and export: one page, or all of them."""
from dataclasses import dataclass

from sqlalchemy import text

from finder.hsds import mapping
from finder.providers.public import PUBLIC_SQL
from finder.providers.public import public_record
from finder.search import vocabulary

TERM_COLUMNS = {"finder-modalities": "p.modalities", "finder-payment": "p.payment",
                "samhsa-service-codes": "p.service_tags"}


@dataclass(frozen=True)
class Query:
    """What to read: filters and the page (``per_page`` None: every row)."""

    hidden: tuple
    confirmed_since: object = None     # listings last confirmed before it are stale: left out
    page: int = 1
    per_page: int | None = 50
    modified_after: object = None
    search: str | None = None
    term: tuple | None = None          # (taxonomy slug, code)
    provider_id: int | None = None
    near: tuple | None = None          # (lat, lon, metres)


def _where(q: Query) -> tuple[str, dict]:
    where = ["p.status = 'approved'", "p.source <> ALL(CAST(:hidden AS text[]))"]
    values = {"hidden": list(q.hidden)}
    if q.confirmed_since is not None:
        where.append("(p.source <> 'listing' OR p.last_confirmed >= :confirmed_since)")
        values["confirmed_since"] = q.confirmed_since
    if q.provider_id is not None:
        where.append("p.id = :id")
        values["id"] = q.provider_id
    if q.modified_after is not None:
        where.append("p.updated_at > :after")
        values["after"] = q.modified_after
    if q.search:
        # Literal text: LIKE's own wildcards in what was typed match only themselves.
        pattern = "%" + q.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(p.name ILIKE :q OR p.practice_name ILIKE :q OR p.bio ILIKE :q)")
        values["q"] = pattern
    if q.term:
        slug, code = q.term
        where.append(f"CAST(:code AS text) = ANY({TERM_COLUMNS[slug]})")
        values["code"] = code.lower() if slug == "samhsa-service-codes" else code
    if q.near:
        where.append("ST_DWithin(p.location, ST_MakePoint(:lon, :lat)::geography, :metres)")
        values.update(lat=q.near[0], lon=q.near[1], metres=q.near[2])
    return " AND ".join(where), values


def count(db, q: Query) -> int:
    """Return how many providers ``q`` matches."""
    where, values = _where(q)
    return db.execute(text(f"SELECT count(*) FROM providers p WHERE {where}"), values).scalar()


def rows(db, q: Query):
    """Return the providers ``q`` matches with ``updated_at``: nearest first with ``near``,
    else by id; a page of them, or every one (streamed in batches)."""
    where, values = _where(q)
    order = "ST_Distance(p.location, ST_MakePoint(:lon, :lat)::geography), p.id" if q.near \
        else "p.id"
    sql = f"SELECT {PUBLIC_SQL}, p.updated_at FROM providers p WHERE {where} ORDER BY {order}"
    if q.per_page is not None:
        sql += " LIMIT :limit OFFSET :offset"
        values.update(limit=q.per_page, offset=(q.page - 1) * q.per_page)
    return db.execute(text(sql), values, execution_options={"yield_per": 1000})


def context(db) -> tuple[dict, dict]:
    """Return the modality labels and SAMHSA service tag labels the records name."""
    labels = {slug: m["label"] for slug, m in vocabulary.get(db).modalities.items()}
    tags = dict(db.execute(text("SELECT slug, label FROM service_tags")).all())
    return labels, tags


def build(kind: str, row, labels, tags) -> dict:
    """Return one provider's HSDS record of ``kind``."""
    record = public_record(row)
    if kind == "organization":
        return mapping.compact(mapping.organization(record))
    if kind == "service":
        return mapping.compact(mapping.service(record, labels, tags, row.updated_at))
    return mapping.compact(mapping.service_at_location(record, labels, tags, row.updated_at))
