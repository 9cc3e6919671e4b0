"""Mixed traffic with nothing lost: ``make load``, and a shorter run in ``make test``.

gunicorn, started as the Makefile's run target starts it (2 workers), serves the
``finder_load`` database; threads (``bench.mix``) send it 90 % searches, 5 % new listings
(``POST /api/v1/listings``) and 5 % moderation decisions (approve or reject over the
bearer-token API). Afterwards every listing answered 201 must be stored exactly once, and
every decision answered 200 must show in the listing's status and in ``moderation_events``
exactly once.

Usage: python -m bench.traffic [--seconds 60] [--connections 16] [--workers 2]
"""
import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench import server
from bench.mix import PRESEED
from bench.mix import Traffic
from bench.mix import run

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ("US", "GB", "DE")
DEMO_PROVIDERS = 20_000


def load_database_url() -> str:
    """Return the load database: ``LOAD_DATABASE_URL``, else finder_load beside DATABASE_URL."""
    from finder.config import load_config
    url = os.environ.get("LOAD_DATABASE_URL")
    if url:
        return load_config({"DATABASE_URL": url})["DATABASE_URL"]
    return make_url(load_config()["DATABASE_URL"]).set(database="finder_load") \
        .render_as_string(hide_password=False)


def prepare(url: str, moderator: str) -> tuple[list[tuple], str]:
    """Create, migrate and fill the load database with finder's own commands (each does only
    what is missing), and add a moderator. Return postcodes to search from, as
    (country, code, lat, lon), and the moderator's API token."""
    from finder import create_app
    subprocess.run([sys.executable, "scripts/create_database.py", url], cwd=ROOT, check=True)
    # TESTING: the commands' app leaves the caller's logging as it is (a test run's too).
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    runner = app.test_cli_runner()

    def flask(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(args=list(args), input=stdin)
        if result.exit_code:
            raise SystemExit(f"flask {' '.join(args)} failed: {result.output}")
        return result.output

    try:
        flask("db", "upgrade")
        flask("postcodes", "load", "--missing-only", *COUNTRIES)
        flask("demo", "seed", "--count", str(DEMO_PROVIDERS))
        flask("moderator", "create", moderator, "--password-stdin",
              stdin=secrets.token_urlsafe(16) + "\n")
        token = flask("moderator", "token", moderator).strip().splitlines()[-1]
        with app.app_context():
            from finder.database import get_session
            postcodes = [tuple(r) for r in get_session().execute(text(
                "SELECT country, code, ST_Y(location::geometry), ST_X(location::geometry) "
                "FROM postcodes WHERE country = ANY(:c) ORDER BY md5(country || code) "
                "LIMIT 600"), {"c": list(COUNTRIES)})]
    finally:
        for engine in app.extensions.values():   # the app's engines: write and read
            if isinstance(engine, Engine):
                engine.dispose()
    return postcodes, token


def free_port() -> int:
    """Return a loopback port nothing listens on (at the time of asking)."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_server(url: str, workers: int, env: dict) -> server.Gunicorn:
    """gunicorn as ``make run`` starts it, on its own port, database and rate-limit keys."""
    return server.Gunicorn(free_port(), folder=Path(tempfile.mkdtemp(prefix="finder-load-")),
                           env={"DATABASE_URL": url, **env}, workers=workers, ready="/readyz")


@dataclass
class Check:
    """What the database holds for what the run was told."""

    submitted: int = 0
    stored_once: int = 0
    lost: list = field(default_factory=list)
    duplicated: list = field(default_factory=list)
    decided: int = 0
    reflected_once: int = 0
    wrong: list = field(default_factory=list)


def verify(url: str, traffic: Traffic) -> Check:
    """Check every 201 listing is stored once and every 200 decision shows once."""
    check = Check(submitted=len(traffic.submitted), decided=len(traffic.decided))
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            emails = list(traffic.submitted.values())
            found = {email: ids for email, ids in conn.execute(text(
                "SELECT email, array_agg(provider_id) FROM provider_private "
                "WHERE email = ANY(:e) GROUP BY email"), {"e": emails})}
            events = Counter()
            for provider_id, action, n in conn.execute(text(
                    "SELECT provider_id, action, count(*) FROM moderation_events "
                    "WHERE provider_id = ANY(:ids) GROUP BY provider_id, action"),
                    {"ids": list(traffic.submitted)}):
                events[provider_id, action] = n
            status = dict(conn.execute(text(
                "SELECT id, status FROM providers WHERE id = ANY(:ids)"),
                {"ids": list(traffic.submitted)}).all())
    finally:
        engine.dispose()
    for provider_id, email in traffic.submitted.items():
        ids = found.get(email, [])
        if not ids:
            check.lost.append(provider_id)
        elif ids != [provider_id] or events[provider_id, "submitted"] != 1:
            check.duplicated.append((provider_id, ids, events[provider_id, "submitted"]))
        else:
            check.stored_once += 1
        action = traffic.decided.get(provider_id)
        decisions = {a: events[provider_id, a] for a in ("approved", "rejected")
                     if events[provider_id, a]}
        expected = {action: 1} if action else {}
        if decisions != expected or status.get(provider_id) != (action or "pending"):
            check.wrong.append((provider_id, action, status.get(provider_id), decisions))
        elif action:
            check.reflected_once += 1
    return check


def summary(traffic: Traffic, check: Check, connections: int, workers: int) -> dict:
    """Return the run's figures."""
    every = sorted(ms for kind in traffic.latency_ms.values() for ms in kind)
    requests = len(every)
    by_status = Counter()
    for (_, status), n in traffic.statuses.items():
        by_status[status] += n
    return {
        "seconds": round(traffic.seconds, 1), "connections": connections, "workers": workers,
        "requests": requests, "requests_per_s": round(requests / traffic.seconds, 1),
        "by_kind": {k: len(v) for k, v in traffic.latency_ms.items()},
        "by_status": dict(sorted(by_status.items())),
        "errors": {f"HTTP {s}": n for s, n in sorted(by_status.items()) if s >= 500}
                  | {f"{k}: {e}": n for (k, e), n in traffic.failures.items()},
        "p50_ms": round(percentile(every, 50), 1), "p95_ms": round(percentile(every, 95), 1),
        "p99_ms": round(percentile(every, 99), 1),
        "p95_ms_by_kind": {k: round(percentile(sorted(v), 95), 1)
                           for k, v in traffic.latency_ms.items() if v},
        "submissions_201": check.submitted, "submissions_stored_once": check.stored_once,
        "decisions_200": check.decided, "decisions_reflected_once": check.reflected_once,
        "lost": check.lost, "duplicated": check.duplicated, "wrong": check.wrong[:20],
        "decisions_turned_into_searches": traffic.no_listing_to_decide,
    }


def percentile(ordered: list[float], p: float) -> float:
    """Return the ``p``-th percentile of an ascending list (nearest rank)."""
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def redis_url() -> str:
    """Return REDIS_URL, else the local Redis that ``make`` machines run."""
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def load_run(seconds: float, connections: int, workers: int = 2, url: str | None = None,
             say=lambda message: None) -> dict:
    """Prepare, serve, send the mix, verify; return the figures."""
    url = url or load_database_url()
    run_id = f"{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"
    say(f"preparing {make_url(url).database} (only what is missing)")
    postcodes, token = prepare(url, f"load-{run_id}")
    # Every request comes from one address: lift the per-address limits (an empty
    # SEARCH_RATE_LIMIT means none), but count in Redis as a deployment does.
    env = {"SUBMISSION_RATE_LIMIT": "1000000 per hour", "SEARCH_RATE_LIMIT": "",
           "REDIS_URL": redis_url(), "RATELIMIT_KEY_PREFIX": f"finder-load-{run_id}"}
    with load_server(url, workers, env) as gunicorn:
        say(f"gunicorn ({workers} workers) on port {gunicorn.port}; sending for {seconds:g} s "
            f"from {connections} connections")
        traffic = run(gunicorn.port, token, postcodes, seconds, connections, run_id)
    say("checking the database")
    figures = summary(traffic, verify(url, traffic), connections, workers)
    figures["command"] = (f"python -m bench.traffic --seconds {seconds:g} "
                          f"--connections {connections} --workers {workers}")
    if failed(figures):   # its tracebacks say why
        figures["gunicorn_log"] = str(gunicorn.log)
    else:
        shutil.rmtree(gunicorn.folder, ignore_errors=True)
    return figures


def failed(figures: dict) -> bool:
    """Tell whether the run saw a 5xx, a request without answer, or a write lost or doubled."""
    return bool(figures["errors"] or figures["lost"] or figures["duplicated"] or figures["wrong"])


def main(argv=None) -> int:
    """Run the mix from the command line; exit 1 when anything failed or was lost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    figures = load_run(args.seconds, args.connections, args.workers,
                       say=lambda message: print(message, flush=True))
    print(report(figures))
    return 1 if failed(figures) else 0


def report(f: dict) -> str:
    """Render the figures for people."""
    lines = [
        f"{f['requests']} requests in {f['seconds']} s ({f['requests_per_s']}/s) from "
        f"{f['connections']} connections, gunicorn with {f['workers']} workers",
        "  by kind: " + ", ".join(f"{k} {n}" for k, n in f["by_kind"].items()),
        "  by status: " + ", ".join(f"{s}: {n}" for s, n in f["by_status"].items()),
        "  errors: " + (", ".join(f"{k}: {n}" for k, n in f["errors"].items()) or "none"),
        f"  latency: p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, p99 {f['p99_ms']} ms "
        "(p95 by kind: " + ", ".join(f"{k} {v} ms" for k, v in f["p95_ms_by_kind"].items()) + ")",
        f"  listings answered 201: {f['submissions_201']} ({PRESEED} of them sent just "
        f"before, to have some to decide), stored exactly once: "
        f"{f['submissions_stored_once']} (lost {len(f['lost'])}, "
        f"duplicated {len(f['duplicated'])})",
        f"  decisions answered 200: {f['decisions_200']}, reflected exactly once: "
        f"{f['decisions_reflected_once']} (wrong {len(f['wrong'])})",
    ]
    if f["decisions_turned_into_searches"]:
        lines.append(f"  nothing waited for a decision {f['decisions_turned_into_searches']} "
                     "times: searched instead")
    if f.get("gunicorn_log"):
        lines.append(f"  gunicorn log: {f['gunicorn_log']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
