"""Create finder's database role, database and extensions if they are missing.

Usage: python scripts/create_database.py URL [URL ...]

Runs as the database administrator (trust auth over TCP, or the ``postgres`` OS user)
because PostGIS can only be installed by a superuser. Changes nothing that exists.
"""
import subprocess
import sys

from sqlalchemy.engine import make_url

EXTENSIONS = ("postgis", "pg_trgm", "btree_gist", "fuzzystrmatch")


def admin_sql(sql: str, database: str = "postgres") -> str:
    """Run ``sql`` as the administrator and return what it printed."""
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    probe = subprocess.run(["psql", *host, "-d", "postgres", "-Atqc", "select 1"],
                           capture_output=True, text=True)
    base = ["psql", *host] if probe.returncode == 0 else ["runuser", "-u", "postgres", "--", "psql"]
    result = subprocess.run([*base, "-d", database, "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
                            capture_output=True, text=True, cwd="/")
    if result.returncode != 0:
        sys.exit(f"database set-up failed: {result.stderr.strip()}")
    return result.stdout.strip()


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ensure(url: str) -> None:
    """Create the role, database and extensions that ``url`` needs."""
    parsed = make_url(url)
    user, password, database = parsed.username or "finder", parsed.password, parsed.database
    if not admin_sql(f"select 1 from pg_roles where rolname = {quote_literal(user)}"):
        pw = f" PASSWORD {quote_literal(password)}" if password else ""
        admin_sql(f"CREATE ROLE {quote_ident(user)} LOGIN{pw}")
        print(f"created role {user}")
    if not admin_sql(f"select 1 from pg_database where datname = {quote_literal(database)}"):
        admin_sql(f"CREATE DATABASE {quote_ident(database)} OWNER {quote_ident(user)}")
        print(f"created database {database}")
    for ext in EXTENSIONS:
        admin_sql(f"CREATE EXTENSION IF NOT EXISTS {ext}", database)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        ensure(arg)
