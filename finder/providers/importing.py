"""Bulk import of providers: validate every row, report bad ones, upsert the rest.

Rows are matched on (source, external_id), so importing the same file again updates
rather than duplicates. New rows go to PostgreSQL by COPY as they are checked; rows
already stored, by one upsert that writes only what changed.
"""
import logging
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo.bulk import PostcodeIndex
from finder.geo.normalise import index_safe
from finder.providers import fields as f
from finder.providers import phones
from finder.providers.vocabulary import modality_slugs
from finder.providers.vocabulary import provider_type_slugs

log = logging.getLogger(__name__)

CSV_COLUMNS = ["external_id", "name", "credentials", "practice_name", "provider_type",
               "modalities", "telehealth", "accepting_new_clients", "languages", "payment",
               "price_min", "price_max", "price_currency", "phone", "website", "bio", "street",
               "city", "region", "postcode", "country", "lat", "lon"]
REQUIRED_COLUMNS = ["external_id", "name", "provider_type", "modalities", "country"]
# How often the import reports progress, in rows read.
PROGRESS_ROWS = 1000
# Columns written by the upsert, in COPY order.
DB_COLUMNS = ["external_id", "status", "name", "credentials", "practice_name", "provider_type",
              "modalities", "service_tags", "telehealth", "accepting_new_clients", "languages",
              "payment", "price_min", "price_max", "price_currency", "phone", "website", "bio",
              "street", "city", "region", "postcode", "country",
              "location", "location_precision"]


@dataclass
class ImportReport:
    """What an import did: counts, and the rows it could not load with why."""

    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


class RowValidator:
    """Check one CSV row against the field rules and place it by coordinates or postcode."""

    def __init__(self, session: Session, require_modalities: bool = True):
        # Listings exist to offer finder's modalities, so the CSV import requires one;
        # national directories (SAMHSA) list clinics that mostly offer none of them.
        self.require_modalities = require_modalities
        self.modalities = modality_slugs(session)
        self.types = provider_type_slugs(session)
        self.postcodes = PostcodeIndex(session)
        self.rules = self._rules()

    def __call__(self, row: dict) -> dict:
        record = {"status": "approved", "service_tags": []}
        for name, rule in self.rules:
            try:
                record[name] = rule(f.from_spreadsheet(row.get(name)))
            except f.FieldError as err:
                raise f.FieldError(err.text(name)) from None
        # Read by the row's country once it is known (E.164 when valid, else as written).
        record["phone"] = phones.clean_phone(record["phone"], record["country"])
        try:
            f.check_price(record["price_min"], record["price_max"], record["price_currency"])
        except f.FieldError as err:
            raise f.FieldError(str(err)) from None
        record["location"], record["location_precision"] = self._place(row, record)
        return record

    def _rules(self):
        return [
            ("external_id", lambda v: f.clean_text("external_id", v, required=True)),
            ("name", lambda v: f.clean_text("name", v, required=True)),
            ("credentials", lambda v: f.clean_text("credentials", v)),
            ("practice_name", lambda v: f.clean_text("practice_name", v)),
            ("provider_type", lambda v: f.clean_choice(v, self.types, "provider types")),
            ("modalities", lambda v: f.clean_modalities(v, self.modalities,
                                                        self.require_modalities)),
            ("telehealth", lambda v: f.clean_bool(v, False)),
            # Blank is unknown (SAMHSA's directory does not say), never a guessed yes.
            ("accepting_new_clients", lambda v: f.clean_bool(v, None)),
            ("languages", f.clean_languages),
            ("payment", f.clean_payment),
            ("price_min", f.clean_price),
            ("price_max", f.clean_price),
            ("price_currency", f.clean_currency),
            ("phone", phones.clean_phone),
            ("website", f.clean_url),
            ("bio", lambda v: f.clean_text("bio", v)),
            ("street", lambda v: f.clean_text("street", v)),
            ("city", lambda v: f.clean_text("city", v)),
            ("region", lambda v: f.clean_text("region", v)),
            ("postcode", lambda v: f.clean_text("postcode", v)),
            ("country", f.clean_country),
        ]

    def _place(self, row: dict, record: dict) -> tuple[str, str]:
        lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
        if lat or lon:
            try:
                lat = f.clean_coordinate(lat, -90, 90, text=True)
                lon = f.clean_coordinate(lon, -180, 180, text=True)
            except f.FieldError as err:
                raise f.FieldError(err.text("lat/lon")) from None
            return point_ewkt(*index_safe(lat, lon)), "exact"
        if not record["postcode"]:
            raise f.FieldError("needs lat and lon, or a postcode to place it by")
        found = self.postcodes.locate(record["country"], record["postcode"])
        if found is None:
            raise f.FieldError(
                f"postcode {record['postcode']!r} was not found in {record['country']}")
        return point_ewkt(*found), "postcode"


