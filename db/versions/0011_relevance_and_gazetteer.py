"""Therapy results apart from other care; unknown left unknown; populations and aliases.

- Two partial GiST indexes split the approved providers: those offering at least one of
  finder's modalities (every search walks these) and those offering none (most of
  SAMHSA's facilities, shown apart as other mental health care nearby).
- ``accepting_new_clients`` may be unknown (NULL): SAMHSA's directory does not say, and
  the import used to claim true. ``provider_facets`` leaves an unknown value out.
- ``places.population`` and ``place_aliases``: from GeoNames' cities, so that "NYC"
  finds New York and the larger of two namesakes comes first (finder.geo.gazetteer).
- ``fuzzystrmatch``, whose edit distance scores how close a misspelt place name is.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
from sqlalchemy import text

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    # levenshtein() scores a near spelling ("Pheonix" is two letters from Phoenix).
    op.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")
    op.execute("""
        CREATE INDEX providers_therapy_location_gist ON providers USING gist (location)
            WHERE status = 'approved' AND modalities <> '{}'::text[];
        CREATE INDEX providers_other_care_location_gist ON providers USING gist (location)
            WHERE status = 'approved' AND modalities = '{}'::text[];
        ALTER TABLE providers ALTER COLUMN accepting_new_clients DROP NOT NULL,
                              ALTER COLUMN accepting_new_clients DROP DEFAULT;
        CREATE OR REPLACE FUNCTION provider_facets(provider_type text, telehealth boolean,
                                                   accepting boolean, source text,
                                                   modalities text[], languages text[],
                                                   service_tags text[])
        RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT array_remove(ARRAY['t:' || provider_type, 'tele:' || telehealth,
                                      'acc:' || accepting, 'src:' || source], NULL)
                || ARRAY(SELECT 'm:' || x FROM unnest(modalities) x)
                || ARRAY(SELECT 'l:' || x FROM unnest(languages) x)
                || ARRAY(SELECT 's:' || x FROM unnest(service_tags) x)
        $$;
        UPDATE providers SET accepting_new_clients = NULL WHERE source = 'samhsa-2022';
        ALTER TABLE places ADD COLUMN population bigint;
        CREATE TABLE place_aliases (
            country char(2) NOT NULL,
            alias_key text NOT NULL,
            place_id bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
            PRIMARY KEY (country, alias_key, place_id)
        );
        CREATE INDEX place_aliases_place_idx ON place_aliases (place_id);
    """)
    from finder.geo import gazetteer
    bind = op.get_bind()
    countries = bind.scalars(text("SELECT DISTINCT country FROM places")).all()
    gazetteer.load(bind, countries)


def downgrade():
    op.execute("""
        DROP TABLE place_aliases;
        ALTER TABLE places DROP COLUMN population;
        UPDATE providers SET accepting_new_clients = true WHERE accepting_new_clients IS NULL;
        CREATE OR REPLACE FUNCTION provider_facets(provider_type text, telehealth boolean,
                                                   accepting boolean, source text,
                                                   modalities text[], languages text[],
                                                   service_tags text[])
        RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT ARRAY['t:' || provider_type, 'tele:' || telehealth,
                         'acc:' || accepting, 'src:' || source]
                || ARRAY(SELECT 'm:' || x FROM unnest(modalities) x)
                || ARRAY(SELECT 'l:' || x FROM unnest(languages) x)
                || ARRAY(SELECT 's:' || x FROM unnest(service_tags) x)
        $$;
        ALTER TABLE providers ALTER COLUMN accepting_new_clients SET DEFAULT true,
                              ALTER COLUMN accepting_new_clients SET NOT NULL;
        DROP INDEX providers_other_care_location_gist;
        DROP INDEX providers_therapy_location_gist;
    """)
