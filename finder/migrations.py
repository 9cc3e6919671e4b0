"""Run Alembic from code and tell whether the database is at the newest revision."""
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "db" / "alembic.ini"


def alembic_config(url: str | None = None, connection=None) -> Config:
    """Return an Alembic config for finder's ``db/`` folder."""
    cfg = Config(str(ALEMBIC_INI))
    if url:
        cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """Return the newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(url: str | None = None, connection=None) -> None:
    """Migrate the database to the newest revision."""
    command.upgrade(alembic_config(url, connection), "head")


def current_revision(connection) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()
