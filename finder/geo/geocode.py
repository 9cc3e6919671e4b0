"""Where the visitor is: a postcode, a place name or coordinates, as SQL for the search.

Geocoding runs inside the search statement (one round trip): ``origin_sql`` returns a
query yielding at most one row with the point, a human label and where it came from.
Normalising the text happens here in Python; the lookup is a btree (postcodes) or a
trigram (places) index scan.
"""
from dataclasses import dataclass

from finder.geo.normalise import MAX_QUERY_LENGTH
from finder.geo.normalise import lookup_countries
from finder.geo.normalise import looks_like_postcode
from finder.geo.normalise import place_candidates
from finder.geo.normalise import postcode_candidates

_LABEL = ("concat_ws(', ', nullif(split_part({t}.place, ', ', 1), ''), "
          "nullif(concat_ws(' ', {t}.admin1_name, {t}.code), '')) || ', ' || {t}.country")


@dataclass(frozen=True)
class OriginQuery:
    """SQL yielding the origin row, its bind parameters, and what was typed (for errors)."""

    sql: str
    params: dict
    kind: str          # postcode, place or coordinates
    typed: str | None = None


def postcode_origin(country: str, typed: str) -> OriginQuery:
    """Look ``typed`` up among ``country``'s postcodes (and its territories' for the US)."""
    countries, codes = [], []
    for file_country in lookup_countries(country):
        for code in postcode_candidates(file_country, typed):
            countries.append(file_country)
            codes.append(code)
    sql = f"""
        SELECT pc.location AS geog, ST_Y(pc.location::geometry) AS lat,
               ST_X(pc.location::geometry) AS lon, {_LABEL.format(t='pc')} AS label,
               'postcode' AS source, pc.country, pc.admin1_code AS region_code,
               pc.admin1_name AS region_name
        FROM unnest(CAST(:o_countries AS char(2)[]), CAST(:o_codes AS text[]))
             WITH ORDINALITY AS c(country, code, rank)
        JOIN postcodes pc ON pc.country = c.country AND pc.code = c.code
        ORDER BY c.rank LIMIT 1"""
    return OriginQuery(sql, {"o_countries": countries, "o_codes": codes}, "postcode", typed)


def place_origin(country: str, typed: str) -> OriginQuery:
    """Find the best-matching place name in ``country``, tolerant of accents and typos.

    An exact name (btree) is tried first; only when none matches does the trigram
    index look for near spellings ("Denvr") or names that start with the words typed
    ("Cork" for "Cork city southside"), since that scan costs ten times more.
    """
    guesses = place_candidates(typed)
    columns = """pl.location AS geog, ST_Y(pl.location::geometry) AS lat,
               ST_X(pl.location::geometry) AS lon,
               concat_ws(', ', pl.name, pl.admin1_name, pl.country) AS label,
               'place' AS source, pl.country, pl.admin1_code AS region_code,
               pl.admin1_name AS region_name"""
    guessed = """unnest(CAST(:o_names AS text[]), CAST(:o_regions AS text[]))
             WITH ORDINALITY AS q(name, region, rank)"""
    region_matches = ("q.region IS NOT NULL AND (lower(pl.admin1_code) = q.region "
                      "OR pl.admin1_key = q.region)")
    sql = f"""
        (SELECT {columns} FROM {guessed}
         JOIN places pl ON pl.country = ANY(CAST(:o_countries AS char(2)[]))
                       AND pl.name_key = q.name
         ORDER BY {region_matches} DESC, q.rank, pl.postcode_count DESC, pl.id LIMIT 1)
        UNION ALL
        (SELECT {columns} FROM {guessed}
         JOIN places pl ON pl.country = ANY(CAST(:o_countries AS char(2)[]))
                       AND (pl.name_key % q.name OR q.name <% pl.name_key)
         ORDER BY {region_matches} DESC,
                  greatest(similarity(pl.name_key, q.name),
                           word_similarity(q.name, pl.name_key)) DESC, q.rank,
                  pl.postcode_count DESC, pl.id LIMIT 1)
        LIMIT 1"""
    return OriginQuery(sql, {"o_names": [g[0] for g in guesses],
                             "o_regions": [g[1] for g in guesses],
                             "o_countries": lookup_countries(country)}, "place", typed)


def coordinates_origin(lat: float, lon: float) -> OriginQuery:
    """Use the visitor's coordinates; the nearest postcode names the area and region."""
    sql = """
        SELECT q.geog, CAST(:o_lat AS float8) AS lat, CAST(:o_lon AS float8) AS lon,
               concat_ws(' ', round(CAST(:o_lat AS numeric), 4) || ', '
                              || round(CAST(:o_lon AS numeric), 4),
                         '(near ' || nullif(concat_ws(', ', split_part(pc.place, ', ', 1),
                                                     pc.admin1_name, pc.country), '') || ')')
               AS label,
               'coordinates' AS source, pc.country, pc.admin1_code AS region_code,
               pc.admin1_name AS region_name
        FROM (SELECT CAST(ST_SetSRID(ST_MakePoint(:o_lon, :o_lat), 4326) AS geography) AS geog) q
        LEFT JOIN LATERAL (
            SELECT * FROM postcodes c
            WHERE ST_DWithin(c.location, q.geog, 50000)
            ORDER BY c.location <-> q.geog LIMIT 1) pc ON true"""
    return OriginQuery(sql, {"o_lat": lat, "o_lon": lon}, "coordinates")


def origin_for(country: str, near: str | None, lat=None, lon=None) -> OriginQuery:
    """Pick how to resolve the visitor's location from what they gave."""
    if near is None:
        return coordinates_origin(lat, lon)
    typed = near.strip()[:MAX_QUERY_LENGTH]
    if looks_like_postcode(typed):
        return postcode_origin(country, typed)
    return place_origin(country, typed)
