"""Moderator accounts: failed sign-ins throttle the name, sessions expire and end, tokens revoke."""
import datetime as dt

from sqlalchemy import text

from tests.helpers import csrf_token
from tests.helpers import make_app
from tests.moderation.conftest import PASSWORD
from tests.moderation.conftest import ModeratorActions

WRONG = "not the password at all"


def throttled_app(session, **config):
    return make_app(session, SIGN_IN_FAILURE_LIMIT="3 per 15 minutes",
                    SIGN_IN_RATE_LIMIT="100 per minute", **config)


def attempt(client, name, password, address):
    page = client.get("/moderation/sign-in")
    return client.post("/moderation/sign-in", environ_base={"REMOTE_ADDR": address},
                       data={"csrf_token": csrf_token(page.text), "name": name,
                             "password": password})


def test_repeated_failures_lock_the_name_from_every_address(session):
    app = throttled_app(session)
    client = app.test_client()
    ModeratorActions(client, app.test_cli_runner()).create("alice")
    for n in range(3):   # a guesser spreading attempts over many addresses
        assert attempt(client, "alice", WRONG, f"198.51.100.{n}").status_code == 401
    locked = attempt(client, "alice", PASSWORD, "198.51.100.99")   # even the right password
    assert locked.status_code == 429
    assert 800 <= int(locked.headers["Retry-After"]) <= 900
    assert "Too many failed sign-ins with this name" in locked.text
    assert "try again in 15 minutes" in locked.text
    assert 'value="alice"' in locked.text and 'name="password"' in locked.text   # the form
    assert client.get("/moderation/").status_code == 302
    assert session.scalar(text("SELECT count(*) FROM moderator_sessions")) == 0


def test_the_lock_is_per_name_and_the_same_for_unknown_names(session):
    app = throttled_app(session)
    client = app.test_client()
    actions = ModeratorActions(client, app.test_cli_runner())
    actions.create("alice")
    actions.create("bob")
    for name in ("alice", "nobody-here"):
        answers = [attempt(client, name, WRONG, "192.0.2.1").status_code for _ in range(4)]
        assert answers == [401, 401, 401, 429]   # the answers never tell who exists
    assert attempt(client, "bob", PASSWORD, "192.0.2.1").status_code == 302


def test_a_successful_sign_in_starts_the_count_afresh(session):
    app = throttled_app(session)
    client = app.test_client()
    ModeratorActions(client, app.test_cli_runner()).create("alice")
    for _ in range(2):
        assert attempt(client, "alice", WRONG, "192.0.2.1").status_code == 401
    assert attempt(client, "alice", PASSWORD, "192.0.2.1").status_code == 302
    for _ in range(2):
        assert attempt(client, "alice", WRONG, "192.0.2.1").status_code == 401
    assert attempt(client, "alice", PASSWORD, "192.0.2.1").status_code == 302


def test_failures_are_counted_in_redis_under_a_hash_not_the_name(session, redis_url, key_prefix,
                                                                 redis_keys):
    app = throttled_app(session, REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=key_prefix)
    other = throttled_app(session, REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=key_prefix)
    for client in (app.test_client(), other.test_client(), app.test_client()):
        assert attempt(client, "my-password-typed-as-name", WRONG, "192.0.2.1").status_code == 401
    assert attempt(other.test_client(), "my-password-typed-as-name", WRONG,
                   "192.0.2.1").status_code == 429   # both processes counted together
    keys = redis_keys()
    assert any("sign-in-failures" in key for key in keys)
    assert not any("typed-as-name" in key for key in keys)


def test_with_redis_unreachable_failures_still_lock_the_name_never_a_500(session):
    app = throttled_app(session, REDIS_URL="redis://127.0.0.1:1/0")
    client = app.test_client()
    ModeratorActions(client, app.test_cli_runner()).create("alice")
    answers = [attempt(client, "alice", WRONG, "192.0.2.1").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]   # counted in this process's memory
    assert attempt(client, "bob", WRONG, "192.0.2.1").status_code == 401


def test_a_session_lasts_moderation_session_hours_then_ends(session):
    app = make_app(session, MODERATION_SESSION_HOURS=2)
    client = app.test_client()
    actions = ModeratorActions(client, app.test_cli_runner())
    actions.create("alice")
    before = dt.datetime.now(dt.timezone.utc)
    assert actions.sign_in("alice").status_code == 302
    expires = session.scalar(text("SELECT expires_at FROM moderator_sessions"))
    assert abs(expires - (before + dt.timedelta(hours=2))) < dt.timedelta(minutes=1)
    assert client.get("/moderation/").status_code == 200
    # Two hours later (moved on the server: the cookie itself carries no expiry to trust).
    session.execute(text("UPDATE moderator_sessions SET expires_at = expires_at - "
                         "interval '2 hours 1 minute'"))
    session.commit()
    response = client.get("/moderation/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/moderation/sign-in")


def test_signing_out_kills_the_session_so_a_copied_cookie_is_useless(moderator, client, session):
    moderator.create("alice")
    moderator.sign_in("alice")
    copied = client.get_cookie("session").value
    page = client.get("/moderation/")
    client.post("/moderation/sign-out", data={"csrf_token": csrf_token(page.text)})
    client.set_cookie("session", copied)
    assert client.get("/moderation/").status_code == 302
    assert client.get("/moderation/listings/1").status_code == 302
    assert session.scalar(text("SELECT count(*) FROM moderator_sessions")) == 0


def test_revoke_stops_the_api_token_and_says_so(moderator, client, runner):
    moderator.create("alice")
    token = moderator.token("alice")
    headers = moderator.api(token)
    assert client.get("/api/v1/moderation/queue", headers=headers).status_code == 200
    result = runner.invoke(args=["moderator", "revoke", "alice"])
    assert result.exit_code == 0
    assert "revoked the API token of alice" in result.output
    assert token not in result.output
    refused = client.get("/api/v1/moderation/queue", headers=headers)
    assert refused.status_code == 401 and refused.json["error"]["code"] == "unauthorized"
    again = runner.invoke(args=["moderator", "revoke", "alice"])
    assert again.exit_code == 0 and "alice had no API token; nothing to revoke" in again.output
    # A new token can be issued afterwards; the revoked one stays dead.
    fresh = moderator.token("alice")
    assert client.get("/api/v1/moderation/queue", headers=moderator.api(fresh)).status_code == 200
    assert client.get("/api/v1/moderation/queue", headers=headers).status_code == 401


def test_revoke_with_sessions_signs_the_moderator_out_everywhere(moderator, client, runner):
    moderator.create("alice")
    moderator.sign_in("alice")
    assert client.get("/moderation/").status_code == 200
    result = runner.invoke(args=["moderator", "revoke", "alice", "--sessions"])
    assert result.exit_code == 0 and "ended 1 sign-in session of alice" in result.output
    assert client.get("/moderation/").status_code == 302
    assert moderator.sign_in("alice").status_code == 302   # the account itself still works
    assert client.get("/moderation/").status_code == 200


def test_revoke_names_an_unknown_moderator(runner):
    result = runner.invoke(args=["moderator", "revoke", "nobody"])
    assert result.exit_code == 1 and "no moderator named 'nobody'" in result.output
