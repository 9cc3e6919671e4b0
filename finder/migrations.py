"""Run Alembic from code and tell whether the database is at the newest revision.

Alembic is imported when first needed: every ``flask`` command builds the app, and
only ``db upgrade`` and the readiness probe use it.
"""
import functools
from pathlib import Path

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "db" / "alembic.ini"


def alembic_config(url: str | None = None, connection=None):
    """Return an Alembic config for finder's ``db/`` folder."""
    from alembic.config import Config
    cfg = Config(str(ALEMBIC_INI))
    if url:
        cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head_revision() -> str:
    """Return the newest revision the code knows."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(url: str | None = None, connection=None) -> None:
    """Migrate the database to the newest revision."""
    from alembic import command
    command.upgrade(alembic_config(url, connection), "head")


def current_revision(connection) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext
    return MigrationContext.configure(connection).get_current_revision()
