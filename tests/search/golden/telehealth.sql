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
        o AS MATERIALIZED (
        SELECT b.*, ST_Distance(b.geog, r.centroid) + r.radius_m AS region_reach
        FROM (SELECT * FROM oc ORDER BY rank LIMIT 1) b
        LEFT JOIN regions r ON r.country = b.country
             AND r.code IS NOT DISTINCT FROM b.region_code
             AND r.name IS NOT DISTINCT FROM b.region_name
        WHERE b.score >= 0.6),
        others AS MATERIALIZED (SELECT NULL::json AS candidates),
        elsewhere_0_origin AS MATERIALIZED (SELECT * FROM o WHERE coalesce((
            SELECT g.needs FROM unnest(CAST(:e0_g_countries AS text[]),
                                       CAST(:e0_g_regions AS text[]),
                                       CAST(:e0_g_needs AS boolean[])) AS g(country, region, needs)
            WHERE (g.country = '*' OR g.country = o.country)
              AND (g.region IS NULL OR g.region IN (o.region_code, o.region_name))
            ORDER BY g.region IS NOT NULL DESC, g.country <> '*' DESC LIMIT 1), true)),
        elsewhere_0 AS (
            SELECT c.id, ST_Distance(c.location, o.geog) AS d, j.n AS target
            FROM elsewhere_0_origin o, unnest(CAST(:e0_countries AS char(2)[]), CAST(:e0_regions AS text[]))
                    WITH ORDINALITY AS j(country, region, n)
            CROSS JOIN LATERAL (
                (SELECT p.id, p.location FROM providers p
                WHERE p.country = j.country AND p.region = j.region AND coalesce(p.status = 'approved', false)
                  AND coalesce(p.modalities && CAST(:e0_slugs AS text[]), false) AND NOT coalesce(ST_DWithin(p.location, o.geog, :radius_m), false) AND coalesce(p.source <> ALL(CAST(:exclude_sources AS text[])), false) AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false)
                ORDER BY p.location <-> o.geog LIMIT :elsewhere_walk)
                UNION ALL
                (SELECT p.id, p.location FROM providers p
                WHERE p.country = j.country AND j.region IS NULL AND NOT coalesce(p.country || ':' || p.region = ANY(CAST(:e0_excluded AS text[])), false) AND coalesce(p.status = 'approved', false)
                  AND coalesce(p.modalities && CAST(:e0_slugs AS text[]), false) AND NOT coalesce(ST_DWithin(p.location, o.geog, :radius_m), false) AND coalesce(p.source <> ALL(CAST(:exclude_sources AS text[])), false) AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false)
                ORDER BY p.location <-> o.geog LIMIT :elsewhere_walk)) c
            WHERE (SELECT min(ST_Distance(r.centroid, o.geog, false) - r.radius_m) FROM regions r
                WHERE r.country = j.country
                  AND (j.region IS NULL OR j.region IN (r.code, r.name)))
               <= :elsewhere_reach_m
            ORDER BY d, c.id LIMIT :elsewhere_k),
        near_knn AS (
            SELECT ST_Distance(x.location, o.geog) AS d FROM o CROSS JOIN LATERAL (
                SELECT p.location FROM providers p
                WHERE p.status = 'approved' AND p.modalities && '{psilocybin}'::text[] AND p.telehealth AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND ST_DWithin(p.location, o.geog, :radius_m)
                ORDER BY p.location <-> o.geog LIMIT :k) x),
        near_hits AS (
            SELECT p.id, ST_Distance(p.location, o.geog) AS d FROM o, providers p
            WHERE p.status = 'approved' AND p.modalities && '{psilocybin}'::text[] AND p.telehealth AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND ST_DWithin(p.location, o.geog, :radius_m)
              AND ST_DWithin(p.location, o.geog, (SELECT max(d) FROM near_knn) + 0.01)
            ORDER BY d, p.id LIMIT :k),
        region_knn AS (
            SELECT ST_Distance(x.location, o.geog) AS d FROM o CROSS JOIN LATERAL (
                SELECT p.location FROM providers p
                WHERE p.status = 'approved' AND p.modalities && '{psilocybin}'::text[] AND p.telehealth AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND NOT ST_DWithin(p.location, o.geog, :radius_m) AND p.telehealth AND p.country = o.country AND p.region IN (o.region_code, o.region_name) AND ST_DWithin(p.location, o.geog, o.region_reach)
                ORDER BY p.location <-> o.geog LIMIT :k) x),
        region_hits AS (
            SELECT p.id, ST_Distance(p.location, o.geog) AS d FROM o, providers p
            WHERE p.status = 'approved' AND p.modalities && '{psilocybin}'::text[] AND p.telehealth AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND NOT ST_DWithin(p.location, o.geog, :radius_m) AND p.telehealth AND p.country = o.country AND p.region IN (o.region_code, o.region_name) AND ST_DWithin(p.location, o.geog, o.region_reach)
              AND ST_DWithin(p.location, o.geog, (SELECT max(d) FROM region_knn) + 0.01)
            ORDER BY d, p.id LIMIT :k),
        hits AS (SELECT * FROM (SELECT * FROM near_hits UNION ALL SELECT * FROM region_hits) u ORDER BY d, id LIMIT :k)
        SELECT o.lat AS origin_lat, o.lon AS origin_lon, o.label AS origin_label,
               o.source AS origin_source, o.match AS origin_match, o.score AS origin_score,
               o.country AS origin_country, o.region_code AS origin_region_code,
               o.region_name AS origin_region_name, others.candidates AS candidates,
               h.d AS distance_m,
               CASE WHEN h.d <= :radius_m THEN 'nearby' ELSE 'telehealth' END AS match,
               CASE WHEN h.id IS NULL AND o.geog IS NOT NULL THEN (SELECT ST_Distance(p.location, o.geog) FROM providers p WHERE p.status = 'approved' AND p.modalities && '{psilocybin}'::text[] AND p.telehealth AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND ST_DWithin(p.location, o.geog, 1000000) ORDER BY p.location <-> o.geog LIMIT 1) END AS nearest_m, CASE WHEN h.id IS NULL AND o.geog IS NOT NULL THEN (
            SELECT json_agg(x ORDER BY x.distance_m, x.id) FROM (
                SELECT p.id, p.source, p.external_id, p.name, p.credentials, p.practice_name, p.provider_type, p.modalities, p.service_tags, p.telehealth, p.accepting_new_clients, p.languages, p.payment, p.price_min, p.price_max, p.price_currency, p.phone, p.website, p.bio, p.street, p.city, p.region, p.postcode, p.country, p.location_precision, p.last_confirmed, p.verified_registry, p.verification_status, p.verified_on, p.verification_expires, ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon, ST_Distance(p.location, o.geog) AS distance_m
                FROM providers p
                WHERE p.status = 'approved' AND p.modalities = '{}'::text[]
                  AND ST_DWithin(p.location, o.geog, :radius_m)
                ORDER BY p.location <-> o.geog LIMIT 3) x) END AS other_care,
               NULL::int AS part, NULL::bigint AS target, p.id, p.source, p.external_id, p.name, p.credentials, p.practice_name, p.provider_type, p.modalities, p.service_tags, p.telehealth, p.accepting_new_clients, p.languages, p.payment, p.price_min, p.price_max, p.price_currency, p.phone, p.website, p.bio, p.street, p.city, p.region, p.postcode, p.country, p.location_precision, p.last_confirmed, p.verified_registry, p.verification_status, p.verified_on, p.verification_expires, ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon
        FROM others LEFT JOIN o ON true LEFT JOIN hits h ON true
        LEFT JOIN providers p ON p.id = h.id
        UNION ALL
        SELECT o.lat AS origin_lat, o.lon AS origin_lon, o.label AS origin_label,
               o.source AS origin_source, o.match AS origin_match, o.score AS origin_score,
               o.country AS origin_country, o.region_code AS origin_region_code,
               o.region_name AS origin_region_name, NULL, e.d, 'elsewhere', NULL, NULL, 0, e.target, p.id, p.source, p.external_id, p.name, p.credentials, p.practice_name, p.provider_type, p.modalities, p.service_tags, p.telehealth, p.accepting_new_clients, p.languages, p.payment, p.price_min, p.price_max, p.price_currency, p.phone, p.website, p.bio, p.street, p.city, p.region, p.postcode, p.country, p.location_precision, p.last_confirmed, p.verified_registry, p.verification_status, p.verified_on, p.verification_expires, ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon
        FROM o JOIN elsewhere_0 e ON true JOIN providers p ON p.id = e.id
        ORDER BY part NULLS FIRST, distance_m, id

-- bind parameters: confirmed_since, e0_countries, e0_excluded, e0_g_countries, e0_g_needs, e0_g_regions, e0_regions, e0_slugs, elsewhere_k, elsewhere_reach_m, elsewhere_walk, exclude_sources, k, o_codes, o_countries, o_typed, radius_m
