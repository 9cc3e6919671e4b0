"""Search indexes: nearest-neighbour over approved providers only.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    # Every public search filters on status = 'approved'; a partial index keeps pending,
    # rejected and withdrawn rows out of the nearest-neighbour walk altogether.
    op.execute("CREATE INDEX providers_approved_location_gist ON providers "
               "USING gist (location) WHERE status = 'approved'")


def downgrade():
    op.execute("DROP INDEX providers_approved_location_gist")
