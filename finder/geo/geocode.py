"""Where the visitor is: a postcode, a place name or coordinates, as SQL for the search.

Geocoding runs inside the search statement (one round trip): ``origin_sql`` returns a
query yielding at most one row with the point, a human label and where it came from.
Normalising the text happens here in Python; the lookup is a btree (postcodes) or a
trigram (places) index scan.
"""
import functools
from dataclasses import dataclass

from finder.errors import InvalidInput
from finder.geo.normalise import MAX_QUERY_LENGTH
from finder.geo.normalise import fuzzy_candidates
from finder.geo.normalise import looks_like_postcode
from finder.geo.normalise import lookup_countries
from finder.geo.normalise import other_postcode_countries
from finder.geo.normalise import place_candidates
from finder.geo.normalise import plausible_place
from finder.geo.normalise import postcode_candidates
from finder.i18n import gettext as _

# Every origin query yields geog, lat, lon, label, source, country, region_code,
# region_name, match, score, near and rank, in this order: one row per candidate, best first
# (``rank`` 1). ``match`` says how the place was found (``PLACE_MATCHES``) and ``score`` how
# sure that is (1 for an exact match); ``near`` is the text that finds the candidate again.
# How many candidates an origin query yields at most (the best and the close others).
CANDIDATES = 6
# A near spelling scores its edit distance (1 - edits / length); below this the search
# asks which place was meant instead of guessing.
MIN_SCORE = 0.6
# A place whose name starts with the words typed ("Cork" for "Cork city southside").
PREFIX_SCORE = 0.8
# The nearest spellings kept per guess, before population and region rank them.
FUZZY_PER_GUESS = 20
# Among near spellings, each factor of ten in population counts as this much score:
# "Pheonix" finds Phoenix (1.6 million people) before Phenix, Virginia.
POPULATION_WEIGHT = 0.05
_LABEL = ("concat_ws(', ', nullif(split_part({t}.place, ', ', 1), ''), "
          "nullif(concat_ws(' ', {t}.admin1_name, {t}.code), '')) || ', ' || {t}.country")


@dataclass(frozen=True)
class OriginQuery:
    """SQL yielding the origin's candidates, its bind parameters, and what was typed."""

    sql: str
    params: dict
    kind: str          # postcode, place or coordinates
    typed: str | None = None
    alternatives: bool = True   # whether rows besides the best one may come
    countries: tuple[str, ...] | None = None   # where the origin can be (None: anywhere)
    # A place looked up before (finder.geo.place_cache): the statement starts from its
    # origin, and its other candidates are the parameter ``o_candidates`` (JSON).
    remembered: bool = False


def _postcode_sql(countries: str, codes: str, match: str, score: str, rank: str) -> str:
    return f"""
        SELECT pc.location AS geog, ST_Y(pc.location::geometry) AS lat,
               ST_X(pc.location::geometry) AS lon, {_LABEL.format(t='pc')} AS label,
               'postcode' AS source, pc.country, pc.admin1_code AS region_code,
               pc.admin1_name AS region_name, '{match}' AS match, {score}::float8 AS score,
               CAST(:o_typed AS text) AS near, {rank} AS rank
        FROM unnest(CAST({countries} AS char(2)[]), CAST({codes} AS text[]))
             WITH ORDINALITY AS c(country, code, rank)
        JOIN postcodes pc ON pc.country = c.country AND pc.code = c.code"""


def postcode_origin(country: str, typed: str, elsewhere: bool = False) -> OriginQuery:
    """Look ``typed`` up among ``country``'s postcodes (and its territories' for the US).

    With ``elsewhere``, when it is not there but has the shape of another country's
    postcodes ("SW1A 1AA" searched in the US), that country's match is a candidate (never
    the origin).
    """
    countries, codes = _keys(lookup_countries(country), typed)
    others, other_codes = _keys(_other_countries(country, typed) if elsewhere else (),
                                typed)
    chosen = f"""
        ({_postcode_sql(':o_countries', ':o_codes', 'postcode', '1.0', '1::bigint')}
         ORDER BY c.rank LIMIT 1)"""
    where = tuple(dict.fromkeys(countries))
    if not others:   # most postcodes: the statement stays as short as it can be
        return OriginQuery(chosen, {"o_countries": countries, "o_codes": codes,
                                    "o_typed": typed}, "postcode", typed, alternatives=False,
                           countries=where)
    sql = f"""{chosen}
        UNION ALL
        (SELECT DISTINCT ON (x.country) * FROM (
            {_postcode_sql(':o_others', ':o_other_codes', 'other_country', '0.0', 'c.rank')}) x
         WHERE NOT EXISTS (SELECT 1 FROM postcodes pc
                           JOIN unnest(CAST(:o_countries AS char(2)[]),
                                       CAST(:o_codes AS text[])) AS c(country, code)
                             ON pc.country = c.country AND pc.code = c.code)
         ORDER BY x.country, x.rank)"""
    return OriginQuery(sql, {"o_countries": countries, "o_codes": codes, "o_others": others,
                             "o_other_codes": other_codes, "o_typed": typed},
                       "postcode", typed, countries=where)


