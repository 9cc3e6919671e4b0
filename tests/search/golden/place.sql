        WITH oc AS MATERIALIZED (
        WITH exact AS (
            SELECT pl.location AS geog,
               concat_ws(', ', pl.name, pl.admin1_name, pl.country) AS label,
               'place' AS source, pl.country, pl.admin1_code AS region_code,
               pl.admin1_name AS region_name, pl.name AS place_name, 'place' AS match, 1.0::float8 AS score, (q.region IS NOT NULL AND (lower(pl.admin1_code) = q.region OR pl.admin1_key = q.region)) AS in_region,
                   q.rank, log(1 + coalesce(pl.population, 0)) AS size, pl.postcode_count, pl.id
            FROM unnest(CAST(:o_names AS text[]), CAST(:o_regions AS text[]))
             WITH ORDINALITY AS q(name, region, rank) JOIN places pl ON pl.country = ANY(CAST(:o_countries AS char(2)[])) AND pl.name_key = q.name
            UNION ALL
            SELECT pl.location AS geog,
               concat_ws(', ', pl.name, pl.admin1_name, pl.country) AS label,
               'place' AS source, pl.country, pl.admin1_code AS region_code,
               pl.admin1_name AS region_name, pl.name AS place_name, 'alias', 1.0, (q.region IS NOT NULL AND (lower(pl.admin1_code) = q.region OR pl.admin1_key = q.region)), q.rank, log(1 + coalesce(pl.population, 0)), pl.postcode_count, pl.id
            FROM unnest(CAST(:o_names AS text[]), CAST(:o_regions AS text[]))
             WITH ORDINALITY AS q(name, region, rank)
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
            CROSS JOIN unnest(CAST(:o_fuzzy_names AS text[]), CAST(:o_fuzzy_regions AS text[]))
             WITH ORDINALITY AS q(name, region, rank)
            CROSS JOIN LATERAL (
                SELECT pl.location AS geog,
               concat_ws(', ', pl.name, pl.admin1_name, pl.country) AS label,
               'place' AS source, pl.country, pl.admin1_code AS region_code,
               pl.admin1_name AS region_name, pl.name AS place_name, 'fuzzy' AS match, CASE WHEN pl.name_key LIKE q.name || ' %' THEN 0.8 ELSE 1 - levenshtein(left(q.name, 255), left(pl.name_key, 255))::float8 / greatest(length(q.name), length(pl.name_key)) END AS score, (q.region IS NOT NULL AND (lower(pl.admin1_code) = q.region OR pl.admin1_key = q.region)) AS in_region,
                       q.rank, log(1 + coalesce(pl.population, 0)) AS size, pl.postcode_count, pl.id
                FROM places pl
                WHERE pl.country = ANY(CAST(:o_countries AS char(2)[])) AND (pl.name_key % q.name OR q.name <% pl.name_key)
                ORDER BY score DESC, size DESC, pl.id LIMIT 20) f),
        found AS (
            SELECT *, in_region AS ordered_region,
                   CASE WHEN match = 'fuzzy' THEN score + 0.05 * size
                        ELSE 0 END AS closeness FROM exact
            UNION ALL
            SELECT *, in_region, score + 0.05 * size FROM fuzzy),
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
        ORDER BY rank LIMIT 6),
        o AS MATERIALIZED (SELECT b.* FROM (SELECT * FROM oc ORDER BY rank LIMIT 1) b WHERE b.score >= 0.6),
        others AS MATERIALIZED (
            SELECT json_agg(json_build_object('label', c.label, 'near', c.near,
                                              'country', c.country, 'match', c.match,
                                              'score', c.score) ORDER BY c.rank) AS candidates
            FROM oc c WHERE c.rank > 1 OR NOT EXISTS (SELECT FROM o)),
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
                WHERE p.status = 'approved' AND p.modalities && '{mdma-assisted-therapy}'::text[] AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND ST_DWithin(p.location, o.geog, :radius_m)
                ORDER BY p.location <-> o.geog LIMIT :k) x),
        near_hits AS (
            SELECT p.id, ST_Distance(p.location, o.geog) AS d FROM o, providers p
            WHERE p.status = 'approved' AND p.modalities && '{mdma-assisted-therapy}'::text[] AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND ST_DWithin(p.location, o.geog, :radius_m)
              AND ST_DWithin(p.location, o.geog, (SELECT max(d) FROM near_knn) + 0.01)
            ORDER BY d, p.id LIMIT :k),
        hits AS (SELECT * FROM (SELECT * FROM near_hits) u ORDER BY d, id LIMIT :k)
        SELECT o.lat AS origin_lat, o.lon AS origin_lon, o.label AS origin_label,
               o.source AS origin_source, o.match AS origin_match, o.score AS origin_score,
               o.country AS origin_country, o.region_code AS origin_region_code,
               o.region_name AS origin_region_name, CASE WHEN h.id IS NOT DISTINCT FROM (
                   SELECT id FROM hits ORDER BY d, id LIMIT 1) THEN others.candidates END AS candidates,
               h.d AS distance_m,
               CASE WHEN h.d <= :radius_m THEN 'nearby' ELSE 'telehealth' END AS match,
               CASE WHEN h.id IS NULL AND o.geog IS NOT NULL THEN (SELECT ST_Distance(p.location, o.geog) FROM providers p WHERE p.status = 'approved' AND p.modalities && '{mdma-assisted-therapy}'::text[] AND coalesce((p.source <> 'listing' OR p.last_confirmed >= CAST(:confirmed_since AS timestamptz)), false) AND ST_DWithin(p.location, o.geog, 1000000) ORDER BY p.location <-> o.geog LIMIT 1) END AS nearest_m, CASE WHEN h.id IS NULL AND o.geog IS NOT NULL THEN (
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

-- bind parameters: confirmed_since, e0_countries, e0_excluded, e0_g_countries, e0_g_needs, e0_g_regions, e0_regions, e0_slugs, elsewhere_k, elsewhere_reach_m, elsewhere_walk, exclude_sources, k, o_countries, o_fuzzy_names, o_fuzzy_regions, o_names, o_regions, radius_m
