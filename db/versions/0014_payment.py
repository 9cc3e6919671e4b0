"""Payment facts on providers, searchable through the facets GIN index.

- ``payment``: what a provider takes or offers (``medicaid``, ``sliding-fee``, ...; the
  vocabulary is ``finder.providers.payment.PAYMENT``), one array like ``languages``.
- ``price_min``, ``price_max``, ``price_currency``: an optional self-pay price range per
  session; a price needs its currency, and the range runs low to high.
- ``providers.facets`` gains ``p:<slug>`` for each payment value, so a payment filter
  that matches few providers fetches them through ``providers_facets_gin`` like any
  other rare filter. PostgreSQL 15 cannot change a generated column's expression, so the
  column (and its index) is made again with the new ``provider_facets``.

Revision ID: 0014
Revises: 0012
"""
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

PAYMENT = ("medicaid", "medicare", "private-insurance", "military-insurance",
           "state-insurance", "va", "self-pay", "sliding-fee", "payment-assistance", "free")
FACETS_V1 = ("provider_type, telehealth, accepting_new_clients, source, modalities, "
             "languages, service_tags")


def upgrade():
    values = ", ".join(f"'{v}'" for v in PAYMENT)
    op.execute(f"""
        ALTER TABLE providers
            ADD COLUMN payment text[] NOT NULL DEFAULT '{{}}'::text[],
            ADD COLUMN price_min numeric(10, 2),
            ADD COLUMN price_max numeric(10, 2),
            ADD COLUMN price_currency char(3),
            ADD CONSTRAINT providers_payment_check
                CHECK (payment <@ ARRAY[{values}]::text[]),
            ADD CONSTRAINT providers_price_check
                CHECK (price_min >= 0 AND price_max >= price_min),
            ADD CONSTRAINT providers_price_currency_check
                CHECK ((price_currency IS NULL) = (price_min IS NULL AND price_max IS NULL)
                       AND (price_currency IS NULL OR price_currency ~ '^[A-Z]{{3}}$'));
        CREATE FUNCTION provider_facets(provider_type text, telehealth boolean,
                                        accepting boolean, source text,
                                        modalities text[], languages text[],
                                        service_tags text[], payment text[])
        RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT provider_facets(provider_type, telehealth, accepting, source,
                                   modalities, languages, service_tags)
                || ARRAY(SELECT 'p:' || x FROM unnest(payment) x)
        $$;
        ALTER TABLE providers DROP COLUMN facets;
        ALTER TABLE providers ADD COLUMN facets text[] GENERATED ALWAYS AS (
            provider_facets({FACETS_V1}, payment)) STORED;
        CREATE INDEX providers_facets_gin ON providers USING gin (facets)
            WHERE status = 'approved';
    """)


def downgrade():
    op.execute(f"""
        ALTER TABLE providers DROP COLUMN facets;
        ALTER TABLE providers ADD COLUMN facets text[] GENERATED ALWAYS AS (
            provider_facets({FACETS_V1})) STORED;
        CREATE INDEX providers_facets_gin ON providers USING gin (facets)
            WHERE status = 'approved';
        DROP FUNCTION provider_facets(text, boolean, boolean, text, text[], text[], text[],
                                      text[]);
        ALTER TABLE providers DROP CONSTRAINT providers_price_currency_check,
                              DROP CONSTRAINT providers_price_check,
                              DROP CONSTRAINT providers_payment_check,
                              DROP COLUMN price_currency, DROP COLUMN price_max,
                              DROP COLUMN price_min, DROP COLUMN payment;
    """)
