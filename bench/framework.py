"""The framework floor: Flask on the run target's gunicorn, running finder's statement and
nothing else.

The API / SQL floor ratio counts everything between a visitor's request and the database
as finder's time, but part of it is what any Flask app served by gunicorn costs: parsing
the request, the WSGI call, Flask's contexts, psycopg's work on a real connection, JSON and
writing the answer. This app measures that part alone. It serves ``GET /statement/<n>``:
statement ``n`` of the file ``BENCH_STATEMENTS`` names (written by the bench: each search's
own SQL and values, as finder builds them), run on one connection per client connection
with the app's read settings, its rows returned as JSON with no shaping. The bench serves it
with the same gunicorn command as finder (workers, gevent, the access log), times it beside
the SQL floor and the API, and reports the difference as finder's own time.
"""
import os
import pickle
import threading   # patched by gunicorn's gevent worker: one connection per greenlet

import orjson
import psycopg
from flask import Flask
from flask import Response

from finder.config import load_config
from finder.database import make_read_engine

app = Flask(__name__)
with open(os.environ["BENCH_STATEMENTS"], "rb") as kept:
    STATEMENTS: list[tuple[str, list]] = pickle.load(kept)   # written by the bench itself
_config = load_config()
_engine = make_read_engine(_config.get("DATABASE_REPLICA_URL") or _config["DATABASE_URL"],
                           _config)
_local = threading.local()


def connection() -> psycopg.Connection:
    """Return this client connection's database connection, opened by finder's own read
    engine (autocommit, prepared on first use, generic plans, no JIT) and then held, so no
    pool checkout is timed."""
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        _local.pooled = _engine.raw_connection()   # held: the pool reclaims it when dropped
        conn = _local.conn = _local.pooled.driver_connection
    return conn


@app.get("/healthz")
def healthz():
    """Answer once the worker is up (the bench waits for it)."""
    return "ok"


@app.get("/statement/<int:n>")
def statement(n: int):
    """Run statement ``n`` and return its rows as JSON arrays."""
    sql, params = STATEMENTS[n]
    with psycopg.RawCursor(connection()) as cursor:   # as finder.database.fetch_all runs it
        rows = cursor.execute(sql, params).fetchall()
    return Response(orjson.dumps(rows, default=str), mimetype="application/json")
