"""Load GeoNames postal data into PostGIS through pgeocode.

pgeocode reads GeoNames' raw files; offline it reads them from ``POSTCODE_DATA_DIR``
through its download list (``file://`` URLs), and caches a parsed copy in
``POSTCODE_CACHE_DIR``, which must be writable (the data folder may be read-only).
"""
import logging
import os
from pathlib import Path

import pgeocode
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo import gazetteer
from finder.geo.normalise import name_key

log = logging.getLogger(__name__)
# A region's centre and reach: the farthest of its postcodes from the centre, plus a km.
REGIONS_SQL = """
    INSERT INTO regions (country, code, name, centroid, radius_m)
    SELECT g.country, g.code, g.name, g.centroid,
           max(ST_Distance(pc.location, g.centroid)) + 1000
    FROM (SELECT country, admin1_code AS code, admin1_name AS name,
                 ST_Centroid(ST_Collect(location::geometry))::geography AS centroid
          FROM postcodes WHERE country = :c GROUP BY 1, 2, 3) g
    JOIN postcodes pc ON pc.country = g.country
                     AND pc.admin1_code IS NOT DISTINCT FROM g.code
                     AND pc.admin1_name IS NOT DISTINCT FROM g.name
    GROUP BY g.country, g.code, g.name, g.centroid
"""  # the migration 0006_regions_and_facets runs the same for every country


def configure(data_dir: str, cache_dir: str) -> None:
    """Point pgeocode at the offline files (when given) and a writable cache."""
    os.makedirs(cache_dir, exist_ok=True)
    pgeocode.STORAGE_DIR = cache_dir
    if data_dir:
        pgeocode.DOWNLOAD_URL = [Path(data_dir).resolve().as_uri() + "/{country}.txt"]


def supported(country: str) -> bool:
    """Tell whether pgeocode knows the country code."""
    return country.upper() in pgeocode.COUNTRIES_VALID


def available_countries(data_dir: str, wanted: list[str]) -> list[str]:
    """Return the countries to load: ``wanted``, else every file present in ``data_dir``."""
    if wanted:
        return [c.upper() for c in wanted]
    if data_dir and os.path.isdir(data_dir):
        return sorted(f[:-4] for f in os.listdir(data_dir)
                      if f.endswith(".txt") and len(f) == 6 and supported(f[:2]))
    return ["US"]


def read_country(country: str):
    """Return GeoNames' rows for ``country`` as a pandas frame (raw, one row a place)."""
    frame = pgeocode.Nominatim(country, unique=False)._data_frame
    frame = frame.dropna(subset=["postal_code", "latitude", "longitude"])
    return frame[frame.postal_code.str.strip() != ""]


def _postcode_rows(frame):
    """Merge places sharing a code: mean point, place names joined, first region."""
    frame = frame.assign(postal_code=frame.postal_code.str.strip().str.upper())
    grouped = frame.groupby(["country_code", "postal_code"], sort=False)
    merged = grouped.agg(
        place=("place_name", lambda s: ", ".join(dict.fromkeys(str(v) for v in s.dropna()))),
        admin1_name=("state_name", "first"), admin1_code=("state_code", "first"),
        admin2_name=("county_name", "first"),
        lat=("latitude", "mean"), lon=("longitude", "mean"))
    for row in merged.reset_index().itertuples(index=False):
        yield (row.country_code, row.postal_code, _trim(row.place), _opt(row.admin1_name),
               _opt(row.admin1_code), _opt(row.admin2_name), f"SRID=4326;POINT({row.lon} {row.lat})")


def _place_rows(frame):
    """One row per (place name, region, county): mean point and how many postcodes it spans."""
    frame = frame.dropna(subset=["place_name"])
    # The county keeps two towns of one name in one region apart (Cambridge, England
    # is in Cambridgeshire and in Gloucestershire): averaging them would land between.
    grouped = frame.groupby(["country_code", "place_name", "state_name", "county_name"],
                            sort=False, dropna=False)
    merged = grouped.agg(admin1_code=("state_code", "first"), count=("postal_code", "nunique"),
                         lat=("latitude", "mean"), lon=("longitude", "mean"))
    for row in merged.reset_index().itertuples(index=False):
        key = name_key(str(row.place_name))
        admin1 = _opt(row.state_name)
        if key:
            yield (row.country_code, str(row.place_name), key, admin1, _opt(row.admin1_code),
                   name_key(admin1) if admin1 else None, int(row.count),
                   f"SRID=4326;POINT({row.lon} {row.lat})")


def _opt(value):
    return None if value is None or value != value or str(value) == "" else str(value)


def _trim(places: str, most: int = 3) -> str:
    names = places.split(", ")
    return ", ".join(names[:most]) + (" …" if len(names) > most else "")


def load_country(session: Session, country: str) -> tuple[int, int]:
    """Replace ``country``'s postcodes and places; return how many of each were loaded."""
    frame = read_country(country)
    session.execute(text("DELETE FROM postcodes WHERE country = :c"), {"c": country})
    session.execute(text("DELETE FROM places WHERE country = :c"), {"c": country})
    cursor = session.connection().connection.driver_connection.cursor()
    postcodes = places = 0
    with cursor.copy("COPY postcodes (country, code, place, admin1_name, admin1_code, "
                     "admin2_name, location) FROM STDIN") as copy:
        for row in _postcode_rows(frame):
            copy.write_row(row)
            postcodes += 1
    with cursor.copy("COPY places (country, name, name_key, admin1_name, admin1_code, "
                     "admin1_key, postcode_count, location) FROM STDIN") as copy:
        for row in _place_rows(frame):
            copy.write_row(row)
            places += 1
    refresh_regions(session, country)
    gazetteer.load(session, [country])
    log.info("loaded %s: %d postcodes, %d places", country, postcodes, places)
    return postcodes, places


def refresh_regions(session: Session, country: str) -> None:
    """Recompute ``country``'s regions (centre and reach) from its postcodes."""
    session.execute(text("DELETE FROM regions WHERE country = :c"), {"c": country})
    session.execute(text(REGIONS_SQL), {"c": country})


# The tables a load replaces rows of; every place and postcode lookup is planned on their
# statistics.
GEO_TABLES = ("postcodes", "places", "place_aliases", "regions")


def analyze(session: Session) -> None:
    """Refresh the planner's statistics of the tables a load wrote. Until autovacuum gets
    to them, the planner guesses: an alias lookup was planned as a hash of every US alias
    (3 ms) instead of an index probe."""
    for table in GEO_TABLES:
        session.execute(text(f"ANALYZE {table}"))


def loaded_countries(session: Session) -> dict[str, int]:
    """Return the countries with postcodes in the database and how many each has."""
    rows = session.execute(text("SELECT country, count(*) FROM postcodes GROUP BY country"))
    return {c: n for c, n in rows}
