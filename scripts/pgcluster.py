"""Throwaway PostgreSQL clusters on local ports: a primary, and hot standbys of it.

Used by the reliability tests (an outage they can cause, a replica they can pause) and by
``make replica``. Each cluster lives in a folder of its own; as root its programs run as
the ``postgres`` OS user (the server refuses to run as root).
"""
import os
import pwd
import socket
import subprocess
import time
from pathlib import Path

import psycopg

POSTGRES_ROOT = Path("/usr/lib/postgresql")
# Durability is not what these clusters are for; skipping fsync keeps set-up at a second.
SETTINGS = ("listen_addresses = '127.0.0.1'", "fsync = off", "synchronous_commit = off",
            "full_page_writes = off", "shared_buffers = 32MB", "max_connections = 40")
# A standby answers reads while it replays; feedback keeps a long export from being
# cancelled by a vacuum on the primary; a short wal_retrieve_retry_interval reconnects
# a standby to a restarted primary quickly.
STANDBY_SETTINGS = ("hot_standby = on", "hot_standby_feedback = on",
                    "wal_retrieve_retry_interval = 500ms")


def free_port(ports=None) -> int:
    """Return a TCP port on loopback that nothing listens on (at the time of asking):
    the first free one of ``ports`` if given, else one the kernel picks."""
    for port in ports or [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in {ports[0]}-{ports[-1]}")


def postgres_bindir() -> Path:
    """Return the server programs of the newest PostgreSQL that has PostGIS installed."""
    versions = sorted((p.name for p in POSTGRES_ROOT.iterdir() if p.name.isdigit()),
                      key=int, reverse=True) if POSTGRES_ROOT.is_dir() else []
    for version in versions:
        if Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists():
            return POSTGRES_ROOT / version / "bin"
    raise RuntimeError(f"no PostgreSQL with PostGIS under {POSTGRES_ROOT}: run `make test`")


class Cluster:
    """A PostgreSQL cluster in ``root``, on ``port`` (a free one if not given)."""

    def __init__(self, root: Path, port: int | None = None):
        self.bindir = postgres_bindir()
        self.root = Path(root)
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = port or free_port()

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

    def _own_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    def _configure(self, *settings: str) -> None:
        # Appended last, so these win over what a copied postgresql.conf said.
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n".join([*settings, f"port = {self.port}",
                                  f"unix_socket_directories = '{self.root}'"]) + "\n")

    def create(self) -> None:
        """Create the cluster (trust authentication: it listens on loopback only)."""
        self._own_root()
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C", "--no-sync", "--no-instructions")
        self._configure(*SETTINGS)

    def copy_of(self, source: "Cluster", standby: bool) -> None:
        """Create the cluster as a base backup of the running ``source`` (``pg_basebackup``):
        a hot standby that streams from it (``-R``), or an independent copy."""
        self._own_root()
        self.run("pg_basebackup", "-D", str(self.data), "-h", "127.0.0.1",
                 "-p", str(source.port), "-U", "postgres", "-X", "stream", "--no-sync",
                 "--checkpoint=fast",
                 *(["-R"] if standby else []))
        self._configure(*(STANDBY_SETTINGS if standby else ()))

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` ends every session at once, as an outage would."""
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        """Tell whether the server is up (its pid file is there)."""
        return (self.data / "postmaster.pid").exists()

    def admin(self, sql: str, database: str = "postgres"):
        """Run ``sql`` as the cluster's superuser; return the first row, if any."""
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname=database, autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchone() if cursor.description else None

    def url(self, database: str = "finder") -> str:
        """Return the SQLAlchemy URL of ``database`` as finder's own role."""
        return f"postgresql+psycopg://finder@127.0.0.1:{self.port}/{database}"

    def wait_for_replay(self, primary: "Cluster", timeout_s: float = 30) -> None:
        """Wait until this standby has replayed everything ``primary`` has written."""
        target = primary.admin("SELECT pg_current_wal_insert_lsn()")[0]
        deadline = time.monotonic() + timeout_s
        while True:
            replayed = self.admin(
                f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]
            if replayed:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the standby on {self.port} did not replay {target}")
            time.sleep(0.02)
