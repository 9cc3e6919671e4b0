"""Throughput: wrk from Debian against the served app, cycling through search paths."""
import json
import subprocess

from bench.server import DATA
from bench.server import ROOT

SCRIPT = ROOT / "bench" / "wrk.lua"


def throughput(port: int, paths: list[str], seconds: int, connections: int,
               threads: int = 2) -> dict:
    """Run wrk for ``seconds`` at ``connections``; return requests/s, errors and latencies."""
    listing = DATA / "wrk-paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(SCRIPT), f"http://127.0.0.1:{port}", "--", str(listing)]
    out = subprocess.run(command, text=True, capture_output=True, check=True).stdout
    line = next((l for l in out.splitlines() if l.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no BENCH line:\n{out}")
    raw = json.loads(line[len("BENCH "):])
    socket_errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors",
                                         "timeouts"))
    return {"requests_per_s": raw["requests"] / (raw["duration_us"] / 1e6),
            "requests": raw["requests"], "errors": raw["non2xx"] + socket_errors,
            "non2xx": raw["non2xx"], "socket_errors": socket_errors,
            "p50_ms": raw["p50_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000, "seconds": seconds, "connections": connections,
            "threads": threads, "paths": len(paths),
            # As run from the checkout: no path of this machine in the results file.
            "command": " ".join(command).replace(f"{ROOT}/", "")}
