"""Reliability fixtures: a PostgreSQL cluster the tests own (and may stop), and the load set-up.

The machine's own cluster on 5432 is never stopped: the outage tests start a throwaway
cluster in a temporary folder on a free port, with PostGIS, finder's schema and a little
data, and stop and start that one.
"""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy import text

from finder import create_app
from finder.database import get_session
from tests.factories import make_provider

POSTGRES_ROOT = Path("/usr/lib/postgresql")
# Durability is not what these tests are about; skipping fsync keeps set-up at about a second.
SETTINGS = ("listen_addresses = '127.0.0.1'", "fsync = off", "synchronous_commit = off",
            "full_page_writes = off", "shared_buffers = 32MB", "max_connections = 40")
# The outage tests search and submit more than a visitor would; the limits are tested elsewhere.
NO_LIMITS = {"SUBMISSION_RATE_LIMIT": "1000 per hour", "SEARCH_RATE_LIMIT": "", "REDIS_URL": ""}


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on (at the time of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bindir() -> Path:
    """Return the server programs of the newest PostgreSQL that has PostGIS installed."""
    versions = sorted((p.name for p in POSTGRES_ROOT.iterdir() if p.name.isdigit()),
                      key=int, reverse=True) if POSTGRES_ROOT.is_dir() else []
    for version in versions:
        if Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists():
            return POSTGRES_ROOT / version / "bin"
    pytest.fail(f"no PostgreSQL with PostGIS under {POSTGRES_ROOT}: run `make test`")


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on a free port, owned by one test session.

    As root, its programs run as the ``postgres`` OS user (the server refuses to run as
    root) with a data folder that user owns; otherwise as the current user.
    """

    def __init__(self, root: Path):
        self.bindir = postgres_bindir()
        self.root = root
        self.data = root / "data"
        self.log = root / "postgres.log"
        self.port = free_port()

    def run(self, program: str, *args: str) -> None:
        """Run one of the server's programs as the cluster's owner."""
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                                timeout=120)
        if result.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed: {result.stderr}\n{log}")

    def create(self) -> None:
        """Create the cluster (trust authentication: it listens on loopback only)."""
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C", "--no-sync", "--no-instructions")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n".join([*SETTINGS, f"port = {self.port}",
                                  f"unix_socket_directories = '{self.root}'"]) + "\n")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` ends every session at once, as an outage would."""
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        """Tell whether the server is up (its pid file is there)."""
        return (self.data / "postmaster.pid").exists()

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run ``sql`` as the cluster's superuser."""
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname=database, autocommit=True) as conn:
            conn.execute(sql)

    def url(self, database: str = "finder") -> str:
        """Return the SQLAlchemy URL of ``database`` as finder's own role."""
        return f"postgresql+psycopg://finder@127.0.0.1:{self.port}/{database}"


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
        owned.admin("CREATE EXTENSION postgis; CREATE EXTENSION pg_trgm", database="finder")
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
