"""The database goes away: fast 503s with Retry-After, nothing typed is lost, recovery by itself.

"stopped" stops the tests' own PostgreSQL cluster (``pg_ctl stop -m fast``) under an app
that was using it, with connections in its pool; "refused" is an app whose database port
has nothing listening. Both apps are real: their own engine and pool, no test session.
"""
import re
import socket
import time

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text

from finder import create_app
from finder.database import IDLE_PING_S
from finder.database import POOL_OVERFLOW
from tests.helpers import csrf_token
from tests.reliability.conftest import NO_LIMITS
from tests.reliability.conftest import dispose

BOUND_S = 2.0   # what the connect timeout (DB_CONNECT_TIMEOUT_S) promises
SEARCH = "/api/v1/search?near=AD500&country=AD&modality=ketamine"
UNAVAILABLE = "Temporarily unavailable"
NOT_SAVED = "We could not save your listing"
THANKS = "Thank you! Your submission has been received!"


def timed(call, *args, **kwargs):
    """Return ``call``'s answer and how many seconds it took."""
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


def form_values(email: str) -> dict:
    return {"name": "Dr. Outage Typist", "credentials": "MD", "provider_type": "psychiatrist",
            "email": email, "modalities": ["ketamine-infusion", "integration"],
            "telehealth": "1", "accepting_new_clients": "1", "languages": "ca, es",
            "bio": "Typed during an outage; must not be lost.", "address.city": "Encamp",
            "address.postcode": "AD200", "address.country": "AD"}


def listing_json(email: str) -> dict:
    return {"name": "Dr. Outage API", "provider_type": "therapist", "email": email,
            "modalities": ["psilocybin"], "address": {"postcode": "AD100", "country": "AD"}}


def stored(cluster, email: str) -> list[int]:
    """Return the ids of the listings stored with ``email`` (read past the app)."""
    engine = create_engine(cluster.url())
    try:
        with engine.connect() as conn:
            return list(conn.scalars(text(
                "SELECT provider_id FROM provider_private WHERE email = :e"), {"e": email}))
    finally:
        engine.dispose()


@pytest.fixture
def warm(cluster_app):
    """A client of the cluster's app that has searched (connections in the pool) and holds
    the get-listed form's CSRF token, as a visitor would before the outage."""
    client = cluster_app.test_client()
    answer = client.get(SEARCH)
    assert answer.status_code == 200, answer.text
    assert len(answer.json["results"]) == 2
    client.profile = answer.json["results"][0]["slug"]
    form = client.get("/get-listed")
    assert form.status_code == 200
    client.csrf = csrf_token(form.text)
    return client


@pytest.fixture(params=["stopped", "refused"])
def outage(request):
    """A client whose app cannot reach its database, in either way."""
    warm = request.getfixturevalue("warm")
    if request.param == "stopped":
        request.getfixturevalue("database_down")
        return warm
    # The form was shown before (by an app with the same secret key): its CSRF token and
    # session cookie come along, as a browser would send them to any web process.
    client = request.getfixturevalue("refused_app").test_client()
    client.set_cookie("session", warm.get_cookie("session").value)
    client.csrf, client.profile = warm.csrf, warm.profile
    return client


def test_search_and_probes_answer_fast(outage):
    response, seconds = timed(outage.get, SEARCH)
    assert response.status_code == 503
    assert response.content_type == "application/json"
    assert response.json["error"]["code"] == "service_unavailable"
    assert int(response.headers["Retry-After"]) > 0
    assert seconds < BOUND_S
    ready, seconds = timed(outage.get, "/readyz")
    assert ready.status_code == 503 and ready.json["error"]["code"] == "database_unreachable"
    assert ready.headers["Retry-After"] and seconds < BOUND_S
    assert outage.get("/healthz").status_code == 200


@pytest.mark.parametrize("path", ["/", "/?near=AD500&country=AD", "PROFILE", "/get-listed",
                                  "/api/v1/modalities", "/api/v1/providers.geojson"])
