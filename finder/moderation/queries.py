"""What moderators read: the queue, one listing in full, its possible duplicates.

Unlike ``finder.providers.public`` these include the private fields; only views behind
``moderator_required`` may call them.
"""
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.access import notices
from finder.access import rules
from finder.listings import records
from finder.listings.records import pending_revision
from finder.providers.public import provider_slug
from finder.search import vocabulary

QUEUE_LIMIT = 200
DUPLICATE_METRES = 1000
NAME_SIMILARITY = 0.4


def queue(session: Session, limit: int = QUEUE_LIMIT) -> tuple[int, list[dict]]:
    """Return how many listings wait for a decision and the oldest ``limit`` of them.

    ``duplicate_of``: an approved listing with the same email and name (folded as the
    duplicate rule folds them), which a new listing may have been sent again for.
    """
    rows = session.execute(text("""
        WITH waiting AS (
            SELECT p.id, p.name, 'listing' AS kind, r.id AS revision_id,
                   p.created_at AS waiting_since,
                   coalesce(r.data->'modalities', to_jsonb(p.modalities)) AS modalities,
                   coalesce(r.data->>'country', p.country) AS country,
                   CASE WHEN r.id IS NULL THEN p.region ELSE r.data->>'region' END AS region
            FROM providers p
            LEFT JOIN listing_revisions r ON r.provider_id = p.id AND r.status = 'pending'
            WHERE p.status = 'pending'
            UNION ALL
            SELECT p.id, r.data->>'name', 'revision', r.id, r.created_at,
                   r.data->'modalities', r.data->>'country', r.data->>'region'
            FROM listing_revisions r JOIN providers p ON p.id = r.provider_id
            WHERE r.status = 'pending' AND p.status = 'approved'
        ), oldest AS (
            SELECT *, count(*) OVER () AS total FROM waiting
            ORDER BY waiting_since, id LIMIT :limit
        )
        SELECT o.*, (
            SELECT min(d.id) FROM provider_private mine
            JOIN provider_private dp ON lower(dp.email) = lower(mine.email)
            JOIN providers d ON d.id = dp.provider_id
            JOIN providers p ON p.id = mine.provider_id
            WHERE mine.provider_id = o.id AND o.kind = 'listing' AND d.id <> o.id
              AND d.status = 'approved'
              AND lower(regexp_replace(btrim(d.name), '\\s+', ' ', 'g'))
                = lower(regexp_replace(btrim(p.name), '\\s+', ' ', 'g'))
        ) AS duplicate_of
        FROM oldest o ORDER BY waiting_since, id"""), {"limit": limit}).mappings().all()
    total = rows[0]["total"] if rows else 0
    items = [{"id": r["id"], "name": r["name"], "kind": r["kind"],
              "revision_id": r["revision_id"], "waiting_since": r["waiting_since"].isoformat(),
              "access_warnings": listing_warnings(session, {
                  "modalities": r["modalities"] or [], "country": (r["country"] or "").strip(),
                  "region": r["region"]}),
              "duplicate_of": r["duplicate_of"]}
             for r in rows]
    return total, items


def listing_warnings(session, values: dict) -> list[dict]:
    """Return the access warnings for a listing's (or a revision's) values, as today."""
    book = rules.get(session)
    country, region = values.get("country"), values.get("region")
    return notices.warnings(book, values.get("modalities") or [], vocabulary.get(session),
                            country, region, book.region_name(country, region), rules.today())


def listing_exists(session: Session, provider_id: int) -> bool:
    """Tell whether a provider with this id exists, whatever its status."""
    return session.scalar(text("SELECT EXISTS (SELECT 1 FROM providers WHERE id = :id)"),
                          {"id": provider_id})


def listing_detail(session: Session, provider_id: int) -> dict | None:
    """Return everything about a listing a moderator needs to decide, or None."""
    row = session.execute(text(
        "SELECT p.status, p.source, p.created_at, p.updated_at, pp.submitter_ip "
        "FROM providers p LEFT JOIN provider_private pp ON pp.provider_id = p.id "
        "WHERE p.id = :id"), {"id": provider_id}).mappings().first()
    if row is None:
        return None
    current = records.stored_values(session, provider_id)
    revision = pending_revision(session, provider_id)
    proposed = revision.data if revision is not None else current
    return {
        "id": provider_id,
        "slug": provider_slug(provider_id, current["name"]),
        "status": row["status"],
        "source": row["source"],
        "created_at": row["created_at"].isoformat(),
        "updated_at": row["updated_at"].isoformat(),
        "submitter_ip": row["submitter_ip"],
        "listing": current,
        "location": location(proposed),
        "pending_revision": None if revision is None else {
            "id": revision.id,
            "submitted_at": revision.created_at.isoformat(),
            "submitter_ip": revision.submitter_ip,
            "proposed": revision.data,
            "changes": records.diff(current, revision.data),
        },
        "duplicates": possible_duplicates(session, provider_id, proposed),
        # What the rules say about what the listing offers where it is: shown, never blocking.
        "access_warnings": listing_warnings(session, proposed),
    }


def location(values: dict) -> dict:
    """Return the coordinates, their precision and a link to see them on a map."""
    lat, lon = round(values["lat"], 6), round(values["lon"], 6)
    return {"lat": lat, "lon": lon, "precision": values["location_precision"],
            "map_url": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"}


NEARBY_SIMILAR = (f"ST_DWithin(location, ST_MakePoint(:lon, :lat)::geography, {DUPLICATE_METRES})"
                  f" AND similarity(lower(name), lower(:name)) >= {NAME_SIMILARITY}")
# Approved providers and the others each have a partial spatial index; a condition on
# status in each branch lets it use its own.
DUPLICATES_SQL = f"""
        SELECT p.id, p.name, p.status, p.city, p.postcode, p.country,
               lower(pp.email) = lower(:email) AS same_email,
               ST_Distance(p.location, ST_MakePoint(:lon, :lat)::geography) AS metres
        FROM providers p LEFT JOIN provider_private pp ON pp.provider_id = p.id
        WHERE p.id IN (
            SELECT provider_id FROM provider_private WHERE lower(email) = lower(:email)
            UNION
            SELECT id FROM providers
            WHERE status = 'approved' AND {NEARBY_SIMILAR}
            UNION
            SELECT id FROM providers
            WHERE status <> 'approved' AND {NEARBY_SIMILAR})
          AND p.id <> :id
        ORDER BY p.id LIMIT 20"""


def possible_duplicates(session: Session, provider_id: int, values: dict) -> list[dict]:
    """Return other listings with the same email, or a similar name within 1 km."""
    rows = session.execute(text(DUPLICATES_SQL), {
        "id": provider_id, "email": values["email"] or "", "name": values["name"],
        "lat": values["lat"], "lon": values["lon"]}).mappings()
    return [{**r, "same_email": bool(r["same_email"]), "metres": round(r["metres"])}
            for r in rows]