def _keys(countries, typed: str) -> tuple[list[str], list[str]]:
    """Return parallel lists of (country, GeoNames key) for ``typed``, best first."""
    found_countries, found_codes = _keys_of(tuple(countries), typed)
    return list(found_countries), list(found_codes)


@functools.lru_cache(maxsize=4096)
def _keys_of(countries: tuple[str, ...], typed: str) -> tuple[tuple, tuple]:
    # Worked out once per postcode typed: a US postcode is normalised for the states and
    # each territory, about 20 µs a search otherwise.
    pairs = [(file_country, code) for file_country in countries
             for code in postcode_candidates(file_country, typed)]
    return tuple(c for c, _code in pairs), tuple(code for _c, code in pairs)


@functools.lru_cache(maxsize=4096)
def _other_countries(country: str, typed: str) -> tuple[str, ...]:
    return tuple(other_postcode_countries(country, typed))


def _guesses(names: str, regions: str) -> str:
    """Return the guesses bound as ``names`` and ``regions``, as rows (name, region, rank)."""
    return f"""unnest(CAST(:{names} AS text[]), CAST(:{regions} AS text[]))
             WITH ORDINALITY AS q(name, region, rank)"""


def place_origin(country: str, typed: str) -> OriginQuery:
    """Find the places ``typed`` may name in ``country``, tolerant of accents and typos.

    An exact name or alias (btree) is tried first, larger places first; only when none
    matches does the trigram index look for near spellings ("Denvr") or names that start
    with the words typed ("Cork" for "Cork city southside"), since that scan costs ten
    times more. Each candidate carries how it matched and its score.
    """
    guesses, fuzzy = place_candidates(typed), fuzzy_candidates(typed)
    # Coordinates are worked out for the few candidates kept, not for every namesake.
    columns = """pl.location AS geog,
               concat_ws(', ', pl.name, pl.admin1_name, pl.country) AS label,
               'place' AS source, pl.country, pl.admin1_code AS region_code,
               pl.admin1_name AS region_name, pl.name AS place_name"""
    guessed, spelled = _guesses("o_names", "o_regions"), _guesses("o_fuzzy_names",
                                                                 "o_fuzzy_regions")
    in_region = ("(q.region IS NOT NULL AND (lower(pl.admin1_code) = q.region "
                 "OR pl.admin1_key = q.region))")
    size = "log(1 + coalesce(pl.population, 0))"
    edits = ("CASE WHEN pl.name_key LIKE q.name || ' %' THEN {p} ELSE 1 - levenshtein("
             "left(q.name, 255), left(pl.name_key, 255))::float8 / greatest(length(q.name), "
             "length(pl.name_key)) END").format(p=PREFIX_SCORE)
    countries = "pl.country = ANY(CAST(:o_countries AS char(2)[]))"
    sql = f"""
        WITH exact AS (
            SELECT {columns}, 'place' AS match, 1.0::float8 AS score, {in_region} AS in_region,
                   q.rank, {size} AS size, pl.postcode_count, pl.id
            FROM {guessed} JOIN places pl ON {countries} AND pl.name_key = q.name
            UNION ALL
            SELECT {columns}, 'alias', 1.0, {in_region}, q.rank, {size}, pl.postcode_count, pl.id
            FROM {guessed}
            -- Per guess (LATERAL, OFFSET 0 keeps it so): an index probe on (country,
            -- alias_key). Joined flat, a generic plan hashes every alias of the country
            -- (21,000 for the US, 3 ms) to find the one typed.
            CROSS JOIN LATERAL (
                SELECT a.place_id FROM place_aliases a
                WHERE a.country = ANY(CAST(:o_countries AS char(2)[])) AND a.alias_key = q.name
                OFFSET 0) a
            JOIN places pl ON pl.id = a.place_id),
        fuzzy AS (
            -- Per guess (LATERAL): a nested loop that the planner never hands to parallel
            -- workers, whose start-up would cost more than the search.
            SELECT f.* FROM (SELECT WHERE NOT EXISTS (SELECT 1 FROM exact)) gate
            CROSS JOIN {spelled}
            CROSS JOIN LATERAL (
                SELECT {columns}, 'fuzzy' AS match, {edits} AS score, {in_region} AS in_region,
                       q.rank, {size} AS size, pl.postcode_count, pl.id
                FROM places pl
                WHERE {countries} AND (pl.name_key % q.name OR q.name <% pl.name_key)
                ORDER BY score DESC, size DESC, pl.id LIMIT {FUZZY_PER_GUESS}) f),
        found AS (
            SELECT *, in_region AS ordered_region,
                   CASE WHEN match = 'fuzzy' THEN score + {POPULATION_WEIGHT} * size
                        ELSE 0 END AS closeness FROM exact
            UNION ALL
            SELECT *, in_region, score + {POPULATION_WEIGHT} * size FROM fuzzy),
        distinct_labels AS (
            SELECT DISTINCT ON (label) * FROM found
            ORDER BY label, ordered_region DESC, closeness DESC, rank, size DESC,
                     postcode_count DESC, id)
        SELECT geog, ST_Y(geog::geometry) AS lat, ST_X(geog::geometry) AS lon, label, source,
               country, region_code, region_name, match,
               round(score::numeric, 2)::float8 AS score,
               concat_ws(', ', place_name, nullif(region_name, '')) AS near,
               row_number() OVER (ORDER BY ordered_region DESC, closeness DESC, rank,
                                  size DESC, postcode_count DESC, id) AS rank
        FROM distinct_labels
        ORDER BY rank LIMIT {CANDIDATES}"""
    return OriginQuery(sql, {"o_names": [g[0] for g in guesses],
                             "o_regions": [g[1] for g in guesses],
                             "o_fuzzy_names": [g[0] for g in fuzzy],
                             "o_fuzzy_regions": [g[1] for g in fuzzy],
                             "o_countries": lookup_countries(country)}, "place", typed,
                       countries=tuple(lookup_countries(country)))


