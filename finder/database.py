"""Engine and per-request session, wired into the app like a Flask extension."""
import functools
import logging
import re
import time
from dataclasses import dataclass

import psycopg
import sqlalchemy as sa
from flask import current_app
from flask import g
from psycopg.rows import namedtuple_row
from sqlalchemy import event
from sqlalchemy import orm

log = logging.getLogger(__name__)
# A read connection idle for longer than this is pinged before it is used again.
IDLE_PING_S = 2.0
# Connections a pool may open beyond DB_POOL_SIZE under a burst, per process and engine.
POOL_OVERFLOW = 10


class Base(orm.DeclarativeBase):
    """Declarative base for every table finder owns."""


def make_engine(url: str, config, pre_ping: bool = True, engine_options: dict | None = None,
                **connect_args) -> sa.Engine:
    """Create a pooled engine with short timeouts so an outage fails fast."""
    options = connect_args.pop("options", "")
    return sa.create_engine(
        url,
        pool_pre_ping=pre_ping,
        # Errors and SQL logging show statements without their values (emails, licences).
        hide_parameters=True,
        pool_size=config.get("DB_POOL_SIZE", 5),
        max_overflow=POOL_OVERFLOW,
        # A request waits this long for a free connection, then gets a 503.
        pool_timeout=config.get("DB_POOL_TIMEOUT_S", 5),
        connect_args={
            "connect_timeout": config.get("DB_CONNECT_TIMEOUT_S", 2),
            # JIT compiling a search costs a second; a search itself takes a millisecond.
            "options": f"-c statement_timeout={config.get('DB_STATEMENT_TIMEOUT_MS', 5000)}"
                       f" -c jit=off {options}",
            **connect_args,
        },
        **(engine_options or {}),
    )


def make_read_engine(url: str, config) -> sa.Engine:
    """Create the engine searches read through: autocommit, pinging only idle connections.

    A ping before every search would double its round trips. A connection in steady use
    has just proven itself; one that sat idle longer than ``IDLE_PING_S`` may have been cut
    (a database restart, a failover), so it is checked, and replaced if dead, first.
    Every connection is in autocommit from the start, so checking one out or in costs no
    isolation switch and no rollback.
    """
    # Every search is prepared on first use and runs a generic plan: planning this
    # statement costs about as much as running it, and its plan does not depend on the
    # values (finder.search.queries leaves the planner one sensible plan per strategy).
    engine = make_engine(url, config, pre_ping=False,
                         engine_options={"isolation_level": "AUTOCOMMIT",
                                         "pool_reset_on_return": None},
                         prepare_threshold=0, options="-c plan_cache_mode=force_generic_plan")
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _note_checkin(dbapi_connection, record):
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, proxy):
    idle_since = record.info.get("idle_since")
    if idle_since is not None and time.monotonic() - idle_since < IDLE_PING_S:
        return
    try:
        dbapi_connection.execute("SELECT 1")
    except Exception as err:   # the pool replaces the connection and tries again
        raise sa.exc.DisconnectionError(str(err)) from err


def init_app(app) -> None:
    """Create the engines and session factory for ``app`` and close both after requests.

    Every write, and every read that must see it (moderation, a submitter's own listing),
    goes through the session on ``DATABASE_URL``. Public reads go through ``Reads``: on
    ``DATABASE_REPLICA_URL`` when one is set and answering, on the primary otherwise.
    """
    if app.config.get("SESSION_FACTORY") is None:
        engine = make_engine(app.config["DATABASE_URL"], app.config)
        app.extensions["finder.engine"] = engine
        app.config["SESSION_FACTORY"] = orm.sessionmaker(engine, expire_on_commit=False)
        primary = make_read_engine(app.config["DATABASE_URL"], app.config)
        replica_url = app.config.get("DATABASE_REPLICA_URL")
        replica = make_read_engine(replica_url, app.config) if replica_url else None
        reads = Reads(primary, replica, app.config.get("REPLICA_RETRY_S", 5.0))
        app.extensions["finder.reads"] = reads
        app.extensions["finder.read_engine"] = replica or primary
        if replica is not None:
            app.extensions["finder.replica_engine"] = replica
            app.extensions["finder.primary_read_engine"] = primary
    app.teardown_appcontext(close_session)


class Reads:
    """Where public reads go: the replica while it answers, the primary while it does not.

    A replica that refuses a connection or drops one is left alone for ``retry_s``
    seconds, during which reads go to the primary; the first read after that tries the
    replica again, so a replica that comes back is used again without a restart.
    """

    def __init__(self, primary: sa.Engine, replica: sa.Engine | None, retry_s: float):
        self.primary = primary
        self.replica = replica
        self.retry_s = retry_s
        self.replica_down_until = 0.0

    def replica_usable(self) -> bool:
        """Tell whether reads should try the replica now."""
        return self.replica is not None and time.monotonic() >= self.replica_down_until

    def connect(self) -> sa.Connection:
        """Return a read connection: the replica's if it is usable and answers."""
        if self.replica_usable():
            try:
                return self.replica.connect()
            except sa.exc.DBAPIError as err:
                self.replica_failed(err)
        return self.primary.connect()

    def replica_failed(self, err: Exception) -> None:
        """Send reads to the primary for the next ``retry_s`` seconds."""
        if self.replica_usable():
            log.warning("replica unreachable (%s); reading from the primary for %.0f s",
                        err.__class__.__name__, self.retry_s)
        self.replica_down_until = time.monotonic() + self.retry_s

    def on_replica(self, connection: sa.Connection) -> bool:
        """Tell whether ``connection`` came from the replica."""
        return self.replica is not None and connection.engine is self.replica


