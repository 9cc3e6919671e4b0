"""What moderators read: the queue, one listing in full, its possible duplicates.

Unlike ``finder.providers.public`` these include the private fields; only views behind
``moderator_required`` may call them.
"""
import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder import clock
from finder.access import notices
from finder.access import rules
from finder.i18n import ngettext
from finder.listings import records
from finder.listings.records import pending_revision
from finder.providers.public import provider_slug
from finder.schemas.moderation import SORTS
from finder.schemas.trust import URGENT_REASONS
from finder.search import vocabulary

QUEUE_LIMIT = 200
DUPLICATE_METRES = 1000
NAME_SIMILARITY = 0.4


ORDER = {"waited": "urgent DESC, waiting_since, id, report_id",
         "last_confirmed": "last_confirmed NULLS LAST, urgent DESC, waiting_since, id, report_id"}
assert set(ORDER) == set(SORTS)


# Everything waiting, one branch per kind, each on its own partial index (pending listings,
# pending revisions, open reports, verification expiries, listings by confirmation).
QUEUE_SQL = """
        WITH waiting AS (
            SELECT p.id, p.name, 'listing' AS kind, r.id AS revision_id,
                   NULL::bigint AS report_id, NULL AS reason, false AS urgent,
                   p.created_at AS waiting_since,
                   coalesce(r.data->'modalities', to_jsonb(p.modalities)) AS modalities,
                   coalesce(r.data->>'country', p.country) AS country,
                   CASE WHEN r.id IS NULL THEN p.region ELSE r.data->>'region' END AS region
            FROM providers p
            LEFT JOIN listing_revisions r ON r.provider_id = p.id AND r.status = 'pending'
            WHERE p.status = 'pending'
            UNION ALL
            SELECT p.id, r.data->>'name', 'revision', r.id, NULL, NULL, false, r.created_at,
                   r.data->'modalities', r.data->>'country', r.data->>'region'
            FROM listing_revisions r JOIN providers p ON p.id = r.provider_id
            WHERE r.status = 'pending' AND p.status = 'approved'
            UNION ALL
            SELECT p.id, p.name, 'report', NULL, x.id, x.reason,
                   x.reason = ANY(CAST(:urgent AS text[])), x.created_at,
                   to_jsonb(p.modalities), p.country, p.region
            FROM reports x JOIN providers p ON p.id = x.provider_id WHERE x.status = 'open'
            UNION ALL
            SELECT p.id, p.name, 'verification_expired', NULL, NULL, NULL, false,
                   (p.verification_expires + 1)::timestamp AT TIME ZONE 'UTC',
                   to_jsonb(p.modalities), p.country, p.region
            FROM providers p
            WHERE p.status = 'approved' AND p.verification_expires IS NOT NULL
              AND p.verification_expires < :today
            UNION ALL
            SELECT p.id, p.name, 'stale', NULL, NULL, NULL, false,
                   p.last_confirmed + make_interval(days => :stale_days),
                   to_jsonb(p.modalities), p.country, p.region
            FROM providers p
            WHERE p.status = 'approved' AND p.source = 'listing'
              AND p.last_confirmed < :stale_since
        ), kept AS (
            SELECT w.*, p.last_confirmed FROM waiting w JOIN providers p ON p.id = w.id
            WHERE (CAST(:kind AS text) IS NULL OR w.kind = :kind)
              AND w.waiting_since <= :waited_before
        ), oldest AS (
            SELECT *, count(*) OVER () AS total FROM kept
            ORDER BY {order} LIMIT :limit
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
        ) AS duplicate_of,
        (SELECT count(*) FROM reports x WHERE x.provider_id = o.id AND x.status = 'open')
            AS open_reports
        FROM oldest o ORDER BY {order}"""