def point_ewkt(lat: float, lon: float) -> str:
    """Return the EWKT of a WGS84 point, as COPY into a geography column accepts it."""
    return f"SRID=4326;POINT({lon!r} {lat!r})"


def checked(rows, validate, errors: list) -> Iterator[dict]:
    """Yield the good records of (line, row) pairs; add (line, reason) to ``errors`` for
    the rest."""
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            record = validate(row)
        except f.FieldError as err:
            errors.append((line, str(err)))
            continue
        first = seen.setdefault(record["external_id"], line)
        if first != line:
            errors.append((line, f"external_id {record['external_id']!r} repeats line {first}"))
            continue
        yield record


def upsert_providers(session: Session, records: list[dict], source: str) -> tuple[int, int]:
    """Insert or update ``records`` for ``source``; return (inserted, updated)."""
    if not records:
        return 0, 0
    cols = ", ".join(DB_COLUMNS)
    session.execute(text("DROP TABLE IF EXISTS import_rows"))
    session.execute(text(f"CREATE TEMP TABLE import_rows AS SELECT {cols} FROM providers "
                         "WITH NO DATA"))
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY import_rows ({cols}) FROM STDIN") as copy:
        for record in records:
            copy.write_row([record.get(c) for c in DB_COLUMNS])
    changed = [c for c in DB_COLUMNS if c not in ("external_id", "location")]
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in changed + ["location"])
    old = ", ".join([f"providers.{c}" for c in changed] + ["ST_AsBinary(providers.location)"])
    new = ", ".join([f"EXCLUDED.{c}" for c in changed] + ["ST_AsBinary(EXCLUDED.location)"])
    rows = session.execute(text(
        f"INSERT INTO providers (source, {cols}) SELECT :source, {cols} FROM import_rows "
        f"ON CONFLICT (source, external_id) DO UPDATE SET {sets}, updated_at = now() "
        f"WHERE ({old}) IS DISTINCT FROM ({new}) "
        "RETURNING (xmax = 0) AS inserted"), {"source": source}).all()
    session.execute(text("DROP TABLE import_rows"))
    inserted = sum(1 for r in rows if r.inserted)
    return inserted, len(rows) - inserted


def import_records(session: Session, rows, validate, source: str,
                   progress: Callable[[int], None] | None = None) -> ImportReport:
    """Validate ``rows`` (pairs of line number and mapping) and store the good ones.

    One pass, in the session's transaction. A row new to ``source`` goes to PostgreSQL by
    COPY as soon as it is checked, so the database stores it while Python checks the next
    ones (each on its own core). Rows ``source`` already has are set aside, then upserted
    together: only those whose values changed are written. Imports of one source take
    turns (an advisory lock), so none adds a row another is adding.
    """
    report = ImportReport()
    session.execute(text("SELECT pg_advisory_xact_lock(hashtext('finder.import'), "
                         "hashtext(:source))"), {"source": source})
    stored = set(session.scalars(text("SELECT external_id FROM providers WHERE source = :source"),
                                 {"source": source}))
    known = []

    def counted():
        for item in rows:
            report.read += 1
            if progress is not None and report.read % PROGRESS_ROWS == 0:
                progress(PROGRESS_ROWS)
            yield item
    cursor = session.connection().connection.driver_connection.cursor()
    columns = ", ".join(DB_COLUMNS)
    with cursor.copy(f"COPY providers (source, {columns}) FROM STDIN") as copy:
        for record in checked(counted(), validate, report.errors):
            if record["external_id"] in stored:
                known.append(record)
                continue
            copy.write_row([source] + [record.get(c) for c in DB_COLUMNS])
            report.inserted += 1
    if progress is not None:
        progress(report.read % PROGRESS_ROWS)
    # A stored row deleted meanwhile (a moderator's decision) is simply added again.
    inserted, report.updated = upsert_providers(session, known, source)
    report.inserted += inserted
    report.unchanged = len(known) - inserted - report.updated
    return report


def missing_columns(header) -> list[str]:
    """Return the required CSV columns absent from ``header``."""
    return [c for c in REQUIRED_COLUMNS if c not in (header or [])]