def read(work):
    """Return ``work(connection)`` on the read connection, retried once if it had died.

    A connection that was used within ``IDLE_PING_S`` is not pinged; if the database
    restarted meanwhile, the first statement finds it dead. SQLAlchemy then invalidates
    the pool, and one retry on a fresh connection keeps the restart invisible. A dead
    replica connection marks the replica down, so the retry reads from the primary.
    """
    connection = read_connection()
    try:
        return work(connection)
    except sa.exc.DBAPIError as err:
        if not err.connection_invalidated or "db_read" not in g:
            raise
        reads = current_app.extensions["finder.reads"]
        if reads.on_replica(connection):
            reads.replica_failed(err)
        log.info("read connection was dead; retrying on a fresh one")
        g.pop("db_read").close()
        return work(read_connection())


def fetch_all(connection: sa.Connection, sql: str, params: dict) -> list:
    """Run one read statement (``:name`` parameters) on the driver; return named tuples.

    For a search, SQLAlchemy's result machinery (column metadata built from the cursor's
    description, a ``Row`` per row) costs more CPU than PostgreSQL spends answering the
    statement. Here psycopg runs the statement SQLAlchemy would have sent and makes the
    rows itself. Errors still reach the app as SQLAlchemy's (``OperationalError`` means
    503); a lost connection is invalidated and the pool's idle connections, which the
    same outage cut, are closed, as SQLAlchemy itself does on a disconnect.
    """
    query = driver_query(sql, connection.dialect)
    driver = connection.connection.driver_connection
    try:
        with psycopg.RawCursor(driver, row_factory=namedtuple_row) as cursor:
            cursor.execute(query.sql, query.values(params))
            return cursor.fetchall()
    except psycopg.Error as err:
        lost = connection.dialect.is_disconnect(err, driver, None)
        if lost:
            connection.invalidate(err)
            connection.engine.pool.dispose()
        raise sa.exc.DBAPIError.instance(query.sql, params, err, psycopg.Error,
                                         hide_parameters=True, connection_invalidated=lost,
                                         dialect=connection.dialect) from err


@dataclass(frozen=True)
class DriverQuery:
    """A statement as PostgreSQL takes it (``$1``, ``$2``...) and the names it binds, in order."""

    sql: str
    names: tuple[str, ...]

    def values(self, params: dict) -> list:
        """Return ``params`` in the order of the statement's placeholders."""
        return [params[name] for name in self.names]


_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


@functools.lru_cache(maxsize=1024)
def driver_query(sql: str, dialect) -> DriverQuery:
    """Return ``sql`` (``:name`` parameters) with PostgreSQL's own placeholders, for
    psycopg's ``RawCursor``: compiled once per statement text by SQLAlchemy, as
    ``session.execute(text(...))`` compiles it.

    Why not psycopg's ``%(name)s``: psycopg converts those to ``$n`` on every execution
    of a statement longer than 4,096 characters (it caches only shorter ones), and a
    search's statement is 4,500-8,000 characters: 0.07-0.14 ms a search (measured on
    the bench database, 400 interleaved runs of each kind).
    """
    compiled = str(sa.text(sql).compile(dialect=dialect))   # %(name)s, and % as %%
    names: list[str] = []

    def number(match: re.Match) -> str:
        if match.group(0) == "%%":
            return "%"
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"
    return DriverQuery(_PLACEHOLDER.sub(number, compiled), tuple(names))


def read_connection() -> sa.Connection:
    """Return this request's read-only connection (the session's, where tests inject one)."""
    reads = current_app.extensions.get("finder.reads")
    if reads is None:
        return get_session().connection()
    if "db_read" not in g:
        g.db_read = reads.connect()
    return g.db_read


def read_stream(work):
    """Return ``(connection, work(connection))`` on a read connection of its own, for an
    answer streamed after the view returns; the caller closes the connection.

    The connection is in a transaction (a server-side cursor needs one), and is pinged
    first: a server-side cursor opened on a dead connection could not even be closed.
    Like ``read``, a dead connection is replaced once, and a dead replica's by the
    primary's.
    """
    reads = current_app.extensions.get("finder.reads")
    if reads is None:   # tests that inject a session
        connection = current_app.config["SESSION_FACTORY"]()
    else:
        connection = _pinged(reads)
    try:
        return connection, work(connection)
    except Exception:
        connection.close()
        raise


def _pinged(reads: Reads) -> sa.Connection:
    connection = reads.connect().execution_options(isolation_level="REPEATABLE READ")
    try:
        connection.exec_driver_sql("SELECT 1")
        return connection
    except sa.exc.DBAPIError as err:
        connection.close()
        if not err.connection_invalidated:
            raise
        if reads.on_replica(connection):
            reads.replica_failed(err)
        return reads.connect().execution_options(isolation_level="REPEATABLE READ")


def get_session() -> orm.Session:
    """Return this request's (or CLI command's) session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.config["SESSION_FACTORY"]()
    return g.db_session


def close_session(exc=None) -> None:
    """Close the session opened by ``get_session``, rolling back anything uncommitted."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
    connection = g.pop("db_read", None)
    if connection is not None:
        connection.close()
