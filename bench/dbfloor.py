"""The database's own speed, measured in the same run as finder's, for the ratio targets.

- Throughput: pgbench runs the app's own search statements (its values written in, so each
  is one prepared statement with one plan, as the app's generic plans are) at the same
  number of connections as the HTTP load, on the same cores.
- Import: a bare ``COPY`` of exactly the rows the CSV import added, into the same table with
  the same indexes.
- Seed: a bare ``COPY`` of the 1,000,000 seeded demo rows into a copy of the table made with
  the same indexes (``LIKE providers INCLUDING ALL``), timed when the bench seeds.
"""
import re
import shutil
import subprocess
import time

import psycopg

from bench.server import DATA
from bench.sqlfloor import Query
from scripts.pgcluster import postgres_bindir

# How many different statements pgbench cycles through (each connection prepares each).
PGBENCH_STATEMENTS = 100   # pgbench takes at most 128 scripts
TPS = re.compile(r"tps = ([\d.]+) \(without initial connection time\)")
SEED_FLOOR_TABLE = "bench_copy_floor"


def _pgbench() -> str:
    found = shutil.which("pgbench")
    return found or str(postgres_bindir() / "pgbench")


def literal_sql(conn: psycopg.Connection, query: Query) -> str:
    """Return ``query`` with its values written in, as PostgreSQL would receive them."""
    cursor = psycopg.ClientCursor(conn)
    literals = [cursor.mogrify("%s", [value]) for value in query.params]
    return re.sub(r"\$(\d+)", lambda m: literals[int(m.group(1)) - 1], query.sql)


def pgbench_throughput(url: str, conn, queries: list[Query], seconds: int,
                       connections: int, threads: int = 2) -> dict:
    """Run ``queries`` (a mix of the searches the HTTP load sends) through pgbench for
    ``seconds`` at ``connections``; return statements per second and the command."""
    folder = DATA / "pgbench"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    step = max(1, len(queries) // PGBENCH_STATEMENTS)
    files = []
    for n, query in enumerate(queries[::step][:PGBENCH_STATEMENTS]):
        sql = literal_sql(conn, query).strip()
        if re.search(r"(?<![:\w]):[A-Za-z_]", sql):   # pgbench would read it as a variable
            continue
        path = folder / f"search-{n:03d}.sql"
        path.write_text(sql + ";\n")
        files.append(path)
    dsn = psycopg.conninfo.make_conninfo(url.replace("postgresql+psycopg://", "postgresql://"),
                                         options="-c jit=off")
    command = [_pgbench(), "--no-vacuum", "--protocol=prepared", f"--client={connections}",
               f"--jobs={threads}", f"--time={seconds}"]
    for path in files:
        command += ["--file", str(path)]
    started = time.monotonic()
    result = subprocess.run([*command, dsn], text=True, capture_output=True)
    match = TPS.search(result.stdout)
    shown = " ".join(command[:6]) + f" --file <{len(files)} search statements>"
    if result.returncode != 0 or not match:
        return {"statements_per_s": None, "error": (result.stderr or result.stdout)[-500:],
                "command": shown}
    return {"statements_per_s": float(match.group(1)), "statements": len(files),
            "seconds": round(time.monotonic() - started, 1), "connections": connections,
            "threads": threads, "command": shown}


def stored_columns(conn) -> str:
    """Return the columns of ``providers`` a COPY writes (not the generated ``facets``,
    which PostgreSQL computes on the way in, as it does for the app's own inserts)."""
    rows = conn.execute("SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = 'providers' AND is_generated = 'NEVER' "
                        "ORDER BY ordinal_position").fetchall()
    return ", ".join(r[0] for r in rows)


def copy_rows(conn, where: str, params=()) -> bytes:
    """Return the ``providers`` rows matching ``where`` in COPY's binary format."""
    out = bytearray()
    with conn.cursor().copy(f"COPY (SELECT {stored_columns(conn)} FROM providers "
                            f"WHERE {where}) TO STDOUT (FORMAT binary)", params) as copy:
        for block in copy:
            out += block
    return bytes(out)


def timed_copy(conn, table: str, data: bytes) -> float:
    """COPY ``data`` (binary) into ``table``; return the seconds it took, commit included."""
    columns = stored_columns(conn)
    started = time.perf_counter()
    with conn.transaction():
        with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT binary)") as copy:
            copy.write(data)
    return time.perf_counter() - started


def import_floor(conn, source: str) -> dict:
    """Time a bare COPY of the rows the CSV import added (source ``source``) into
    ``providers`` itself: they are read out, deleted and copied back (the caller deletes
    them afterwards)."""
    data = copy_rows(conn, "source = %s", (source,))
    rows = conn.execute("DELETE FROM providers WHERE source = %s", (source,)).rowcount
    seconds = timed_copy(conn, "providers", data)
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds if seconds else None,
            "command": "COPY providers FROM STDIN (FORMAT binary), the same rows"}


def seed_floor(conn) -> float:
    """Time a bare COPY of every demo row into a copy of ``providers`` with its indexes."""
    data = copy_rows(conn, "source = 'demo'")
    conn.execute(f"DROP TABLE IF EXISTS {SEED_FLOOR_TABLE}")
    # The same columns, defaults, constraints and indexes (the partial GiST ones included).
    conn.execute(f"CREATE TABLE {SEED_FLOOR_TABLE} (LIKE providers INCLUDING ALL)")
    try:
        return timed_copy(conn, SEED_FLOOR_TABLE, data)
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {SEED_FLOOR_TABLE}")
