"""The models are the schema: ``finder.models`` describes exactly what the migrations create.

Two comparisons, both against the migrated test database:
- Alembic's own (``compare_metadata``, with the options ``alembic revision --autogenerate``
  uses): tables, columns, types, nullability, server defaults, indexes' columns and
  uniqueness, unique and foreign-key constraints.
- What Alembic cannot compare, read from PostgreSQL's catalog: each index's whole
  definition (method, operator class, predicate), every CHECK and other constraint,
  each generated column's expression and each column's identity. The models' tables are
  created in a schema of their own inside the test's transaction (rolled back) and both
  catalogs are read the same way, so PostgreSQL writes both definitions alike.
"""
import pytest
from sqlalchemy import text

from finder import models
from finder.migrations import schema_differences

SCRATCH = "models_as_declared"
TABLES = sorted(models.Base.metadata.tables)

INDEXES = """
    SELECT t.relname AS table, c.relname AS name,
           replace(pg_get_indexdef(i.indexrelid), n.nspname || '.', '') AS definition
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = :schema AND t.relname = ANY(:tables)
"""
CONSTRAINTS = """
    SELECT t.relname AS table, k.conname AS name, k.contype AS type,
           replace(pg_get_constraintdef(k.oid), n.nspname || '.', '') AS definition
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = :schema AND t.relname = ANY(:tables)
"""
COLUMNS = """
    SELECT table_name AS table, column_name AS name, ordinal_position IS NOT NULL AS present,
           data_type, udt_name, character_maximum_length, is_nullable, column_default,
           is_identity, identity_generation, is_generated, generation_expression
    FROM information_schema.columns WHERE table_schema = :schema AND table_name = ANY(:tables)
"""


def definitions(session, schema: str) -> dict:
    """Return every index, constraint and column of finder's tables in ``schema``."""
    found = {}
    for kind, sql in (("index", INDEXES), ("constraint", CONSTRAINTS), ("column", COLUMNS)):
        for row in session.execute(text(sql), {"schema": schema, "tables": TABLES}).mappings():
            values = dict(row)
            found[kind, values.pop("table"), values.pop("name")] = values
    return found


@pytest.fixture
def declared(session):
    """The catalog of the models' tables as ``create_all`` makes them (rolled back)."""
    session.execute(text(f"CREATE SCHEMA {SCRATCH}"))
    # Unqualified names now mean the scratch schema; PostGIS, pg_trgm, btree_gist and the
    # provider_facets function are still found in public.
    session.execute(text(f"SET LOCAL search_path = {SCRATCH}, public"))
    models.Base.metadata.create_all(session.connection(), checkfirst=False)
    found = definitions(session, SCRATCH)
    session.execute(text("SET LOCAL search_path = public"))
    return found


def test_alembic_finds_nothing_to_change(session):
    assert schema_differences(session.connection()) == []


def test_indexes_constraints_and_columns_match_what_alembic_cannot_compare(session, declared):
    migrated = definitions(session, "public")
    assert sorted(set(migrated) - set(declared)) == [], "migrated, not in the models"
    assert sorted(set(declared) - set(migrated)) == [], "in the models, not migrated"
    different = [f"{kind} {table}.{name} {field}: migrations {old!r}, models {new!r}"
                 for (kind, table, name), values in sorted(migrated.items())
                 for field, old in values.items()
                 if old != (new := declared[kind, table, name][field])]
    assert different == []
