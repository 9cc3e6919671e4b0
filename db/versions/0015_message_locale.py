"""Emails in the submitter's language, and what each email is for.

- ``provider_private.locale``: the language the listing was submitted in (``en``,
  ``es``), so a moderator's later decision is written to the provider in it.
- ``outbox.purpose``: which notification an email is (``submitted``, ``edit_link``...).
  The one-a-day rule for mail to an address nobody has vouched for counted emails by
  their subject, which is no longer one text once emails are translated.

Revision ID: 0015
Revises: 0014
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE provider_private ADD COLUMN locale text")
    op.execute("ALTER TABLE outbox ADD COLUMN purpose text")


def downgrade():
    op.execute("ALTER TABLE outbox DROP COLUMN purpose")
    op.execute("ALTER TABLE provider_private DROP COLUMN locale")