# What a remembered place keeps of its best candidate: the origin columns the answer shows.
REMEMBERED = ("lat", "lon", "label", "country", "region_code", "region_name", "match", "score")


def remembered_origin(origin: OriginQuery, best: dict, others: str | None) -> OriginQuery:
    """Return ``origin`` (a place name) started from what its lookup found before: the best
    candidate as values, the others as the JSON that lookup gave (``None``: no others)."""
    sql = """
        SELECT CAST(ST_SetSRID(ST_MakePoint(:o_lon, :o_lat), 4326) AS geography) AS geog,
               CAST(:o_lat AS float8) AS lat, CAST(:o_lon AS float8) AS lon,
               CAST(:o_label AS text) AS label, 'place' AS source,
               CAST(:o_country AS char(2)) AS country, CAST(:o_region_code AS text) AS region_code,
               CAST(:o_region_name AS text) AS region_name, CAST(:o_match AS text) AS match,
               CAST(:o_score AS float8) AS score, NULL::text AS near, 1::bigint AS rank"""
    params = {f"o_{name}": best[name] for name in REMEMBERED}
    return OriginQuery(sql, {**params, "o_candidates": others}, "place", origin.typed,
                       countries=origin.countries, remembered=True)


def coordinates_origin(lat: float, lon: float) -> OriginQuery:
    """Use the visitor's coordinates; the nearest postcode names the area and region."""
    sql = """
        SELECT q.geog, CAST(:o_lat AS float8) AS lat, CAST(:o_lon AS float8) AS lon,
               coalesce(nullif(concat_ws(', ', nullif(split_part(pc.place, ', ', 1), ''),
                                         pc.admin1_name, pc.country), ''),
                        round(CAST(:o_lat AS numeric), 2) || ', '
                        || round(CAST(:o_lon AS numeric), 2)) AS label,
               'coordinates' AS source, pc.country, pc.admin1_code AS region_code,
               pc.admin1_name AS region_name, 'coordinates' AS match, 1.0::float8 AS score,
               NULL::text AS near, 1::bigint AS rank
        FROM (SELECT CAST(ST_SetSRID(ST_MakePoint(:o_lon, :o_lat), 4326) AS geography) AS geog) q
        LEFT JOIN LATERAL (
            SELECT * FROM postcodes c
            WHERE ST_DWithin(c.location, q.geog, 50000)
            ORDER BY c.location <-> q.geog LIMIT 1) pc ON true"""
    return OriginQuery(sql, {"o_lat": lat, "o_lon": lon}, "coordinates", alternatives=False)


def origin_for(country: str, near: str | None, lat=None, lon=None) -> OriginQuery:
    """Pick how to resolve the visitor's location from what they gave.

    Raises:
        InvalidInput: ``near`` holds markup or other text no place or postcode has.
    """
    if near is None:
        return coordinates_origin(lat, lon)
    typed = near.strip()[:MAX_QUERY_LENGTH]
    if not plausible_place(typed):
        raise InvalidInput(_("near must be a postcode or a place name: letters, digits, "
                             "spaces and . , ' - ( ) / & only, e.g. 90210 or Denver, CO."),
                           field="near", code="invalid_place")
    if looks_like_postcode(typed):
        return postcode_origin(country, typed, elsewhere=True)
    return place_origin(country, typed)