def test_pages_show_a_friendly_error_page_and_reads_say_503(outage, path):
    path = f"/providers/{outage.profile}" if path == "PROFILE" else path
    response, seconds = timed(outage.get, path, headers={"Accept": "text/html"})
    assert seconds < BOUND_S
    if path in ("/", "/api/v1/modalities") and response.status_code == 200:
        # These need only the search vocabulary, which a process that has searched keeps
        # for a few minutes (search/vocabulary.py): they still answer; a search says 503.
        assert 'name="near"' in response.text or "modalities" in response.json
        return
    assert response.status_code == 503, response.text[:300]
    assert response.headers["Retry-After"]
    if path.startswith("/api/"):
        assert response.json["error"]["status"] == 503
        return
    assert response.content_type.startswith("text/html")
    assert UNAVAILABLE in response.text and "Please try again" in response.text
    assert "Traceback" not in response.text


def test_an_api_submission_gets_503(outage):
    response, seconds = timed(outage.post, "/api/v1/listings",
                              json=listing_json("api-outage@example.org"))
    assert response.status_code == 503 and seconds < BOUND_S
    assert response.json["error"]["code"] == "service_unavailable"
    assert response.headers["Retry-After"]


def test_a_form_submission_gets_503_and_keeps_what_was_typed(outage):
    data = {"csrf_token": outage.csrf, **form_values("form-outage@example.org")}
    response, seconds = timed(outage.post, "/get-listed", data=data)
    assert seconds < BOUND_S
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"]
    html = response.text
    assert NOT_SAVED in html
    assert_kept(html, data)


def test_lost_your_link_during_an_outage_says_so_and_keeps_the_address(outage):
    data = {"csrf_token": outage.csrf, "email": "lost-outage@example.org"}
    response, seconds = timed(outage.post, "/get-listed/lost-link", data=data)
    assert seconds < BOUND_S
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"]
    assert "temporarily unavailable" in response.text
    assert 'value="lost-outage@example.org"' in response.text


def test_an_expired_form_during_an_outage_is_still_shown_as_typed(outage):
    data = {"csrf_token": "expired", **form_values("form-expired@example.org")}
    response, seconds = timed(outage.post, "/get-listed", data=data)
    assert seconds < BOUND_S
    assert response.status_code == 400, response.text[:500]
    assert "This form has expired" in response.text
    assert_kept(response.text, data)


def test_an_edit_during_an_outage_gets_503_and_keeps_what_was_typed(outage):
    data = {"csrf_token": outage.csrf, **form_values("form-edit@example.org")}
    response = outage.post("/get-listed/edit/some-edit-token", data=data)
    assert response.status_code == 503, response.text[:500]
    assert NOT_SAVED in response.text and "Edit your listing" in response.text
    assert_kept(response.text, data)


def assert_kept(html: str, data: dict) -> None:
    """Check the form came back holding everything in ``data``."""
    for key in ("name", "credentials", "email", "address.city",
                "address.postcode", "address.country"):
        assert f'name="{key}"' in html
        assert f'value="{data[key]}"' in html, key
    for code in data["languages"].replace(" ", "").split(","):   # typed as codes: ticked
        assert re.search(rf'name="languages" value="{code}" checked', html), code
    assert data["bio"] in html
    for slug in data["modalities"]:
        assert re.search(rf'value="{slug}" checked', html), slug
    assert re.search(r'<option value="psychiatrist" selected>', html)
    assert 'name="telehealth" value="1" checked' in html
    assert 'name="csrf_token"' in html   # it can be sent again as it is


def test_the_service_recovers_by_itself_when_the_database_returns(warm, database_down):
    cluster = database_down
    email = "form-recovery@example.org"
    data = {"csrf_token": warm.csrf, **form_values(email)}
    down, seconds_down = timed(warm.get, SEARCH)
    assert down.status_code == 503 and seconds_down < BOUND_S
    kept = warm.post("/get-listed", data=data)
    assert kept.status_code == 503 and NOT_SAVED in kept.text
    assert warm.get("/readyz").status_code == 503

    cluster.start()
    started = time.monotonic()
    # The same app, no restart: the pool's pre-ping replaces the dead connections, so the
    # very first request after the database is back succeeds.
    answer = warm.get(SEARCH)
    recovered = time.monotonic() - started
    assert answer.status_code == 200, answer.text
    assert len(answer.json["results"]) == 2
    assert recovered < BOUND_S
    assert warm.get("/readyz").status_code == 200
    assert len(warm.get("/api/v1/providers.geojson").json["features"]) == 2
    # The provider sends the page they were given back, unchanged: it is stored once.
    again = warm.post("/get-listed", data={"csrf_token": csrf_token(kept.text),
                                           **form_values(email)})
    assert again.status_code == 200 and THANKS in again.text
    assert len(stored(cluster, email)) == 1
    api = warm.post("/api/v1/listings", json=listing_json("api-recovery@example.org"))
    assert api.status_code == 201
    assert stored(cluster, "api-recovery@example.org") == [api.json["id"]]
    print(f"\nstopped: first 503 after {seconds_down * 1000:.0f} ms; "
          f"started: first 200 after {recovered * 1000:.0f} ms")



