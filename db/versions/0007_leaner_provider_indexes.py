"""Fewer indexes to keep up on every provider written.

- ``providers_status_idx``: no query reads it; every status a query filters on has a
  partial index of its own (the approved GiST indexes, the pending queue's index).
- ``providers_location_gist`` covered every provider, approved or not, for one query:
  the moderators' "similar name within 1 km" check. Approved providers are already in
  ``providers_approved_location_gist``; the others (pending, rejected, withdrawn: a
  small share) get a partial index, and the check reads both. Each approved provider
  imported or seeded now updates one spatial index fewer.

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX providers_unlisted_location_gist ON providers USING gist (location) "
               "WHERE status <> 'approved'")
    op.execute("DROP INDEX providers_location_gist")
    op.execute("DROP INDEX providers_status_idx")


def downgrade():
    op.execute("CREATE INDEX providers_status_idx ON providers (status)")
    op.execute("CREATE INDEX providers_location_gist ON providers USING gist (location)")
    op.execute("DROP INDEX providers_unlisted_location_gist")
