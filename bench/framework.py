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
from sqlalchemy.engine import make_url

from finder.config import load_config

app = Flask(__name__)
with open(os.environ["BENCH_STATEMENTS"], "rb") as kept:
    STATEMENTS: list[tuple[str, dict]] = pickle.load(kept)   # written by the bench itself
_local = threading.local()


def connection() -> psycopg.Connection:
    """Return this client connection's database connection, opened as finder's reads are:
    autocommit, prepared on first use, generic plans, no JIT."""
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        config = load_config()
        url = make_url(config.get("DATABASE_REPLICA_URL") or config["DATABASE_URL"])
        conn = psycopg.connect(
            url.set(drivername="postgresql").render_as_string(hide_password=False),
            autocommit=True, prepare_threshold=0,
            options=f"-c statement_timeout={config.get('DB_STATEMENT_TIMEOUT_MS', 5000)} "
                    "-c jit=off -c plan_cache_mode=force_generic_plan")
        _local.conn = conn
    return conn


@app.get("/healthz")
def healthz():
    """Answer once the worker is up (the bench waits for it)."""
    return "ok"


@app.get("/statement/<int:n>")
def statement(n: int):
    """Run statement ``n`` and return its rows as JSON arrays."""
    sql, params = STATEMENTS[n]
    rows = connection().execute(sql, params).fetchall()
    return Response(orjson.dumps(rows, default=str), mimetype="application/json")
