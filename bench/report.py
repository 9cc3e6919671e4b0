"""Figures against their targets: the printed table and the results file.

Percentiles are ``statistics.quantiles(samples, n=100, method="inclusive")``: the
cut points interpolate linearly between the two nearest ranks (numpy's default).
"""
import json
import os
import platform
import re
import statistics
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.measure import Samples

RESULTS = Path(__file__).resolve().parent / "results"
MIB = 1024


@dataclass(frozen=True)
class Figure:
    """One printed row: what, the measured value, its target and whether it was met."""

    label: str
    measured: str = ""
    target: str = ""
    met: bool | None = None

    @property
    def result(self) -> str:
        return "" if self.met is None else "met" if self.met else "missed"


def summary(samples: Samples) -> dict:
    """Return count, p50, p95, p99, mean and max of ``samples`` (ms), and its errors."""
    ms = samples.ms
    if not ms:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "mean": None, "max": None,
                "errors": dict(samples.errors)}
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    figures = {"p50": statistics.median(ms), "p95": cuts[94], "p99": cuts[98],
               "mean": statistics.fmean(ms), "max": max(ms)}
    return {"n": len(ms), **{k: round(v, 3) for k, v in figures.items()},
            "errors": dict(samples.errors)}


def ms3(s: dict) -> str:
    """Format p50 / p95 / p99 in milliseconds."""
    return f"{s['p50']:.2f} / {s['p95']:.2f} / {s['p99']:.2f} ms"


def errors_text(errors: dict) -> str:
    """Format an error tally such as ``3 × HTTP 503``."""
    return ", ".join(f"{n} × {what}" for what, n in errors.items())


# The targets, each a ratio to a floor measured in the same run (machines differ by up to
# three times in speed; the floors move with them), and one absolute guard.
P50_RATIO, P99_RATIO = 2, 4           # API / SQL floor
THROUGHPUT_SHARE = 0.5                # HTTP searches/s over pgbench's statements/s
IMPORT_SHARE = 0.5                    # CSV rows/s over a bare COPY's rows/s
SEED_RATIO = 2                        # seeding / a bare COPY of the same rows
P99_GUARD_MS = 15


def scenario_figures(name: str, what: str, result: dict, coordinates_p50: float | None):
    """Yield the rows of one measured search kind."""
    sql, api = result["sql"], result["api"]
    ratio, ratio99 = api["p50"] / sql["p50"], api["p99"] / sql["p99"]
    yield Figure(f"{name}: {what}", f"{api['n']} searches")
    yield Figure("  SQL floor p50 / p95 / p99", ms3(sql), "(the floor)")
    yield Figure("  API p50 / p95 / p99", ms3(api), f"p99 ≤ {P99_GUARD_MS} ms",
                 api["p99"] <= P99_GUARD_MS)
    yield Figure("  API p50 / SQL p50", f"{ratio:.2f}×", f"≤ {P50_RATIO}×", ratio <= P50_RATIO)
    yield Figure("  API p99 / SQL p99", f"{ratio99:.2f}×", f"≤ {P99_RATIO}×",
                 ratio99 <= P99_RATIO)
    bare = result.get("framework")
    if bare and bare["p50"] is not None:
        yield Figure("  framework floor p50: bare Flask + gunicorn, same statement",
                     f"{bare['p50']:.2f} ms ({bare['p50'] / sql['p50']:.2f}× SQL p50)",
                     "(the framework)")
        yield Figure("  finder's own time: API p50 − framework p50",
                     f"{api['p50'] - bare['p50']:.2f} ms", "(measured)")
    if name == "postcode" and coordinates_p50 is not None:
        gap = api["p50"] - coordinates_p50
        yield Figure("  API p50 − coordinates API p50", f"{gap:+.2f} ms", "≤ 0.5 ms", gap <= 0.5)
    if name == "rare modality":
        yield Figure("  API p95", f"{api['p95']:.2f} ms", "≤ 10 ms", api["p95"] <= 10)
    failed = {**{f"SQL {k}": v for k, v in sql["errors"].items()},
              **{f"API {k}": v for k, v in api["errors"].items()},
              **{f"framework {k}": v for k, v in (bare or {}).get("errors", {}).items()}}
    if failed:
        tally = errors_text(failed)
        yield Figure("  errors", tally, "none", False)
    if result["mismatches"]:
        yield Figure("  API results differing from the SQL rows",
                     f"{result['mismatches']} of {result['checked']}", "none", False)


