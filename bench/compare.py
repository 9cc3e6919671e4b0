"""``make bench-compare REF=<commit>``: the same searches against an earlier commit and this
checkout, interleaved, through each one's own ``make run`` gunicorn command.

``make bench`` gives figures against floors measured in the same run; this answers the
other question a change raises: is a search slower or faster than before it? Machines here
differ by up to three times in speed and drift within minutes, so figures from two runs
cannot be compared. Here both servers run at once on the bench database, and each round
sends every search to each server in turn (the order alternating by round), so both see the
same machine; the medians and 95th percentiles are then comparable to a tenth of a
millisecond. Each side's SQL floor runs in the same rounds: the statement that side builds
for the search (``bench/statements_of.py``, run in its checkout), executed as finder's read
engine executes it, so each side's API / SQL floor ratio is printed too. For a place name the
API remembers the looked-up place and the floor looks it up each time (as in ``make bench``):
its ratio says little.

The earlier commit is checked out with ``git worktree`` into ``bench/data/compare/`` and
runs on this checkout's virtualenv (today's packages): the difference is the code's.
Its translations are compiled there; it reads the bench database as it is (migrated for
this checkout: an old commit must still run on the newer schema). Settings: REF (the
commit), BENCH_DATABASE_URL, COMPARE_ROUNDS, COMPARE_PER_ROUND, COMPARE_WORKERS.
"""
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg

from bench import report as bench_report
from bench.flaskcli import ROOT
from bench.run import DEFAULT_URL
from bench.run import say
from bench.scenarios import SEARCH_PATH
from bench.server import DATA
from bench.server import Gunicorn
from bench.server import HttpClient
from finder.config import load_config
from finder.database import driver_query
from finder.database import make_read_engine

FOLDER = DATA / "compare"
WARMUP = 100   # requests per search and server before timing (caches, prepared plans)
SETTLE_S = 5   # for every worker of both servers to finish booting (a server answers sooner)
# Searches a visitor makes, one of each kind the bench measures, and the place names.
SEARCHES = [
    ("widget: New York 10001 + ketamine",
     {"near": "10001", "country": "US", "modality": "ketamine"}),
    ("not offered here: Austin 78701 + psilocybin",
     {"near": "78701", "country": "US", "modality": "psilocybin"}),
    ("rare modality: coordinates in Chicago + MDMA",
     {"lat": "41.8781", "lon": "-87.6298", "modality": "mdma-assisted-therapy"}),
    ("postcode: Springfield MO 65801", {"near": "65801", "country": "US"}),
    ("coordinates: New York", {"lat": "40.7500", "lon": "-73.9900"}),
    ("postcode: Frankfurt DE 60311 + ketamine",
     {"near": "60311", "country": "DE", "modality": "ketamine"}),
    ("place name with namesakes: Springfield", {"near": "Springfield", "country": "US"}),
    ("alternate name: NYC", {"near": "NYC", "country": "US"}),
    ("near spelling: Pheonix", {"near": "Pheonix", "country": "US"}),
]


def checkout(ref: str) -> Path:
    """Check ``ref`` out beside the bench's data, ready to serve with this virtualenv."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=ROOT,
                            text=True, capture_output=True)
    if commit.returncode:
        raise SystemExit(f"REF={ref!r} is not a commit here: {commit.stderr.strip()}")
    tree = FOLDER / commit.stdout.strip()[:12]
    if not tree.exists():
        FOLDER.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "worktree", "add", "--detach", "--force", str(tree),
                        commit.stdout.strip()], cwd=ROOT, check=True, capture_output=True)
    venv = tree / ".venv"
    if not venv.exists():
        venv.symlink_to(ROOT / ".venv")
    if (tree / "finder" / "translations").is_dir():
        subprocess.run([str(ROOT / ".venv" / "bin" / "pybabel"), "compile", "-d",
                        "finder/translations"], cwd=tree, check=True, capture_output=True)
    return tree


def remove(tree: Path) -> None:
    """Drop the worktree ``checkout`` made."""
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                   capture_output=True)
    shutil.rmtree(tree, ignore_errors=True)


class SqlFloors:
    """Each side's statements over one connection set up as finder's read engine's."""

    def __init__(self, url: str, trees: dict[str, Path], searches: list[dict]):
        config = load_config({"DATABASE_URL": url})
        self.engine = make_read_engine(config["DATABASE_URL"], config)
        self.queries = {name: self._statements(tree, url, searches) for name, tree in trees.items()}
        self._pooled = self.engine.raw_connection()   # held: the pool reclaims it when dropped
        connection = self._pooled.driver_connection
        connection.rollback()
        connection.autocommit = True   # one round trip per search, as the bench's floor
        self.cursor = psycopg.RawCursor(connection)

    def _statements(self, tree: Path, url: str, searches: list[dict]) -> list:
        kept = FOLDER / f"statements-{tree.name}.pickle"
        script = ROOT / "bench" / "statements_of.py"
        subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(script), str(kept)], cwd=tree,
                       input=json.dumps(searches), text=True, check=True, capture_output=True,
                       env={**os.environ, "DATABASE_URL": url})
        with open(kept, "rb") as read:
            built = pickle.load(read)
        out = []
        for sql, params in built:
            query = driver_query(sql, self.engine.dialect)
            out.append((query.sql, query.values(params)))
        return out

    def run(self, name: str, n: int) -> float:
        """Execute side ``name``'s statement for search ``n``; return milliseconds."""
        sql, values = self.queries[name][n]
        started = time.perf_counter_ns()
        self.cursor.execute(sql, values)
        self.cursor.fetchall()
        return (time.perf_counter_ns() - started) / 1e6

    def close(self) -> None:
        self._pooled.close()
        self.engine.dispose()


