"""The bench database: 1,000,000 demo providers seeded once, and the postcodes to query from."""
import random
import time
from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import make_url

from bench import dbfloor
from bench.flaskcli import command_line
from bench.flaskcli import run_flask
from finder.geo.loading import GEO_TABLES

DEMO_COUNT = 1_000_000
# Lives in the bench database only, so a dropped database forgets its seed time with it
# and a later run that reuses the data can still report how long seeding took.
SEED_TABLE = """CREATE TABLE IF NOT EXISTS bench_seed (
    seeded_at timestamptz NOT NULL DEFAULT now(), providers integer NOT NULL,
    min_id bigint NOT NULL, max_id bigint NOT NULL,
    seconds double precision NOT NULL, command text NOT NULL, revision text);
    ALTER TABLE bench_seed ADD COLUMN IF NOT EXISTS revision text;
    ALTER TABLE bench_seed ADD COLUMN IF NOT EXISTS copy_seconds double precision"""


@dataclass(frozen=True)
class Seed:
    """How long seeding took, when, and whether this run reused an earlier seed."""

    seconds: float
    reused: bool
    seeded_at: str
    command: str
    revision: str | None = None
    # A bare COPY of the same rows into a table with the same indexes (bench.dbfloor),
    # timed right after seeding; None for a seed recorded before it was measured.
    copy_seconds: float | None = None


@dataclass(frozen=True)
class Postcode:
    """A postcode centroid: where a benchmark query starts."""

    country: str
    code: str
    lat: float
    lon: float


def connect(url: str) -> psycopg.Connection:
    """Open an autocommit psycopg connection from a SQLAlchemy-style URL."""
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(plain, autocommit=True)


def demo_fingerprint(conn) -> tuple[int, int | None, int | None]:
    """Return (count, min id, max id) of the demo providers: a reseed changes the ids."""
    return conn.execute("SELECT count(*), min(id), max(id) FROM providers "
                        "WHERE source = 'demo'").fetchone()


def schema_revision(conn) -> str | None:
    """Return the Alembic revision the database is at."""
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def recorded_seed(conn, fingerprint) -> Seed | None:
    """Return the recorded seed of exactly these demo rows, if this harness made them."""
    conn.execute(SEED_TABLE)
    row = conn.execute("SELECT seconds, seeded_at, command, revision, copy_seconds "
                       "FROM bench_seed WHERE providers = %s AND min_id = %s AND max_id = %s "
                       "ORDER BY seeded_at DESC LIMIT 1", fingerprint).fetchone()
    if row is None:
        return None
    return Seed(row[0], True, row[1].isoformat(timespec="seconds"), row[2], row[3], row[4])


def clear_demo(conn) -> None:
    """Delete the demo providers with the app's own --replace, then compact the table."""
    run_flask("demo", "seed", "--count", "0", "--replace")
    # Without this the timed seed would write next to a million dead rows and index
    # entries; VACUUM FULL leaves the table as a new database has it.
    conn.execute("VACUUM FULL providers")


def seed_demo(conn) -> Seed:
    """Seed 1,000,000 demo providers into an empty table, timed, and record the time."""
    args = ("demo", "seed", "--count", str(DEMO_COUNT))
    seconds, _ = run_flask(*args)
    fingerprint = demo_fingerprint(conn)
    if fingerprint[0] != DEMO_COUNT:
        raise SystemExit(f"seeding left {fingerprint[0]} demo providers, not {DEMO_COUNT}")
    print("timing a bare COPY of the same rows (the seed's floor)", flush=True)
    copy_seconds = dbfloor.seed_floor(conn)
    conn.execute(SEED_TABLE)
    revision = schema_revision(conn)
    seeded_at = conn.execute(
        "INSERT INTO bench_seed (providers, min_id, max_id, seconds, command, revision, "
        "copy_seconds) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING seeded_at",
        (*fingerprint, seconds, command_line(*args), revision, copy_seconds)).fetchone()[0]
    return Seed(seconds, False, seeded_at.isoformat(timespec="seconds"), command_line(*args),
                revision, copy_seconds)


def ensure_seeded(conn, reseed: bool = False) -> Seed:
    """Reuse exactly 1,000,000 demo providers seeded by this harness, else seed them."""
    fingerprint = demo_fingerprint(conn)
    if reseed:
        print("BENCH_RESEED is set: reseeding")
    elif fingerprint[0] == DEMO_COUNT:
        seed = recorded_seed(conn, fingerprint)
        revision = schema_revision(conn)
        if seed is not None and seed.revision == revision:
            return seed
        if seed is None:
            print(f"{DEMO_COUNT:,} demo providers present, but not seeded by make bench "
                  "(no seed time recorded): reseeding to time it")
        else:
            # A migration since may have rebuilt the table and its indexes in bulk, which a
            # fresh clone never does, and changed what seeding costs: time it again.
            print(f"demo providers seeded at schema revision {seed.revision}, the database "
                  f"is at {revision}: reseeding")
    elif fingerprint[0]:
        print(f"{fingerprint[0]:,} demo providers, not {DEMO_COUNT:,}: reseeding")
    if fingerprint[0]:
        clear_demo(conn)
    return seed_demo(conn)


def wait_for_replay(conn, replica_url: str, timeout_s: float = 600) -> None:
    """Wait until the hot standby at ``replica_url`` has replayed all that ``conn``'s
    primary has written so far."""
    target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with connect(replica_url) as replica:
        deadline = time.monotonic() + timeout_s
        while not replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn",
                                  (target,)).fetchone()[0]:
            if time.monotonic() > deadline:
                raise SystemExit(f"the replica did not replay to {target} in {timeout_s:.0f} s")
            time.sleep(0.5)


def vacuum(conn, analyze: bool = False) -> None:
    """Vacuum providers now, so autovacuum does not start in the middle of a measurement,
    and give the gazetteer the statistics a served database has (``postcodes load`` leaves
    them; a database loaded before it did, or with autovacuum off, may have none)."""
    conn.execute("VACUUM (ANALYZE) providers" if analyze else "VACUUM providers")
    conn.execute(f"ANALYZE {', '.join(GEO_TABLES)}")


def postcodes(conn) -> list[Postcode]:
    """Return every postcode centroid in a stable order (the demo data's sampling frame)."""
    rows = conn.execute("SELECT country, code, ST_Y(location::geometry), "
                        "ST_X(location::geometry) FROM postcodes ORDER BY country, code")
    return [Postcode(country.strip(), code, lat, lon) for country, code, lat, lon in rows]


def sample(frame: list[Postcode], n: int, seed: int) -> list[Postcode]:
    """Pick ``n`` distinct postcodes uniformly, as the demo seed spreads its providers."""
    return random.Random(seed).sample(frame, min(n, len(frame)))


def unused_service_tag(conn) -> str | None:
    """Return a service tag that no provider has (a filter that matches nothing), if any."""
    row = conn.execute("SELECT slug FROM service_tags t WHERE NOT EXISTS ("
                       "SELECT 1 FROM providers p WHERE t.slug = ANY(p.service_tags)) "
                       "ORDER BY slug LIMIT 1").fetchone()
    return row[0] if row else None


def server_versions(conn) -> dict:
    """Return the PostgreSQL and PostGIS versions, for the results file."""
    return {"postgresql": conn.execute("SHOW server_version").fetchone()[0],
            "postgis": conn.execute("SELECT postgis_lib_version()").fetchone()[0],
            "shared_buffers": conn.execute("SHOW shared_buffers").fetchone()[0]}