def worst_figures(worst: list[dict]):
    """Yield one row per worst case: API p50 / max, with the SQL floor's alongside."""
    yield Figure("worst cases", "API p50 / max; the SQL floor's p50 / max; runs")
    for case in worst:
        api, sql = case["api"], case["sql"]
        text = (f"{api['p50']:.1f} / {api['max']:.1f} ms "
                f"(SQL {sql['p50']:.1f} / {sql['max']:.1f}, {api['n']} runs)")
        errors = {**{f"SQL {k}": v for k, v in sql["errors"].items()},
                  **{f"API {k}": v for k, v in api["errors"].items()}}
        if errors:
            text += f" {errors_text(errors)}"
        yield Figure(f"  {case['label']}", text, "≤ 50 ms each",
                     api["max"] <= 50 and not api["errors"])


def seed_figures(seed: dict):
    """Yield the seeding rows: this run's time (or the recorded one when reused) and its
    ratio to a bare COPY of the same rows."""
    how = f"reused; seeded {seed['seeded_at']}" if seed["reused"] else "seeded by this run"
    how += f", schema {seed['revision']}"
    yield Figure("seed 1,000,000 demo providers", f"{seed['seconds']:.1f} s ({how})",
                 "(measured)")
    copy = seed.get("copy_seconds")
    if copy:
        yield Figure("  bare COPY of the same rows, same indexes", f"{copy:.1f} s", "(the floor)")
        ratio = seed["seconds"] / copy
        yield Figure("  seed / COPY", f"{ratio:.2f}×", f"≤ {SEED_RATIO}×", ratio <= SEED_RATIO)
    else:
        yield Figure("  seed / COPY", "no floor recorded for this seed (BENCH_RESEED=1)",
                     f"≤ {SEED_RATIO}×", False)


def other_figures(load: dict, imported: dict, rss: dict):
    """Yield the throughput, import and memory rows."""
    yield Figure(f"throughput, {load['connections']} connections, {load['seconds']} s",
                 f"{load['requests_per_s']:.0f} requests/s", "(measured)")
    yield Figure("  errors (non-2xx and socket errors)",
                 f"{load['errors']} of {load['requests']}", "0", load["errors"] == 0)
    floor = load.get("database_floor") or {}
    if floor.get("statements_per_s"):
        share = load["requests_per_s"] / floor["statements_per_s"]
        yield Figure(f"  database only: pgbench, {floor['statements']} of the same searches",
                     f"{floor['statements_per_s']:.0f} statements/s", "(the floor)")
        yield Figure("  HTTP / database-only throughput", f"{share:.0%}",
                     f"≥ {THROUGHPUT_SHARE:.0%}", share >= THROUGHPUT_SHARE)
        bare = load.get("framework_floor") or {}
        if bare.get("requests_per_s"):
            yield Figure("  framework floor: bare Flask + gunicorn, same statements",
                         f"{bare['requests_per_s']:.0f} requests/s "
                         f"({bare['requests_per_s'] / floor['statements_per_s']:.0%} of "
                         f"pgbench, {bare['errors']} errors)", "(the framework)")
    else:
        yield Figure("  HTTP / database-only throughput",
                     f"not measured: {floor.get('error', 'no floor')}"[:60],
                     f"≥ {THROUGHPUT_SHARE:.0%}", False)
    yield Figure(f"CSV import, {imported['rows']:,} rows (half lat/lon, half postcode)",
                 f"{imported['rows_per_s']:,.0f} rows/s ({imported['seconds']:.1f} s)",
                 "(measured)")
    copy = imported.get("copy_floor") or {}
    if copy.get("rows_per_s"):
        share = imported["rows_per_s"] / copy["rows_per_s"]
        yield Figure("  bare COPY of the same rows into providers",
                     f"{copy['rows_per_s']:,.0f} rows/s ({copy['seconds']:.1f} s)", "(the floor)")
        yield Figure("  import / COPY rows per second", f"{share:.0%}",
                     f"≥ {IMPORT_SHARE:.0%}", share >= IMPORT_SHARE)
    if imported["added"] != imported["rows"]:
        yield Figure("  rows not added", f"{imported['rows'] - imported['added']} "
                     f"({imported['rejected']} rejected)", "0", False)
    for pid, kib in sorted(rss.items()):
        yield Figure(f"resident memory (VmRSS), web worker {pid}", f"{kib * 1024 / 1e6:.1f} MB",
                     "≤ 150 MB", kib * 1024 <= 150e6)