def test_a_restart_between_two_searches_costs_at_most_one_503(warm, database_down):
    # Searches read through connections that are pinged only after IDLE_PING_S idle
    # (finder.database): a restart quicker than that, which no request saw, is found by
    # the next search, which answers 503 and has the pool replace every old connection.
    cluster = database_down
    cluster.start()
    quick = [warm.get(SEARCH).status_code for _ in range(4)]
    print(f"\nsearches right after a quick restart: {quick}")
    assert quick[1:] == [200, 200, 200] and quick[0] in (200, 503)
    # An outage longer than that is caught by the ping: no search fails after it.
    cluster.stop()
    time.sleep(IDLE_PING_S)
    cluster.start()
    assert [warm.get(SEARCH).status_code for _ in range(4)] == [200] * 4

def test_a_statement_over_its_timeout_is_a_503_not_a_hang(cluster):
    app = create_app({"TESTING": True, "DATABASE_URL": cluster.url(), **NO_LIMITS,
                      "DB_STATEMENT_TIMEOUT_MS": 500})
    client = app.test_client()
    assert client.get(SEARCH).status_code == 200
    engine = create_engine(cluster.url())
    try:
        with engine.connect() as blocker:
            # Another session holds the providers table: every search waits on it.
            blocker.execute(text("LOCK TABLE providers IN ACCESS EXCLUSIVE MODE"))
            response, seconds = timed(client.get, SEARCH)
            assert response.status_code == 503 and response.headers["Retry-After"]
            assert seconds < BOUND_S
            page, seconds = timed(client.get, "/?near=AD500&country=AD",
                                  headers={"Accept": "text/html"})
            assert page.status_code == 503 and UNAVAILABLE in page.text
            assert seconds < BOUND_S
            blocker.rollback()
        assert client.get(SEARCH).status_code == 200
    finally:
        engine.dispose()
        dispose(app)


def test_a_database_that_accepts_but_never_answers_costs_the_connect_timeout():
    # A listener that never accepts: the kernel completes the handshake, then silence, as
    # from a server that hangs. Only the connect timeout (libpq's minimum, 2 s) ends it.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"postgresql+psycopg://finder@127.0.0.1:{silent.getsockname()[1]}/finder"
        app = create_app({"TESTING": True, "DATABASE_URL": url, **NO_LIMITS})
        try:
            response, seconds = timed(app.test_client().get, SEARCH)
        finally:
            dispose(app)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert seconds < BOUND_S + 0.5


def test_an_export_left_unread_gives_its_connection_back(cluster_app):
    # The streamed export holds a connection of its own until the body is sent; a client
    # that goes away first must not leave it checked out (a pool emptied under load).
    pool = cluster_app.extensions["finder.read_engine"].pool
    response = cluster_app.test_client().get("/api/v1/providers.geojson")
    assert response.status_code == 200 and pool.checkedout() == 1
    response.close()
    assert pool.checkedout() == 0


def test_a_search_that_finds_every_connection_busy_gets_a_503_after_the_pool_timeout(cluster):
    app = create_app({"TESTING": True, "DATABASE_URL": cluster.url(), **NO_LIMITS,
                      "DB_POOL_SIZE": 1, "DB_POOL_TIMEOUT_S": 1})
    engine = app.extensions["finder.read_engine"]
    try:
        # Every connection the read pool may open (its size and its overflow), in use.
        held = [engine.connect() for _ in range(1 + POOL_OVERFLOW)]
        response, seconds = timed(app.test_client().get, SEARCH)
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert 1 <= seconds < 1 + BOUND_S
        held.pop().close()
        assert app.test_client().get(SEARCH).status_code == 200
        for connection in held:
            connection.close()
    finally:
        dispose(app)