def measure(clients: dict[str, HttpClient], floors: SqlFloors, paths: list[str], rounds: int,
            per_round: int) -> dict[tuple[str, str, str], list[float]]:
    """Time every search through every server and its SQL floor, interleaved; return
    milliseconds per (figure, side, path), figure "api" or "sql"."""
    names = list(clients)
    for name, client in clients.items():
        for n, path in enumerate(paths):
            reply = client.get(path)
            if reply.status != 200:
                raise SystemExit(f"{name} answered {reply.status} to {path}: "
                                 f"{reply.body[:300]!r}")
            for _ in range(WARMUP):
                client.get(path)
                floors.run(name, n)
    timings = {(figure, name, path): [] for figure in ("api", "sql") for name in names
               for path in paths}
    for r in range(rounds):
        for n, path in enumerate(paths):
            for name in names if r % 2 == 0 else names[::-1]:
                client = clients[name]
                timings[("api", name, path)] += [client.get(path).ms for _ in range(per_round)]
                timings[("sql", name, path)] += [floors.run(name, n) for _ in range(per_round)]
    return timings


def p95(values: list[float]) -> float:
    """Return the 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def report(labels: list[str], names: list[str], paths: list[str], timings) -> None:
    """Print, per search and side, the API's p50 / p95, the SQL floor's p50 and their ratio,
    and the change of the API's p50, as a Markdown table."""
    before, after = names
    print(f"\n| search | {before}: API p50 / p95, SQL p50, ratio | "
          f"{after}: API p50 / p95, SQL p50, ratio | change of API p50 |")
    print("|---|---|---|---|")
    for label, path in zip(labels, paths):
        cells = []
        for name in names:
            api, sql = timings[("api", name, path)], timings[("sql", name, path)]
            cells.append(f"{statistics.median(api):.2f} / {p95(api):.2f} ms, "
                         f"{statistics.median(sql):.2f} ms, "
                         f"{statistics.median(api) / statistics.median(sql):.2f}×")
        old = statistics.median(timings[("api", before, path)])
        change = statistics.median(timings[("api", after, path)]) - old
        print(f"| {label} | {cells[0]} | {cells[1]} | {change:+.2f} ms ({change / old:+.0%}) |")


def main() -> None:
    ref = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("REF", "")
    if not ref:
        raise SystemExit("name the earlier commit: make bench-compare REF=<commit>")
    rounds = int(os.environ.get("COMPARE_ROUNDS", "20"))
    per_round = int(os.environ.get("COMPARE_PER_ROUND", "50"))
    workers = int(os.environ.get("COMPARE_WORKERS", "3"))
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    # Thousands of searches from one address: no search limit on either server.
    env = {"DATABASE_URL": url, "SEARCH_RATE_LIMIT": ""}
    tree = checkout(ref)
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, text=True,
                          capture_output=True).stdout.strip()
    dirty = " + changes" if subprocess.run(["git", "status", "--porcelain", "--", "finder", "db"],
                                           cwd=ROOT, text=True, capture_output=True).stdout else ""
    names = [ref[:12], f"{head}{dirty}"]
    paths = [f"{SEARCH_PATH}?{urlencode(args)}" for _, args in SEARCHES]
    try:
        with Gunicorn(5075, folder=FOLDER / "before", env=env, workers=workers,
                      root=tree) as before, \
                Gunicorn(5076, folder=FOLDER / "after", env=env, workers=workers) as after:
            say(f"before: {before.command} (in {tree.relative_to(ROOT)})")
            say(f"after:  {after.command}")
            floors = SqlFloors(url, dict(zip(names, (tree, ROOT))),
                               [args for _, args in SEARCHES])
            time.sleep(SETTLE_S)
            clients = dict(zip(names, (HttpClient(5075), HttpClient(5076))))
            started = time.monotonic()
            try:
                timings = measure(clients, floors, paths, rounds, per_round)
            finally:
                floors.close()
            say(f"{rounds} rounds of {per_round} requests and statements per search and side, "
                f"{time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.2f}")
        m = bench_report.machine()
        print(f"machine: {m['cpus']} vCPU {m['cpu_model']}, {m['memory_gib']} GiB, {m['arch']}, "
              f"kernel {m['kernel']}, Python {m['python']}; gunicorn with {workers} workers each")
        report([label for label, _ in SEARCHES], names, paths, timings)
    finally:
        remove(tree)


if __name__ == "__main__":
    main()
