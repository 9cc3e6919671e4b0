"""Find today's confirmation to an address without reading the whole outbox.

Each submission and edit asks whether a confirmation already went to its email address
today (one a day per address); the outbox keeps every message it ever sent.

Revision ID: 0010
Revises: 0008
"""
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX outbox_email_recipient_idx ON outbox (lower(recipient), created_at) "
               "WHERE kind = 'email'")


def downgrade():
    op.execute("DROP INDEX outbox_email_recipient_idx")
