"""The load's client side: threads, each with one HTTP connection (``http.client``), sending
90 % searches, 5 % new listings and 5 % moderation decisions, and remembering what was
answered as done, for ``bench.traffic`` to look for in the database.
"""
import http.client
import json
import random
import threading
import time
from collections import Counter
from collections import deque
from dataclasses import dataclass
from dataclasses import field

PRESEED = 60   # pending listings ready for the first decisions
DECISIONS = {"approve": "approved", "reject": "rejected"}
MODALITIES = ("ketamine", "psilocybin", "integration", "ketamine-infusion", None, None)


def request(port, method, path, body=None, headers=None, conn=None) -> tuple[int, bytes]:
    """Send one request (on ``conn``, else on a connection of its own) and return its
    status and body. gunicorn's sync workers close the connection after each answer;
    ``http.client`` opens it again for the next request."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Content-Type": "application/json"} if data is not None else {}
    try:
        conn.request(method, path, body=data, headers={**hdrs, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


@dataclass
class Traffic:
    """What was sent and what came back; shared by the client threads (under ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latency_ms: dict = field(default_factory=lambda: {"search": [], "submit": [], "decide": []})
    statuses: Counter = field(default_factory=Counter)          # (kind, status) -> n
    failures: Counter = field(default_factory=Counter)          # (kind, exception) -> n
    submitted: dict = field(default_factory=dict)               # id -> email (answered 201)
    decided: dict = field(default_factory=dict)                 # id -> approved | rejected
    undecided: deque = field(default_factory=deque)             # ids waiting for a decision
    no_listing_to_decide: int = 0
    seconds: float = 0.0

    def record(self, kind, status, ms) -> None:
        with self.lock:
            self.statuses[kind, status] += 1
            self.latency_ms[kind].append(ms)


class Client(threading.Thread):
    """One connection sending the mix until the deadline."""

    def __init__(self, n, port, token, postcodes, traffic, deadline, run_id):
        super().__init__(daemon=True)
        self.n, self.port, self.token, self.traffic = n, port, token, traffic
        self.postcodes, self.deadline, self.run_id = postcodes, deadline, run_id
        self.rng = random.Random(f"{run_id}-{n}")
        self.sent = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            while time.monotonic() < self.deadline:
                self.send_one(conn)
        finally:
            conn.close()

    def send_one(self, conn) -> None:
        """Draw what to send, send it and remember the answer."""
        draw = self.rng.random()
        kind = "search" if draw < 0.90 else "submit" if draw < 0.95 else "decide"
        listing = None
        if kind == "decide":
            with self.traffic.lock:
                listing = self.traffic.undecided.popleft() if self.traffic.undecided else None
                if listing is None:
                    self.traffic.no_listing_to_decide += 1
            if listing is None:
                kind = "search"
        method, path, body, headers = getattr(self, kind)(listing)
        started = time.perf_counter()
        try:
            status, answer = request(self.port, method, path, body, headers, conn)
            self.traffic.record(kind, status, (time.perf_counter() - started) * 1000)
            self.remember(kind, status, answer, body, listing, path)
        except Exception as err:   # no answer, or not the answer promised: a failure
            conn.close()
            with self.traffic.lock:
                self.traffic.failures[kind, type(err).__name__] += 1

    def remember(self, kind, status, answer, body, listing, path) -> None:
        with self.traffic.lock:
            if kind == "submit" and status == 201:
                provider_id = json.loads(answer)["id"]
                self.traffic.submitted[provider_id] = body["email"]
                self.traffic.undecided.append(provider_id)
            elif kind == "decide" and status == 200:
                self.traffic.decided[listing] = DECISIONS[path.rsplit("/", 1)[1]]

    def search(self, _):
        country, code, lat, lon = self.rng.choice(self.postcodes)
        args = {"near": code, "country": country} if country == "US" and self.rng.random() < 0.6 \
            else {"lat": f"{lat:.5f}", "lon": f"{lon:.5f}"}
        modality = self.rng.choice(MODALITIES)
        if modality:
            args["modality"] = modality
        if self.rng.random() < 0.1:
            args["telehealth"] = "true"
        query = "&".join(f"{k}={v}" for k, v in args.items())
        return "GET", f"/api/v1/search?{query}", None, {}

    def submit(self, _):
        self.sent += 1
        tag = f"{self.run_id}-{self.n}-{self.sent}"
        zips = [p for p in self.postcodes if p[0] == "US"] or self.postcodes
        country, code, _, _ = self.rng.choice(zips)
        body = {"name": f"Load Test {tag}", "provider_type": "therapist",
                "email": f"load-{tag}@example.org", "modalities": ["integration"],
                "telehealth": True, "languages": ["en"], "bio": "Sent by the load run.",
                "address": {"postcode": code, "country": country}}
        return "POST", "/api/v1/listings", body, {}

    def decide(self, listing):
        auth = {"Authorization": f"Bearer {self.token}"}
        if self.rng.random() < 0.5:
            # A listing the run made: no edit waits for it, so the revision seen is none.
            return ("POST", f"/api/v1/moderation/listings/{listing}/approve",
                    {"revision": None}, auth)
        return ("POST", f"/api/v1/moderation/listings/{listing}/reject",
                {"reason": "Load run: rejected on purpose."}, auth)


def run(port: int, token: str, postcodes: list, seconds: float, connections: int,
        run_id: str) -> Traffic:
    """Pre-submit a few listings, then send the mix from ``connections`` threads."""
    traffic = Traffic()
    warm = Client(-1, port, token, postcodes, traffic, 0, run_id)
    for _ in range(PRESEED):
        method, path, body, headers = warm.submit(None)
        status, answer = request(port, method, path, body, headers)
        if status != 201:
            raise SystemExit(f"pre-submitting a listing answered {status}: {answer[:300]!r}")
        warm.remember("submit", status, answer, body, None, path)
    started = time.monotonic()
    clients = [Client(n, port, token, postcodes, traffic, started + seconds, run_id)
               for n in range(connections)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    traffic.seconds = time.monotonic() - started
    return traffic
