"""Read replicas that really replicate: PostgreSQL streaming replication under a real app.

The app runs with ``DATABASE_URL`` on a primary and ``DATABASE_REPLICA_URL`` on a hot
standby of it (tests/reliability/conftest.py). Pausing the standby's replay
(``pg_wal_replay_pause()``) makes the two disagree, which shows where each read goes:
what only the primary holds is seen by reads from the primary alone.
"""
import re
import time

import pytest

from finder import create_app
from tests.helpers import csrf_token
from tests.reliability.conftest import NO_LIMITS
from tests.reliability.conftest import dispose

FALLBACK_S = 2.0   # the bound on reads moving to the primary when the replica stops
SEARCH = "/api/v1/search?near=AD500&country=AD&modality=mdma-assisted-therapy"
PASSWORD = "replicas are read only"


def make_replica_app(replication, **config):
    primary, replica = replication
    return create_app({"TESTING": True, "DATABASE_URL": primary.url(),
                       "DATABASE_REPLICA_URL": replica.url(), **NO_LIMITS,
                       "REPLICA_RETRY_S": 0.5, **config})


@pytest.fixture
def app(replication):
    """A freshly started app reading from the replica, writing to the primary."""
    app = make_replica_app(replication)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def paused(replication):
    """Pause the replica's replay for one test; resume it and let it catch up after."""
    primary, replica = replication
    replica.admin("SELECT pg_wal_replay_pause()")
    yield replication
    replica.admin("SELECT pg_wal_replay_resume()")
    replica.wait_for_replay(primary)


