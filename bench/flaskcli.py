"""Run finder's own ``flask --app wsgi`` commands against the bench database."""
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The venv's flask script, as the Makefile calls it (sys.executable is the venv's python).
FLASK = [str(Path(sys.executable).with_name("flask")), "--app", "wsgi"]


def run_flask(*args: str, capture: bool = False) -> tuple[float, subprocess.CompletedProcess]:
    """Run one flask command in the checkout; return its wall-clock seconds and result."""
    started = time.perf_counter()
    result = subprocess.run([*FLASK, *args], cwd=ROOT, env=os.environ, text=True,
                            capture_output=capture)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        detail = (result.stderr or "")[-2000:] if capture else ""
        raise SystemExit(f"flask {' '.join(args)} failed ({result.returncode}) {detail}")
    return seconds, result


def command_line(*args: str) -> str:
    """Return how a command is written in the README, for the report."""
    return "flask --app wsgi " + " ".join(args)
