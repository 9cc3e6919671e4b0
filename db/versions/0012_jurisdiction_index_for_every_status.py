"""The jurisdiction index covers every provider, so only the walks elsewhere can use it.

As a partial index on approved providers (0008) it competed with the approved spatial
indexes: for a country-wide jurisdiction the planner could walk
``providers_approved_location_gist`` nearest-first and filter by country, which visits
every provider between the visitor and that country. Its predicate now is
``country IS NOT NULL`` (always true, and provable only from a condition on
``p.country``), and the walks elsewhere check the status as a filter, which no other
spatial index can serve: each walk has one index to use, bounded by country and region.

Revision ID: 0012
Revises: 0011
"""
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DROP INDEX providers_approved_jurisdiction_gist")
    op.execute("CREATE INDEX providers_jurisdiction_gist ON providers "
               "USING gist (country, region, location) WHERE country IS NOT NULL")


def downgrade():
    op.execute("DROP INDEX providers_jurisdiction_gist")
    op.execute("CREATE INDEX providers_approved_jurisdiction_gist ON providers "
               "USING gist (country, region, location) "
               "WHERE status = 'approved' AND country IS NOT NULL")
