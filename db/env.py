"""Alembic environment: migrations run against the URL finder is configured with."""
from alembic import context
from geoalchemy2 import alembic_helpers
from sqlalchemy import create_engine

from finder import models  # noqa: F401  (registers the tables on Base.metadata)
from finder.config import load_config
from finder.database import Base
from finder.migrations import COMPARE_OPTIONS

config = context.config
url = config.attributes.get("url") or load_config()["DATABASE_URL"]
connection = config.attributes.get("connection")


def run(connection) -> None:
    """Run the migrations on ``connection`` with GeoAlchemy2's helpers wired in."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
        transaction_per_migration=True,
        **COMPARE_OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    engine = create_engine(url)
    with engine.connect() as conn:
        run(conn)
        conn.commit()
    engine.dispose()