@pytest.fixture
def moderator(app):
    """An API token of a moderator created (on the primary) with finder's own commands."""
    runner = app.test_cli_runner()
    name = f"replica-moderator-{time.monotonic_ns()}"
    created = runner.invoke(args=["moderator", "create", name, "--password-stdin"],
                            input=PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    token = runner.invoke(args=["moderator", "token", name])
    assert token.exit_code == 0, token.output
    return {"Authorization": f"Bearer {token.output.strip().splitlines()[-1]}"}


def listing(name: str) -> dict:
    return {"name": name, "provider_type": "therapist", "email": f"{time.monotonic_ns()}@example.org",
            "modalities": ["mdma-assisted-therapy"],
            "address": {"city": "Andorra la Vella", "postcode": "AD500", "country": "AD"}}


def submit_and_approve(client, moderator, name: str) -> int:
    """Submit a listing and approve it through the API; return its id."""
    submitted = client.post("/api/v1/listings", json=listing(name))
    assert submitted.status_code == 201, submitted.text
    provider_id = submitted.json["id"]
    approved = client.post(f"/api/v1/moderation/listings/{provider_id}/approve", json={"revision": None},
                           headers=moderator)
    assert approved.status_code == 200, approved.text
    return provider_id


def names_found(client, path: str = SEARCH) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return {result["name"] for result in response.json["results"]}


def exported_ids(client) -> set[int]:
    response = client.get("/api/v1/providers.geojson")
    assert response.status_code == 200
    return {feature["id"] for feature in response.json["features"]}


def test_public_reads_come_from_the_replica_and_moderation_from_the_primary(
        client, moderator, paused):
    # Replay is paused: the listing is submitted and approved on the primary only. That
    # the approval finds the pending listing already shows the moderation reads there.
    provider_id = submit_and_approve(client, moderator, "Dr. Only On The Primary")
    detail = client.get(f"/api/v1/moderation/listings/{provider_id}", headers=moderator)
    assert detail.status_code == 200 and detail.json["status"] == "approved"
    events = client.get(f"/api/v1/moderation/listings/{provider_id}/events", headers=moderator)
    assert [e["action"] for e in events.json["events"]][-1] == "approved"
    # Every public read comes from the replica, which has not seen it yet.
    assert "Dr. Only On The Primary" not in names_found(client)
    geojson = client.get(SEARCH + "&format=geojson")
    assert geojson.status_code == 200
    assert provider_id not in {f["id"] for f in geojson.json["features"]}
    assert client.get(f"/api/v1/providers/{provider_id}").status_code == 404
    assert client.get(f"/providers/{provider_id}").status_code == 404
    page = client.get("/?near=AD500&country=AD&modality=mdma-assisted-therapy")
    assert page.status_code == 200 and "Dr. Only On The Primary" not in page.text
    assert provider_id not in exported_ids(client)
    assert client.get("/api/v1/modalities").status_code == 200


def test_a_submitter_sees_their_own_listing_right_after_submitting(client, paused):
    # Read-your-writes: the edit link reads from the primary, though the replica has
    # not replayed the submission.
    form = client.get("/get-listed")
    data = {"csrf_token": csrf_token(form.text), "name": "Dr. Just Submitted",
            "provider_type": "therapist", "email": "just-submitted@example.org",
            "modalities": ["mdma-assisted-therapy"], "address.postcode": "AD500",
            "address.country": "AD", "languages": "ca"}
    thanks = client.post("/get-listed", data=data)
    assert thanks.status_code == 200, thanks.text[:500]
    edit_path = re.search(r"https?://[^/]+(/get-listed/edit/[^\"<\s]+)", thanks.text).group(1)
    page = client.get(edit_path)
    assert page.status_code == 200 and 'value="Dr. Just Submitted"' in page.text
    token = edit_path.rsplit("/", 1)[1]
    api = client.get(f"/api/v1/listings/edit/{token}")
    assert api.status_code == 200 and api.json["listing"]["name"] == "Dr. Just Submitted"


def test_an_approval_appears_in_replica_searches_once_replayed(client, moderator, replication):
    primary, replica = replication
    provider_id = submit_and_approve(client, moderator, "Dr. Replayed Approval")
    replica.wait_for_replay(primary)
    assert "Dr. Replayed Approval" in names_found(client)
    assert client.get(f"/api/v1/providers/{provider_id}").status_code == 200
    assert provider_id in exported_ids(client)


def test_with_replay_paused_searches_answer_and_readyz_reports_the_lag(
        client, moderator, paused):
    primary, replica = paused
    submit_and_approve(client, moderator, "Dr. Waiting For Replay")
    strict = make_replica_app(paused, REPLICA_MAX_LAG_S=1).test_client()
    try:
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        state = ready.json["replica"]
        assert state["replay_paused"] is True and state["reads_from"] == "replica"
        assert state["lag_s"] > 0 and state["max_lag_s"] == 30
        # Once the lag passes REPLICA_MAX_LAG_S, readiness says so; searches still answer.
        deadline = time.monotonic() + 15
        while (lagging := strict.get("/readyz")).status_code == 200:
            assert time.monotonic() < deadline, lagging.json
            time.sleep(0.2)
        assert lagging.status_code == 503 and lagging.headers["Retry-After"]
        error = lagging.json["error"]
        assert error["code"] == "replica_lagging" and error["replica"]["lag_s"] > 1
        assert "behind the primary" in error["message"]
        assert "Dr. Waiting For Replay" not in names_found(strict)
        assert strict.get("/api/v1/providers.geojson").status_code == 200
    finally:
        dispose(strict.application)
    replica.admin("SELECT pg_wal_replay_resume()")
    replica.wait_for_replay(primary)
    caught_up = client.get("/readyz")
    assert caught_up.status_code == 200 and caught_up.json["replica"]["lag_s"] == 0
    assert "Dr. Waiting For Replay" in names_found(client)


def test_with_the_replica_stopped_reads_fall_back_to_the_primary_and_come_back(
        client, moderator, replication):
    primary, replica = replication
    before = submit_and_approve(client, moderator, "Dr. Before The Stop")
    replica.wait_for_replay(primary)
    assert "Dr. Before The Stop" in names_found(client)   # connections in the replica's pool
    replica.stop()
    try:
        started = time.monotonic()
        response = client.get(SEARCH)
        seconds = time.monotonic() - started
        assert response.status_code == 200, response.text
        assert seconds < FALLBACK_S
        statuses = [client.get(path).status_code for path in (
            SEARCH, f"/api/v1/providers/{before}", f"/providers/{before}",
            "/api/v1/providers.geojson", "/api/v1/modalities", "/?near=AD500&country=AD")]
        assert all(status < 500 for status in statuses), statuses
        # Written while the replica is down: read from the primary, so found at once.
        during = submit_and_approve(client, moderator, "Dr. During The Stop")
        assert "Dr. During The Stop" in names_found(client)
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json["replica"]["status"] == "unreachable"
        assert ready.json["replica"]["reads_from"] == "primary"
    finally:
        replica.start()
    # Back, and paused: once the app tries the replica again (REPLICA_RETRY_S), searches
    # stop seeing what only the primary holds. No restart, and no 5xx on the way.
    replica.wait_for_replay(primary)
    replica.admin("SELECT pg_wal_replay_pause()")
    try:
        submit_and_approve(client, moderator, "Dr. After The Return")
        deadline = time.monotonic() + 15
        while "Dr. After The Return" in names_found(client):
            assert time.monotonic() < deadline, "reads never went back to the replica"
            time.sleep(0.1)
        assert client.get(f"/api/v1/providers/{during}").status_code == 200
        assert client.get("/readyz").json["replica"]["reads_from"] == "replica"
    finally:
        replica.admin("SELECT pg_wal_replay_resume()")
        replica.wait_for_replay(primary)
