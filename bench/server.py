"""The app served by gunicorn exactly as ``make run`` serves it, and one HTTP client for it."""
import http.client
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.flaskcli import ROOT

DATA = ROOT / "bench" / "data"


def run_command(port: int, workers: int | None = None) -> str:
    """Return the gunicorn command line of the Makefile's ``run`` target, for ``port``.

    Read from ``make -n`` so the bench follows whatever the run target becomes.
    """
    size = [f"WORKERS={workers}"] if workers else []
    out = subprocess.run(["make", "-s", "-n", "run", f"PORT={port}", *size], cwd=ROOT,
                         text=True, capture_output=True, check=True).stdout.splitlines()
    for i, line in enumerate(out):
        if line.startswith("exec ") and "gunicorn" in line:
            command = [line]
            while command[-1].endswith("\\") and i + 1 < len(out):
                i += 1
                command.append(out[i])
            return " ".join(part.rstrip("\\").strip() for part in command)
    raise SystemExit("no 'exec ... gunicorn' line in `make -n run`: cannot serve the app")


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: milliseconds from sending to the last body byte, status and body."""

    ms: float
    status: int
    body: bytes


class Gunicorn:
    """Start the run target's gunicorn on another port; always stop it on leaving.

    Args:
        folder: where its log and control socket go.
        env: variables set for it on top of this process's (a database, rate limits).
        ready: the path that answers 200 once it can serve.
    """

    def __init__(self, port: int, folder: Path = DATA, env: dict | None = None,
                 workers: int | None = None, ready: str = "/healthz"):
        self.port, self.folder, self.ready = port, folder, ready
        self.extra_env = env or {}
        self.command = run_command(port, workers)
        self.process: subprocess.Popen | None = None
        self.log = folder / "gunicorn.log"

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        # Not on the command line, so it stays the run target's: gunicorn's control socket
        # defaults to one path per user, which a `make run` server may already hold.
        env = {**os.environ, **self.extra_env,
               "GUNICORN_CMD_ARGS": f"--control-socket {self.folder / 'gunicorn.ctl'}"}
        self.process = launch(self.command, env, self.log)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}); see {self.log}:\n"
                                 f"{self.log.read_text()[-2000:]}")
            client = HttpClient(self.port)
            try:
                reply = client.get(self.ready)
                if reply.status == 200 and len(self.workers()) > 0:
                    return
            except OSError:
                pass
            finally:
                client.close()
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer {self.ready} within {seconds:.0f} s; "
                         f"see {self.log}")

    def workers(self) -> list[int]:
        """Return the worker processes' ids (the master's children)."""
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def rss_kib(self) -> dict[int, int]:
        """Return each worker's resident memory (VmRSS) in KiB."""
        return {pid: resident_kib(pid) for pid in self.workers()}

    def stop(self) -> None:
        """Ask gunicorn to stop gracefully, then end its process group if it lingers."""
        stop(self.process)


def launch(command: str, env: dict, log_path: Path) -> subprocess.Popen:
    """Start ``command`` (a gunicorn line) with its output in ``log_path``."""
    with open(log_path, "wb") as log:
        # Its own session: a Ctrl-C reaches the harness, which then stops gunicorn.
        return subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen | None) -> None:
    """Stop a launched gunicorn gracefully; end its process group if it lingers."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)   # the group launch() started
        process.wait()


def resident_kib(pid: int) -> int:
    """Return VmRSS of ``pid`` from /proc, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class HttpClient:
    """One HTTPConnection reused for every request, sent one after another."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.requests = 0
        self.connects = 0   # gunicorn's sync worker closes after each answer: count reopenings

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def get(self, path: str) -> Reply:
        """GET ``path``; time it from sending the request to reading the whole body."""
        self.requests += 1
        if self.conn.sock is None:
            self.connects += 1
        started = time.perf_counter_ns()
        try:
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            body = response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # A kept-alive connection the server closed while idle: reconnect and resend.
            self.conn.close()
            self.connects += 1
            started = time.perf_counter_ns()
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            body = response.read()
        return Reply((time.perf_counter_ns() - started) / 1e6, response.status, body)
