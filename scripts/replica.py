"""``make replica``: a local primary and a hot standby streaming from it, for trying finder
with ``DATABASE_REPLICA_URL`` (``make replica-stop`` stops both).

    python -m scripts.replica start PRIMARY_PORT REPLICA_PORT
    python -m scripts.replica stop

Both clusters live under ``REPLICA_DIR`` (default: finder-replica in the system's temporary
folder) and survive until stopped; ``start`` again starts them as they were.
"""
import os
import sys
import tempfile
from pathlib import Path

from scripts.pgcluster import Cluster


def folder() -> Path:
    return Path(os.environ.get("REPLICA_DIR") or Path(tempfile.gettempdir()) / "finder-replica")


def start(primary_port: int, replica_port: int) -> None:
    """Create the pair if it is not there, and start whichever is not running."""
    root = folder()
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)   # the postgres user must reach the clusters' own folders
    primary = Cluster(root / "primary", port=primary_port)
    replica = Cluster(root / "replica", port=replica_port)
    if not primary.data.exists():
        primary.create()
        primary.start()
        primary.admin("CREATE ROLE finder LOGIN")
        primary.admin("CREATE DATABASE finder OWNER finder")
        primary.admin("CREATE EXTENSION postgis; CREATE EXTENSION pg_trgm; "
                      "CREATE EXTENSION btree_gist", database="finder")
    elif not primary.running():
        primary.start()
    if not replica.data.exists():
        replica.copy_of(primary, standby=True)
    if not replica.running():
        replica.start()
    print(f"primary on {primary.port}, hot standby on {replica.port} (in {root})")


def stop() -> None:
    """Stop both clusters, the standby first; their folders stay."""
    for name in ("replica", "primary"):
        cluster = Cluster(folder() / name, port=1)
        if cluster.data.exists() and cluster.running():
            cluster.stop()
            print(f"stopped the {name}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["start"] and len(sys.argv) == 4:
        start(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:] == ["stop"]:
        stop()
    else:
        sys.exit(__doc__)
