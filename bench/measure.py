"""Timing loops: the SQL floor and the API over the same searches, and the worst cases."""
import gc
import json
import time
from collections import Counter
from dataclasses import dataclass
from dataclasses import field

from bench import scenarios
from bench.database import Postcode
from bench.server import HttpClient
from bench.sqlfloor import SqlFloor


@dataclass
class Samples:
    """Latencies in milliseconds, and how many attempts failed and why."""

    ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)


class quiet_gc:
    """Keep the harness's own garbage collector out of the timings."""

    def __enter__(self):
        gc.collect()
        gc.disable()

    def __exit__(self, *exc):
        gc.enable()


def result_ids(body: bytes) -> list:
    """Return the provider ids of a JSON or GeoJSON search answer, in order."""
    answer = json.loads(body)
    return [r["id"] for r in answer.get("results", answer.get("features", []))]


def mismatches(floor: SqlFloor, client: HttpClient, args_list, limit: int = 10) -> int:
    """Count searches whose API results differ from the floor statement's rows."""
    differ = 0
    for args in args_list:
        sql_ids = floor.run(floor.query(args)).ids or []
        reply = client.get(scenarios.path(args))
        api_ids = result_ids(reply.body) if reply.status == 200 else None
        differ += api_ids != sql_ids[:limit]
    return differ


def page_two_args(client: HttpClient, points: list[Postcode], n: int) -> list[dict]:
    """Return page-2 arguments (page 1's next_cursor, from the API) for ``n`` points."""
    out = []
    for point in points:
        args = scenarios.coordinates(point)
        reply = client.get(scenarios.path(args))
        cursor = json.loads(reply.body).get("next_cursor") if reply.status == 200 else None
        if cursor:
            out.append({**args, "cursor": cursor})
        if len(out) == n:
            break
    return out


def time_both(floor: SqlFloor, client: HttpClient, queries, paths,
              framework: tuple[HttpClient, list[str]] | None = None) -> dict[str, Samples]:
    """Run each search through the SQL floor and the API, one right after the other, and
    through the framework floor (``bench.framework``: its client and paths) when given.

    Interleaving keeps the figures of a ratio under the same conditions: a machine whose
    speed drifts within minutes (a shared host) slows all alike, where timing all the
    floor's searches before all the API's would put the drift into the ratio. The order
    rotates, so none always finds the pages another just read.
    """
    samples = {"sql": Samples(), "api": Samples()}

    def run_sql(n):
        outcome = floor.run(queries[n])
        samples["sql"].ms.append(outcome.ms)
        if outcome.error:
            samples["sql"].errors[outcome.error] += 1

    def run_http(name, http, path):
        reply = http.get(path)
        samples[name].ms.append(reply.ms)
        if not 200 <= reply.status < 300:
            samples[name].errors[f"HTTP {reply.status}"] += 1
    runs = [run_sql, lambda n: run_http("api", client, paths[n])]
    if framework is not None:
        samples["framework"] = Samples()
        runs.append(lambda n: run_http("framework", framework[0], framework[1][n]))
    with quiet_gc():
        for n in range(len(queries)):
            for k in range(len(runs)):
                runs[(n + k) % len(runs)](n)
    return samples


def scenario(floor: SqlFloor, client: HttpClient, queries: list, paths: list[str], warmup: int,
             framework: tuple[HttpClient, list[str]] | None = None) -> dict:
    """Warm up, then time the SQL floor, the API (and the framework floor) over the same
    searches, in rotating order."""
    head = None if framework is None else (framework[0], framework[1][:warmup])
    time_both(floor, client, queries[:warmup], paths[:warmup], head)
    return time_both(floor, client, queries, paths, framework)


def repeat(run, runs: int, budget_s: float, at_least: int = 3) -> Samples:
    """Call ``run`` (returning ms and an error) up to ``runs`` times within ``budget_s``."""
    samples = Samples()
    run()   # warm-up, untimed
    deadline = time.monotonic() + budget_s
    while len(samples.ms) < runs and (len(samples.ms) < at_least or time.monotonic() < deadline):
        ms, error = run()
        samples.ms.append(ms)
        if error:
            samples.errors[error] += 1
    return samples


def worst_case(floor: SqlFloor, client: HttpClient, args: dict, runs: int,
               budget_s: float) -> dict:
    """Time one worst case repeatedly through the SQL floor and through the API."""
    query, path = floor.query(args), scenarios.path(args)

    def sql():
        outcome = floor.run(query)
        return outcome.ms, outcome.error

    def api():
        reply = client.get(path)
        return reply.ms, None if 200 <= reply.status < 300 else f"HTTP {reply.status}"
    with quiet_gc():
        return {"sql": repeat(sql, runs, budget_s), "api": repeat(api, runs, budget_s)}
