"""Reliability fixtures: PostgreSQL clusters the tests own (and may stop), and the load set-up.

The machine's own cluster on 5432 is never stopped: the outage tests start a throwaway
cluster in a temporary folder on a free port, with PostGIS, finder's schema and a little
data, and stop and start that one. The replica tests copy it into a primary of their own
and a hot standby streaming from that primary (scripts/pgcluster.py does the work).
"""
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy import text

from finder import create_app
from finder.database import get_session
from scripts.pgcluster import Cluster
from scripts.pgcluster import free_port
from tests.factories import make_provider

# The outage tests search and submit more than a visitor would; the limits are tested elsewhere.
NO_LIMITS = {"SUBMISSION_RATE_LIMIT": "1000 per hour", "SEARCH_RATE_LIMIT": "", "REDIS_URL": ""}


@pytest.fixture(scope="session")
def cluster():
    """A running throwaway cluster with finder's database: schema, Andorra's postcodes and
    two approved providers there. Removed, stopped or not, at the end of the session."""
    root = Path(tempfile.mkdtemp(prefix="finder-pg-"))
    owned = Cluster(root)
    try:
        owned.create()
        owned.start()
        owned.admin("CREATE ROLE finder LOGIN")
        owned.admin("CREATE DATABASE finder OWNER finder")
        owned.admin("CREATE EXTENSION postgis; CREATE EXTENSION pg_trgm; "
                    "CREATE EXTENSION btree_gist", database="finder")
        seed_small_country(owned.url())
        yield owned
    finally:
        if owned.running():
            owned.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def seed_small_country(url: str) -> None:
    """Migrate, load Andorra's postcodes (seven) with finder's own commands, and place two
    approved providers there."""
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    try:
        runner = app.test_cli_runner()
        for command in (["db", "upgrade"], ["postcodes", "load", "AD"]):
            result = runner.invoke(args=command)
            assert result.exit_code == 0, result.output
        with app.app_context():
            session = get_session()
            for name, lat, lon in (("Andorra Ketamine Clinic", 42.5075, 1.5218),
                                   ("Escaldes Integration Practice", 42.5092, 1.5389)):
                make_provider(session, lat=lat, lon=lon, name=name, country="AD",
                              region=None, city="Andorra la Vella", postcode="AD500")
            assert session.scalar(text("SELECT count(*) FROM postcodes")) == 7
    finally:
        dispose(app)


@pytest.fixture
def cluster_app(cluster):
    """A real app on the throwaway cluster, with its own engines and pools (no test session),
    new for each test as a freshly started web process would be."""
    app = create_app({"TESTING": True, "DATABASE_URL": cluster.url(), **NO_LIMITS})
    yield app
    dispose(app)


def dispose(app) -> None:
    """Close every connection ``app``'s engines hold (the read engine's too)."""
    for engine in app.extensions.values():
        if isinstance(engine, Engine):
            engine.dispose()


@pytest.fixture
def database_down(cluster):
    """Stop the throwaway cluster for one test, and start it again after."""
    cluster.stop()
    yield cluster
    if not cluster.running():
        cluster.start()


# Ports the replication pair takes the first free ones of (the outage cluster's port is
# one the kernel picks, below or above).
REPLICATION_PORTS = range(55450, 55500)


@pytest.fixture(scope="session")
def replication(cluster):
    """A primary and a hot standby that streams from it (``pg_basebackup -R``).

    The primary is a base backup of the outage tests' cluster (its schema and data in a
    second, where migrating a new one takes several), so outages there and replication
    here never meet. Both are removed at the end of the session.
    """
    if not cluster.running():
        cluster.start()
    roots = [Path(tempfile.mkdtemp(prefix=f"finder-{role}-")) for role in ("primary", "replica")]
    primary = Cluster(roots[0], port=free_port(REPLICATION_PORTS))
    replica = None
    try:
        primary.copy_of(cluster, standby=False)
        primary.start()
        replica = Cluster(roots[1], port=free_port(REPLICATION_PORTS))
        replica.copy_of(primary, standby=True)
        replica.start()
        yield primary, replica
    finally:
        for owned in (replica, primary):
            if owned is not None and owned.running():
                owned.stop("immediate")
        for root in roots:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def refused_app():
    """A real app whose database address refuses connections: nothing listens on its port."""
    url = f"postgresql+psycopg://finder@127.0.0.1:{free_port()}/finder"
    app = create_app({"TESTING": True, "DATABASE_URL": url, **NO_LIMITS})
    yield app
    dispose(app)


# -- load: gunicorn on the finder_load database (bench/traffic.py does the work) --
LOAD_SECONDS = 15
LOAD_CONNECTIONS = 16
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def load_figures():
    """Run the mixed traffic once for the session against gunicorn with 2 workers; return
    its figures (also written to test-artifacts/load-test.json)."""
    import json

    from bench.traffic import load_run
    from bench.traffic import report
    figures = load_run(LOAD_SECONDS, LOAD_CONNECTIONS, workers=2)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load-test.json").write_text(json.dumps(figures, indent=2) + "\n")
    print("\n" + report(figures))
    return figures
