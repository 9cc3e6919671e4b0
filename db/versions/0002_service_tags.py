"""Service tags: other services a provider offers (TMS, DBT, ...), with labels.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        CREATE TABLE service_tags (
            slug text PRIMARY KEY,
            label text NOT NULL,
            category text
        );
    """)


def downgrade():
    op.execute("DROP TABLE service_tags")
