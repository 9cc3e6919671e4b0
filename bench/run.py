"""``make bench``: measure search latency, throughput, import speed and memory on 1M providers.

Run from the checkout as ``python -m bench.run`` after the bench database exists and is
migrated (the Makefile's bench target does both). Settings are environment variables:
BENCH_DATABASE_URL, BENCH_PORT, BENCH_POINTS, BENCH_SEED, BENCH_WARMUP, BENCH_WORST_RUNS,
BENCH_WORST_SECONDS, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_IMPORT_ROWS, BENCH_RESEED,
BENCH_REPLICA_URL.
"""
import os
import pickle
import signal
import sys
import time
from dataclasses import asdict
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from bench import csvimport
from bench import dbfloor
from bench import database
from bench import measure
from bench import report
from bench import scenarios
from bench.flaskcli import ROOT
from bench.load import throughput
from bench.server import Gunicorn
from bench.server import HttpClient
from bench.sqlfloor import SqlFloor
from finder import create_app
from finder.config import load_config

DEFAULT_URL = "postgresql+psycopg://finder:finder@127.0.0.1:5432/finder_bench"
STARTED = time.monotonic()
BUSY_LOAD = 0.5   # a one-minute load average above this means other work shares the cores
# The framework floor: Flask on the same gunicorn command, running each search's statement.
FRAMEWORK_APP = "bench.framework:app"
FRAMEWORK_STATEMENTS = ROOT / "bench" / "data" / "framework-statements.pickle"


@dataclass(frozen=True)
class Settings:
    """What to measure and how much; every value can be changed from the environment."""

    url: str
    port: int = 5055
    points: int = 2000
    seed: int = 2026
    warmup: int = 300
    worst_runs: int = 30
    worst_seconds: float = 15.0
    duration: int = 30
    connections: int = 16
    import_rows: int = 100_000
    reseed: bool = False   # seed again even when the data can be reused (to re-time it)
    # A hot standby of ``url`` (``make bench BENCH_REPLICA=1``): searches, the SQL floor and
    # pgbench read from it, as the app's reads do with DATABASE_REPLICA_URL; writes (the
    # seed, the import) go to ``url``.
    replica_url: str = ""

    @classmethod
    def from_env(cls, environ=os.environ) -> "Settings":
        """Read BENCH_* variables over the defaults."""
        url = load_config({"DATABASE_URL": environ.get("BENCH_DATABASE_URL") or DEFAULT_URL})
        values = {"url": url["DATABASE_URL"]}
        if environ.get("BENCH_REPLICA_URL"):
            values["replica_url"] = load_config(
                {"DATABASE_URL": environ["BENCH_REPLICA_URL"]})["DATABASE_URL"]
        for name, kind in (("port", int), ("points", int), ("seed", int), ("warmup", int),
                           ("worst_runs", int), ("worst_seconds", float), ("duration", int),
                           ("connections", int), ("import_rows", int),
                           ("reseed", lambda v: v.lower() in ("1", "true", "yes"))):
            raw = environ.get(f"BENCH_{name.upper()}")
            if raw:
                values[name] = kind(raw)
        return cls(**values)


def say(message: str) -> None:
    """Print progress with the time since the start."""
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", flush=True)