def print_table(figures: list[Figure]) -> None:
    """Print the figures as an aligned table; a row with no target heads the rows below it."""
    rows = [f for f in figures if f.target]
    widths = [max(len(getattr(f, k)) for f in rows) for k in ("label", "measured", "target")]
    head = ("figure", "measured", "target")
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths)) + "  result"
    print(line)
    print("-" * len(line))
    for f in figures:
        if not f.target:
            print(f.label + (f" ({f.measured})" if f.measured else ""))
            continue
        cells = (f.label, f.measured, f.target)
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + f.result)


def machine_line(m: dict, served: dict) -> str:
    """Return the line every figure is quoted with: the machine and its floors."""
    floors = ", ".join(f"{name} {r['sql']['p50']:.2f}" for name, r in served["scenarios"].items())
    pgbench = (served["throughput"].get("database_floor") or {}).get("statements_per_s")
    line = (f"machine: {m['cpus']} vCPU {m['cpu_model']}, {m['memory_gib']} GiB, {m['arch']}, "
            f"kernel {m['kernel']}, Python {m['python']}\n"
            f"floors: SQL p50 ms ({floors})")
    if pgbench:
        line += f"; pgbench {pgbench:.0f} statements/s"
    return line + "\n"


def machine() -> dict:
    """Describe this machine: cores, memory, architecture, CPU model, kernel."""
    meminfo = Path("/proc/meminfo").read_text()
    mem_kib = int(next(l for l in meminfo.splitlines() if l.startswith("MemTotal")).split()[1])
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((l.split(":", 1)[1].strip() for l in cpuinfo.splitlines()
                  if l.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "memory_gib": round(mem_kib / MIB / MIB, 1),
            "arch": platform.machine(), "cpu_model": model, "kernel": platform.release(),
            "python": platform.python_version()}


def short_name(m: dict) -> str:
    """Return e.g. ``2cpu-amd-epyc-23gb-x86_64`` for the results file name.

    The CPU model is in it: two machines of one size can differ by up to three times in
    speed, and a run on one must not take the name of a run on the other.
    """
    model = re.sub(r"\((r|tm)\)", " ", m["cpu_model"].lower())
    model = "-".join(re.findall(r"[a-z0-9]+", model))[:40].strip("-") or "cpu"
    return f"{m['cpus']}cpu-{model}-{int(m['memory_gib'])}gb-{m['arch']}"   # whole GiB, as free -g


def code_version(root: Path) -> dict:
    """Return the commit measured and whether finder/ or db/ had uncommitted changes."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=root, text=True, capture_output=True).stdout
    return {"commit": git("rev-parse", "--short", "HEAD").strip(),
            "uncommitted_changes": bool(git("status", "--porcelain", "--", "finder", "db"))}


def write_json(results: dict, m: dict) -> Path:
    """Write the results to bench/results/<date>-<machine>.json; return its path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{date.today().isoformat()}-{short_name(m)}.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return path
