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


# Tables in the database that finder's models do not describe because an extension owns
# them: PostGIS's spatial_ref_sys (its views, geometry_columns and geography_columns, are
# not reflected as tables). Alembic skips its own alembic_version by itself.
EXTENSION_TABLES = frozenset({"spatial_ref_sys"})


def include_object(obj, name: str, type_: str, reflected: bool, compare_to) -> bool:
    """Tell Alembic's comparison whether to look at ``name`` (every object but extensions')."""
    return not (type_ == "table" and name in EXTENSION_TABLES)


# How the models are compared with the database, by ``alembic revision --autogenerate``
# (db/env.py) and by the test that fails on any difference (tests/test_models.py):
# column types and server defaults too, which Alembic leaves out unless asked. Alembic
# does not compare an index's method or predicate, CHECK constraints or a generated
# column's expression; the test compares those from PostgreSQL's catalog.
COMPARE_OPTIONS = {"include_object": include_object, "compare_type": True,
                   "compare_server_default": True}


def schema_differences(connection) -> list:
    """Return what Alembic would change to make the database match ``finder.models``."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from finder import models
    return compare_metadata(MigrationContext.configure(connection, opts=COMPARE_OPTIONS),
                            models.Base.metadata)