def queue(session: Session, limit: int = QUEUE_LIMIT, *, kind: str | None = None,
          waited_days: int = 0, sort: str = "waited", config=None) -> tuple[int, list[dict]]:
    """Return how many items wait for a moderator and the first ``limit`` of them.

    Items are new listings, edits, open reports (conduct concerns are urgent and come
    first), listings whose licence verification expired, and stale listings (not
    confirmed for ``STALE_AFTER_DAYS``). ``kind`` keeps one kind, ``waited_days`` only
    items that have waited at least that long; ``sort`` is ``waited`` (oldest first) or
    ``last_confirmed`` (least recently confirmed first).

    ``duplicate_of``: an approved listing with the same email and name (folded as the
    duplicate rule folds them), which a new listing may have been sent again for.
    """
    now = clock.now(config)
    stale_days = clock.setting("STALE_AFTER_DAYS", 365, config)
    rows = session.execute(text(QUEUE_SQL.format(order=ORDER[sort])), {
        "limit": limit, "kind": kind, "urgent": list(URGENT_REASONS), "today": now.date(),
        "stale_days": stale_days, "stale_since": clock.days_ago(stale_days, config),
        "waited_before": now - dt.timedelta(days=waited_days)}).mappings().all()
    total = rows[0]["total"] if rows else 0
    items = [{"id": r["id"], "name": r["name"], "kind": r["kind"],
              "revision_id": r["revision_id"], "report_id": r["report_id"],
              "reason": r["reason"], "urgent": r["urgent"], "open_reports": r["open_reports"],
              "waiting_since": r["waiting_since"].isoformat(),
              "waited": waited(now, r["waiting_since"]),
              "last_confirmed": r["last_confirmed"].isoformat() if r["last_confirmed"] else None,
              "access_warnings": listing_warnings(session, {
                  "modalities": r["modalities"] or [], "country": (r["country"] or "").strip(),
                  "region": r["region"]}),
              "duplicate_of": r["duplicate_of"]}
             for r in rows]
    return total, items


def waited(now: dt.datetime, since: dt.datetime) -> str:
    """Say how long an item has waited: "40 minutes", "5 hours", "3 days"."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes >= 1440:
        return ngettext("%(num)s day", "%(num)s days", minutes // 1440)
    if minutes >= 60:
        return ngettext("%(num)s hour", "%(num)s hours", minutes // 60)
    return ngettext("%(num)s minute", "%(num)s minutes", minutes)


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
        "SELECT p.status, p.source, p.created_at, p.updated_at, pp.submitter_ip, "
        "p.last_confirmed, p.verified_registry, p.verification_status, p.verified_on, "
        "p.verification_expires, pp.verification_lookup_url, pp.reminded_at "
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
        "last_confirmed": iso(row["last_confirmed"]),
        "reminded_at": iso(row["reminded_at"]),
        "verification": None if row["verified_on"] is None else {
            "registry": row["verified_registry"], "status": row["verification_status"],
            "checked_on": iso(row["verified_on"]), "expires_on": iso(row["verification_expires"]),
            "lookup_url": row["verification_lookup_url"]},
        "reports": reports_of(session, provider_id),
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


def iso(value) -> str | None:
    """Return a date or timestamp in ISO 8601, or None."""
    return value.isoformat() if value is not None else None


REPORT_SQL = """
    SELECT r.id, r.provider_id, p.name AS listing_name, p.status AS listing_status, r.reason,
           r.details, r.email, r.submitter_ip, r.status, r.resolution, r.created_at,
           r.resolved_at, m.name AS moderator,
           (SELECT count(*) FROM reports o WHERE o.provider_id = r.provider_id
              AND o.status = 'open') AS open_reports
    FROM reports r JOIN providers p ON p.id = r.provider_id
    LEFT JOIN moderators m ON m.id = r.moderator_id"""


def _report(row) -> dict:
    return {**row, "urgent": row["reason"] in URGENT_REASONS,
            "created_at": iso(row["created_at"]), "resolved_at": iso(row["resolved_at"])}


def reports_of(session: Session, provider_id: int) -> list[dict]:
    """Return every report on a listing, newest first (private fields included)."""
    rows = session.execute(text(REPORT_SQL + " WHERE r.provider_id = :id ORDER BY r.id DESC"),
                           {"id": provider_id}).mappings()
    return [_report(r) for r in rows]


def report_detail(session: Session, report_id: int) -> dict | None:
    """Return one report with its listing's name and status, or None."""
    row = session.execute(text(REPORT_SQL + " WHERE r.id = :id"),
                          {"id": report_id}).mappings().first()
    return _report(row) if row is not None else None


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
