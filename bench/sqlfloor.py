"""The SQL floor: the app's own search statement, run directly over one psycopg connection."""
import time
from dataclasses import dataclass

import psycopg
from werkzeug.datastructures import MultiDict

from finder.database import driver_query
from finder.database import make_read_engine
from finder.geo.geocode import MIN_SCORE
from finder.geo.geocode import origin_for
from finder.search import params as search_params
from finder.search import service
from finder.search import vocabulary


@dataclass(frozen=True)
class Query:
    """A statement as the app hands it to psycopg (PostgreSQL's ``$1`` placeholders,
    ``finder.database.driver_query``) and its values in placeholder order."""

    sql: str
    params: list


@dataclass(frozen=True)
class Outcome:
    """One execution: how long it took, the provider ids it found, or why it failed."""

    ms: float
    ids: list | None = None
    error: str | None = None


class SqlFloor:
    """Run search statements over one persistent connection opened with the app's settings."""

    def __init__(self, app):
        self.app = app
        self.config = app.config
        # The engine searches read through: the app's connect arguments (statement timeout,
        # connect timeout) and its plans, prepared on first use and generic. With custom
        # plans the floor would re-plan the statement on every search, which the app never
        # does (about 1.7 ms for a therapy that some places do not offer, measured).
        self.engine = make_read_engine(app.config["DATABASE_URL"], app.config)
        with app.app_context():
            self.session = app.config["SESSION_FACTORY"]()
            self.vocabulary = vocabulary.get(self.session)
        self._pooled = self.engine.raw_connection()   # held: the pool reclaims it when dropped
        self.conn = self._pooled.driver_connection
        self.conn.rollback()
        # One round trip per search. The app's BEGIN, ROLLBACK and pool ping are overhead
        # that the API figure carries and the API/SQL ratio is there to show.
        self.conn.autocommit = True
        self.cursor = psycopg.RawCursor(self.conn)   # as finder.database.fetch_all runs it

    def query(self, args: dict) -> Query:
        """Build the statement the app runs for request ``args``, with the app's own code
        (access rules included: a therapy not offered here also looks elsewhere)."""
        with self.app.app_context():
            statement = service.plan(self.session, MultiDict(args), self.config).statement
        return self._query(statement.sql, statement.params)

    def origin_found(self, args: dict) -> bool:
        """Tell whether the app's geocoding finds the place in ``args`` (else the API says 404)."""
        params = search_params.parse(MultiDict(args), self.vocabulary, self.config)
        origin = origin_for(params.country, params.near, params.lat, params.lon)
        # The best candidate, when sure enough, is the origin (finder.search.queries).
        query = self._query(f"SELECT o.score >= {MIN_SCORE} FROM ({origin.sql}) o "
                            "ORDER BY o.rank LIMIT 1", origin.params)
        row = self.cursor.execute(query.sql, query.params).fetchone()
        return bool(row and row[0])

    def _query(self, sql: str, params: dict) -> Query:
        driver = driver_query(sql, self.engine.dialect)
        return Query(driver.sql, driver.values(params))

    def run(self, query: Query) -> Outcome:
        """Execute ``query`` and fetch every row; time it from send to last row."""
        started = time.perf_counter_ns()
        try:
            self.cursor.execute(query.sql, query.params)
            rows = self.cursor.fetchall()
        except psycopg.errors.QueryCanceled:
            return Outcome((time.perf_counter_ns() - started) / 1e6, error="statement timeout")
        except psycopg.Error as err:   # counted, so one broken search does not end the run
            return Outcome((time.perf_counter_ns() - started) / 1e6, error=type(err).__name__)
        ms = (time.perf_counter_ns() - started) / 1e6
        names = [c.name for c in self.cursor.description]
        column, part = names.index("id"), names.index("part")
        # The page's providers (rows of ``part`` elsewhere come after them).
        return Outcome(ms, ids=[r[column] for r in rows
                                if r[column] is not None and r[part] is None])

    def close(self) -> None:
        """Give the connection back and close the engine."""
        self._pooled.close()
        self.session.close()
        self.engine.dispose()
