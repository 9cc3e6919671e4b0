"""Engine and per-request session, wired into the app like a Flask extension."""
import logging

import sqlalchemy as sa
from flask import current_app
from flask import g
from sqlalchemy import orm

log = logging.getLogger(__name__)


class Base(orm.DeclarativeBase):
    """Declarative base for every table finder owns."""


def make_engine(url: str, config) -> sa.Engine:
    """Create a pooled engine with short timeouts so an outage fails fast."""
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=config.get("DB_POOL_SIZE", 5),
        connect_args={
            "connect_timeout": config.get("DB_CONNECT_TIMEOUT_S", 2),
            "options": f"-c statement_timeout={config.get('DB_STATEMENT_TIMEOUT_MS', 5000)}",
        },
    )


def init_app(app) -> None:
    """Create the engine and session factory for ``app`` and close sessions after requests."""
    if app.config.get("SESSION_FACTORY") is None:
        engine = make_engine(app.config["DATABASE_URL"], app.config)
        app.extensions["finder.engine"] = engine
        app.config["SESSION_FACTORY"] = orm.sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)


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


def engine_for(session: orm.Session) -> sa.Engine:
    """Return the engine (or connection) a session is bound to."""
    return session.get_bind()
