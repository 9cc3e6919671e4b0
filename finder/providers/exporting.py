"""Stream approved providers out as CSV or GeoJSON, public fields only."""
import csv
import datetime as dt
import io
import json

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.providers.fields import spreadsheet_safe
from finder.providers.importing import CSV_COLUMNS
from finder.providers.public import PUBLIC_SQL
from finder.providers.public import feature
from finder.providers.public import public_record

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
EXPORT_CSV_COLUMNS = ["id", "source"] + CSV_COLUMNS + ["location_precision"]


def approved_rows(session: Session, hidden: tuple[str, ...] = (), confirmed_since=None):
    """Return every approved provider's public row, ordered by id, in batches from the server.

    ``hidden``: the sources left out (``public.hidden_sources``); ``confirmed_since``:
    listings last confirmed before it are stale and left out too. Not a generator: the
    statement runs now, so a database that cannot be reached fails a streamed answer with a
    503 before its 200 and first bytes are sent.
    """
    return session.execute(
        text(f"SELECT {PUBLIC_SQL} FROM providers p WHERE p.status = 'approved' "
             "AND p.source <> ALL(CAST(:hidden AS text[])) "
             "AND (p.source <> 'listing' OR p.last_confirmed >= :since) ORDER BY p.id"),
        {"hidden": list(hidden), "since": confirmed_since or EPOCH},
        execution_options={"yield_per": 2000})


def price(value) -> str:
    """Write a price as its decimal (``120`` or ``99.5``), blank when there is none."""
    return "" if value is None else f"{float(value):g}"


def csv_chunks(rows):
    """Yield CSV text for ``rows``, header first, a chunk per batch of rows.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_CSV_COLUMNS)
    for i, row in enumerate(rows, 1):
        text = [row.source, row.external_id, row.name, row.credentials, row.practice_name,
                row.provider_type, ";".join(row.modalities), str(row.telehealth).lower(),
                "" if row.accepting_new_clients is None
                else str(row.accepting_new_clients).lower(),
                ";".join(row.languages), ";".join(row.payment), price(row.price_min),
                price(row.price_max), row.price_currency, row.phone, row.website, row.bio,
                row.street, row.city, row.region, row.postcode, row.country]
        writer.writerow([row.id, *map(spreadsheet_safe, text), f"{row.lat:.6f}",
                         f"{row.lon:.6f}", row.location_precision])
        if i % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def geojson_chunks(rows, profile_url=None):
    """Yield a GeoJSON FeatureCollection for ``rows`` piece by piece (never all in memory)."""
    yield '{"type": "FeatureCollection", "features": ['
    for i, row in enumerate(rows):
        url = profile_url(row) if profile_url else None
        yield ("," if i else "") + "\n" + json.dumps(feature(public_record(row, url)))
    yield "\n]}\n"
