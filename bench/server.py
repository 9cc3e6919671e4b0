"""The app served by gunicorn exactly as ``make run`` serves it, and one HTTP client for it."""
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.flaskcli import ROOT

DATA = ROOT / "bench" / "data"


def run_command(port: int, workers: int | None = None, app: str = "wsgi:app",
                root: Path = ROOT) -> str:
    """Return the gunicorn command line of the Makefile's ``run`` target in checkout
    ``root``, for ``port``, serving ``app`` (``module:variable``) instead of finder when given.

    Read from ``make -n`` so the bench follows whatever the run target becomes.
    """
    size = [f"WORKERS={workers}"] if workers else []
    out = subprocess.run(["make", "-s", "-n", "run", f"PORT={port}", *size], cwd=root,
                         text=True, capture_output=True, check=True).stdout.splitlines()
    for i, line in enumerate(out):
        if line.startswith("exec ") and "gunicorn" in line:
            command = [line]
            while command[-1].endswith("\\") and i + 1 < len(out):
                i += 1
                command.append(out[i])
            line = " ".join(part.rstrip("\\").strip() for part in command)
            if not line.endswith(" wsgi:app"):
                raise SystemExit(f"`make -n run` does not end with wsgi:app: {line}")
            return line.removesuffix("wsgi:app") + app
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
        app: what it serves (``module:variable``): finder unless told.
        root: the checkout whose run target and code it serves: this one unless told.
    """

    def __init__(self, port: int, folder: Path = DATA, env: dict | None = None,
                 workers: int | None = None, ready: str = "/healthz", app: str = "wsgi:app",
                 root: Path = ROOT):
        self.port, self.folder, self.ready, self.root = port, folder, ready, root
        self.extra_env = env or {}
        self.command = run_command(port, workers, app, root)
        self.process: subprocess.Popen | None = None
        name = "gunicorn" if app == "wsgi:app" else app.partition(":")[0].replace(".", "-")
        self.log = folder / f"{name}.log"

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        # Not on the command line, so it stays the run target's: gunicorn's control socket
        # defaults to one path per user, which a `make run` server may already hold.
        env = {**os.environ, **self.extra_env,
               "GUNICORN_CMD_ARGS": f"--control-socket {self.log.with_suffix('.ctl')}"}
        self.process = launch(self.command, env, self.log, self.root)
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
            except (OSError, EOFError):
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


def launch(command: str, env: dict, log_path: Path, root: Path = ROOT) -> subprocess.Popen:
    """Start ``command`` (a gunicorn line) in checkout ``root``, its output in ``log_path``."""
    with open(log_path, "wb") as log:
        # Its own session: a Ctrl-C reaches the harness, which then stops gunicorn.
        return subprocess.Popen(["bash", "-c", command], cwd=root, env=env, stdout=log,
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
    """One kept-alive HTTP/1.1 connection, requests sent one after another.

    A minimal client on a plain socket: it sends a GET and reads the status line, the
    headers it needs (Content-Length, Transfer-Encoding, Connection) and the body. The
    standard library's ``http.client`` parses every header through the ``email``
    package, about 0.1 ms a request on a 2-core AMD EPYC, which would count as finder's
    time in the API/SQL ratio; the SQL floor's client (psycopg over libpq) parses in C.
    """

    def __init__(self, port: int, timeout: float = 60):
        self.address = ("127.0.0.1", port)
        self.timeout = timeout
        self.sock: socket.socket | None = None
        self.buffer = b""
        self.requests = 0
        self.connects = 0   # gunicorn's sync worker closes after each answer: count reopenings

    def close(self) -> None:
        """Close the connection."""
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def _connect(self) -> None:
        self.sock = socket.create_connection(self.address, timeout=self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connects += 1

    def get(self, path: str) -> Reply:
        """GET ``path``; time it from sending the request to reading the whole body."""
        self.requests += 1
        request = f"GET {path} HTTP/1.1\r\nHost: {self.address[0]}\r\n\r\n".encode()
        if self.sock is None:
            self._connect()
        started = time.perf_counter_ns()
        try:
            status, body, keep = self._exchange(request)
        except (ConnectionError, EOFError):
            # A kept-alive connection the server closed while idle: reconnect and resend.
            self.close()
            self._connect()
            started = time.perf_counter_ns()
            status, body, keep = self._exchange(request)
        ms = (time.perf_counter_ns() - started) / 1e6
        if not keep:
            self.close()
        return Reply(ms, status, body)

    def _exchange(self, request: bytes) -> tuple[int, bytes, bool]:
        self.sock.sendall(request)
        head = self._read_until(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        keep = headers.get("connection", "").lower() != "close"
        if status in (204, 304) or 100 <= status < 200:   # never a body
            return status, b"", keep
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self._read_until(b"\r\n").split(b";")[0], 16)
                body += self._read_exactly(size + 2)[:size]
                if size == 0:   # the last chunk, and the empty line after it
                    break
            return status, body, keep
        if "content-length" in headers:
            return status, self._read_exactly(int(headers["content-length"])), keep
        return status, self._read_to_close(), False

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("the server closed the connection")
        self.buffer += chunk

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            self._fill()
        found, _, self.buffer = self.buffer.partition(marker)
        return found

    def _read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        found, self.buffer = self.buffer[:size], self.buffer[size:]
        return found

    def _read_to_close(self) -> bytes:
        try:
            while True:
                self._fill()
        except EOFError:
            found, self.buffer = self.buffer, b""
            return found
