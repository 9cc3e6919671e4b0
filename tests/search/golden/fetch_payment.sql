        WITH oc AS MATERIALIZED (
        (
        SELECT pc.location AS geog, ST_Y(pc.location::geometry) AS lat,
               ST_X(pc.location::geometry) AS lon, concat_ws(', ', nullif(split_part(pc.place, ', ', 1), ''), nullif(concat_ws(' ', pc.admin1_name, pc.code), '')) || ', ' || pc.country AS label,
               'postcode' AS source, pc.country, pc.admin1_code AS region_code,
               pc.admin1_name AS region_name, 'postcode' AS match, 1.0::float8 AS score,
               CAST(:o_typed AS text) AS near, 1::bigint AS rank
        FROM unnest(CAST(:o_countries AS char(2)[]), CAST(:o_codes AS text[]))
             WITH ORDINALITY AS c(country, code, rank)
        JOIN postcodes pc ON pc.country = c.country AND pc.code = c.code
         ORDER BY c.rank LIMIT 1)),
        o AS MATERIALIZED (SELECT b.* FROM (SELECT * FROM oc ORDER BY rank LIMIT 1) b WHERE b.score >= 0.6),
        others AS MATERIALIZED (SELECT NULL::json AS candidates),
        cand AS MATERIALIZED (
            SELECT p.id, ST_Distance(p.location, o.geog) AS d
            FROM o, providers p WHERE p.status = 'approved' AND coalesce(p.modalities <> '{}'::text[], false) AND p.facets @> CAST(:facets AS text[]) AND p.facets && CAST(:facets_any AS text[]) AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND coalesce(p.languages && CAST(:languages AS text[]), false) AND coalesce(p.payment && CAST(:payment AS text[]), false)),
        hits AS (
            SELECT c.id, c.d FROM cand c WHERE c.d <= :radius_m
            ORDER BY c.d, c.id LIMIT :k)
        SELECT o.lat AS origin_lat, o.lon AS origin_lon, o.label AS origin_label,
               o.source AS origin_source, o.match AS origin_match, o.score AS origin_score,
               o.country AS origin_country, o.region_code AS origin_region_code,
               o.region_name AS origin_region_name, others.candidates AS candidates,
               h.d AS distance_m,
               CASE WHEN h.d <= :radius_m THEN 'nearby' ELSE 'telehealth' END AS match,
               CASE WHEN h.id IS NULL AND o.geog IS NOT NULL THEN (SELECT min(d) FROM cand WHERE d <= 1000000) END AS nearest_m, CASE WHEN h.id IS NULL AND o.geog IS NOT NULL THEN (
            SELECT json_agg(x ORDER BY x.distance_m, x.id) FROM (
                SELECT p.id, p.source, p.external_id, p.name, p.credentials, p.practice_name, p.provider_type, p.modalities, p.service_tags, p.telehealth, p.accepting_new_clients, p.languages, p.payment, p.price_min, p.price_max, p.price_currency, p.phone, p.website, p.bio, p.street, p.city, p.region, p.postcode, p.country, p.location_precision, p.last_confirmed, p.verified_registry, p.verification_status, p.verified_on, p.verification_expires, ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon, ST_Distance(p.location, o.geog) AS distance_m
                FROM providers p
                WHERE p.status = 'approved' AND p.modalities = '{}'::text[]
                  AND ST_DWithin(p.location, o.geog, :radius_m) AND coalesce(p.languages && CAST(:languages AS text[]), false) AND coalesce(p.payment && CAST(:payment AS text[]), false)
                ORDER BY p.location <-> o.geog LIMIT 3) x) END AS other_care,
               NULL::int AS part, NULL::bigint AS target, p.id, p.source, p.external_id, p.name, p.credentials, p.practice_name, p.provider_type, p.modalities, p.service_tags, p.telehealth, p.accepting_new_clients, p.languages, p.payment, p.price_min, p.price_max, p.price_currency, p.phone, p.website, p.bio, p.street, p.city, p.region, p.postcode, p.country, p.location_precision, p.last_confirmed, p.verified_registry, p.verification_status, p.verified_on, p.verification_expires, ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon
        FROM others LEFT JOIN o ON true LEFT JOIN hits h ON true
        LEFT JOIN providers p ON p.id = h.id
        ORDER BY h.d, h.id

-- bind parameters: confirmed_since, facets, facets_any, k, languages, o_codes, o_countries, o_typed, payment, radius_m