def query_points(floor: SqlFloor, frame, settings: Settings) -> tuple[list, dict]:
    """Pick random postcode centroids whose postcode the app's geocoding finds."""
    pool = database.sample(frame, settings.points * 3 // 2 + 100, settings.seed)
    found, missed = [], []
    for point in pool:
        (found if floor.origin_found(scenarios.postcode(point)) else missed).append(point)
        if len(found) == settings.points:
            break
    if len(found) < settings.points:
        raise SystemExit(f"only {len(found)} sampled postcodes resolve: too few to measure")
    examined = len(found) + len(missed)
    return found, {"sampled": examined, "postcode_not_found": len(missed),
                   "examples_not_found": [f"{p.country} {p.code}" for p in missed[:10]]}


def search_args(client, points) -> dict[str, list[dict]]:
    """Return each search kind's request arguments over the query points."""
    return {kind.name: measure.page_two_args(client, points, len(points))
            if kind.name == "page 2" else [kind.args(p) for p in points]
            for kind in scenarios.SCENARIOS}


def framework_statements(floor, searches: dict) -> tuple[dict, dict]:
    """Write every search's statement for ``bench.framework``; return each kind's
    statements and the framework's path for each."""
    queries = {name: [floor.query(a) for a in args] for name, args in searches.items()}
    flat = [(q.sql, q.params) for kind in queries.values() for q in kind]
    FRAMEWORK_STATEMENTS.parent.mkdir(parents=True, exist_ok=True)
    FRAMEWORK_STATEMENTS.write_bytes(pickle.dumps(flat))
    paths, n = {}, 0
    for name, kind in queries.items():
        paths[name] = [f"/statement/{i}" for i in range(n, n + len(kind))]
        n += len(kind)
    return queries, paths


def measure_scenarios(floor, client, framework, searches, queries, bare_paths,
                      settings) -> dict:
    """Time every search kind: warm-up, then the SQL floor, the API and the framework floor
    on the same searches, interleaved."""
    results = {}
    for kind in scenarios.SCENARIOS:
        args_list = searches[kind.name]
        say(f"{kind.name}: {len(args_list)} searches, SQL floor, API and framework floor "
            "interleaved")
        timed = measure.scenario(floor, client, queries[kind.name],
                                 [scenarios.path(a) for a in args_list], settings.warmup,
                                 (framework, bare_paths[kind.name]))
        results[kind.name] = {"what": kind.what, "sql": report.summary(timed["sql"]),
                              "api": report.summary(timed["api"]),
                              "framework": report.summary(timed["framework"]),
                              "checked": min(20, len(args_list)),
                              "mismatches": measure.mismatches(floor, client, args_list[:20]),
                              "args": args_list}
    return results


def measure_worst(floor, client, conn, settings) -> list[dict]:
    """Time each worst case through the SQL floor and the API."""
    out = []
    for label, args in scenarios.worst_cases(database.unused_service_tag(conn)):
        say(f"worst case: {label}")
        timed = measure.worst_case(floor, client, args, settings.worst_runs,
                                   settings.worst_seconds)
        out.append({"label": label, "path": scenarios.path(args),
                    "sql": report.summary(timed["sql"]), "api": report.summary(timed["api"])})
    return out


def mixed(lists) -> list:
    """Interleave every search kind's items, so the load is a mix of all of them."""
    return [item for group in zip(*lists) for item in group]


def mixed_args(results: dict) -> list[dict]:
    """Every search kind's searches, interleaved."""
    return mixed([r["args"] for r in results.values()])


def serve_and_measure(floor, conn, points, settings) -> dict:
    """Serve the app (and the framework floor) with gunicorn and take every HTTP
    measurement; always stop both."""
    with Gunicorn(settings.port) as server:
        say(f"serving: {server.command}")
        client = HttpClient(settings.port)
        searches = search_args(client, points)
        queries, bare_paths = framework_statements(floor, searches)
        with Gunicorn(settings.port + 1, app=FRAMEWORK_APP,
                      env={"BENCH_STATEMENTS": str(FRAMEWORK_STATEMENTS)}) as bare:
            say(f"framework floor: {bare.command}")
            framework = HttpClient(settings.port + 1)
            searched = measure_scenarios(floor, client, framework, searches, queries,
                                         bare_paths, settings)
            say(f"framework floor throughput: wrk, {settings.connections} connections, "
                f"{settings.duration} s")
            bare_load = throughput(settings.port + 1, mixed(bare_paths.values()),
                                   settings.duration, settings.connections)
        worst = measure_worst(floor, client, conn, settings)
        say(f"throughput: wrk, {settings.connections} connections, {settings.duration} s")
        load = throughput(settings.port, [scenarios.path(a) for a in mixed_args(searched)],
                          settings.duration, settings.connections)
        load["framework_floor"] = bare_load
        rss = server.rss_kib()
        return {"command": server.command, "framework_command": bare.command,
                "scenarios": searched, "worst": worst, "throughput": load, "rss_kib": rss,
                "client": {"requests": client.requests, "connections": client.connects}}


def figures(seed, served, imported) -> list:
    """Return every printed row, in order."""
    rows = list(report.seed_figures(asdict(seed)))
    coordinates_p50 = served["scenarios"]["coordinates"]["api"]["p50"]
    for kind in scenarios.SCENARIOS:
        result = served["scenarios"][kind.name]
        rows += report.scenario_figures(kind.name, kind.what, result, coordinates_p50)
    rows += report.worst_figures(served["worst"])
    rows += report.other_figures(served["throughput"], imported, served["rss_kib"])
    return rows


def shown(url: str) -> str:
    """Return ``url`` without its password, for the results file."""
    return make_url(url).render_as_string(hide_password=True)


def write_results(conn, settings, load_before, seed, sampling, served, imported, rows):
    """Write everything measured, and how, to bench/results/; return the file's path."""
    for name in served["scenarios"]:
        del served["scenarios"][name]["args"]   # the sample, not a result: keep the file small
    machine = report.machine()
    results = {"machine": machine, "database": database.server_versions(conn),
               "code": report.code_version(ROOT),
               "settings": asdict(settings) | {"url": shown(settings.url),
                                               "replica_url": shown(settings.replica_url)
                                               if settings.replica_url else ""},
               "app_environment": {"SEARCH_RATE_LIMIT": ""},
               "load_average_before": load_before, "seed": asdict(seed), "sampling": sampling,
               "percentiles": "statistics.quantiles(n=100, method='inclusive')",
               "sql_floor": "the app's statement via psycopg, one autocommit connection",
               **served, "import": imported,
               "figures": [asdict(f) | {"result": f.result} for f in rows],
               "seconds": round(time.monotonic() - STARTED)}
    return report.write_json(results, machine)


def stop_on_sigterm(*_):
    """Turn SIGTERM into SystemExit so gunicorn is stopped and imported rows removed."""
    raise SystemExit("terminated")


def main() -> None:
    """Prepare the bench data, measure everything, print the table, write the results."""
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    settings = Settings.from_env()
    os.environ["DATABASE_URL"] = settings.url   # for the app, gunicorn and flask commands
    # Every request comes from 127.0.0.1: a per-address search limit would answer 429
    # after a few searches and measure the limiter instead of the search ("" = no limit).
    os.environ["SEARCH_RATE_LIMIT"] = ""
    load_before = os.getloadavg()
    conn = database.connect(settings.url)
    say("checking the 1,000,000 demo providers")
    seed = database.ensure_seeded(conn, settings.reseed)
    database.vacuum(conn)
    reads = settings.replica_url or settings.url
    if settings.replica_url:
        say("waiting for the replica to replay everything written")
        database.wait_for_replay(conn, settings.replica_url)
        os.environ["DATABASE_REPLICA_URL"] = settings.replica_url   # for gunicorn
    floor = SqlFloor(create_app({"DATABASE_URL": reads}))
    frame = database.postcodes(conn)
    points, sampling = query_points(floor, frame, settings)
    served = serve_and_measure(floor, conn, points, settings)
    say(f"throughput floor: pgbench, the same searches, {settings.connections} connections, "
        f"{settings.duration} s")
    served["throughput"]["database_floor"] = dbfloor.pgbench_throughput(
        reads, conn, [floor.query(a) for a in mixed_args(served["scenarios"])],
        settings.duration, settings.connections)
    floor.close()
    say(f"CSV import: {settings.import_rows:,} rows")
    imported = csvimport.import_speed(conn, frame, settings.import_rows, settings.seed)
    database.vacuum(conn, analyze=True)
    rows = figures(seed, served, imported)
    print()
    print(report.machine_line(report.machine(), served))
    if settings.replica_url:
        print(f"searches read from the hot standby {shown(settings.replica_url)}; "
              f"writes go to {shown(settings.url)}\n")
    report.print_table(rows)
    client = served["client"]
    print(f"\nAPI client: {client['requests']} requests over {client['connections']} TCP "
          "connections (one kept-alive socket; it reconnects whenever the server closes)")
    path = write_results(conn, settings, load_before, seed, sampling, served, imported, rows)
    print(f"\nwritten {path.relative_to(ROOT)} ({time.monotonic() - STARTED:.0f} s in all; "
          f"load average before: {load_before[0]:.2f})")
    if load_before[0] > BUSY_LOAD:
        print(f"note: the machine was busy before the run (load average {load_before[0]:.2f} on "
              f"{os.cpu_count()} cores): other work slows every figure")


if __name__ == "__main__":
    sys.exit(main())
