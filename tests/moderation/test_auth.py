"""Signing in and out, the session cookie, CSRF, and bearer tokens on the API."""
import datetime as dt

import pytest
from sqlalchemy import text

from tests.helpers import csrf_token
from tests.helpers import make_app
from tests.moderation.conftest import PASSWORD


def test_pages_need_a_signed_in_moderator(client):
    response = client.get("/moderation/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/moderation/sign-in?next=")
    assert client.get("/moderation/listings/1").status_code == 302


def test_signing_in_sets_an_httponly_samesite_cookie_and_returns_to_the_page(client, moderator):
    moderator.create("alice")
    response = moderator.sign_in("alice", next_url="/moderation/listings/7")
    assert response.status_code == 302
    assert response.headers["Location"] == "/moderation/listings/7"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    queue = client.get("/moderation/")
    assert queue.status_code == 200 and "Signed in as <strong>alice</strong>" in queue.text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/providers/1"])
def test_sign_in_never_sends_you_off_the_moderation_pages(moderator, target):
    moderator.create("alice")
    response = moderator.sign_in("alice", next_url=target)
    assert response.headers["Location"] == "/moderation/"


def test_a_wrong_password_or_name_is_refused_alike(client, moderator):
    moderator.create("alice")
    wrong_password = moderator.sign_in("alice", password="wrong password here")
    wrong_name = moderator.sign_in("mallory")
    for response in (wrong_password, wrong_name):
        assert response.status_code == 401
        assert "That name and password do not match." in response.text
    assert client.get("/moderation/").status_code == 302


def test_sign_in_is_rate_limited(moderator, session):
    client = make_app(session, SIGN_IN_RATE_LIMIT="2 per minute").test_client()
    page = client.get("/moderation/sign-in")
    data = {"csrf_token": csrf_token(page.text), "name": "alice", "password": "x" * 12}
    assert client.post("/moderation/sign-in", data=data).status_code == 401
    assert client.post("/moderation/sign-in", data=data).status_code == 401
    refused = client.post("/moderation/sign-in", data=data)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0


def test_sign_in_needs_the_csrf_token(client, moderator):
    moderator.create("alice")
    response = client.post("/moderation/sign-in", data={"name": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/moderation/").status_code == 302


def test_signing_out_ends_the_session_on_the_server(client, moderator, session):
    moderator.create("alice")
    moderator.sign_in("alice")
    stolen = client.get_cookie("session").value
    page = client.get("/moderation/")
    response = client.post("/moderation/sign-out", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert client.get("/moderation/").status_code == 302
    # Even a copy of the old cookie no longer works.
    client.set_cookie("session", stolen)
    assert client.get("/moderation/").status_code == 302
    assert session.scalar(text("SELECT count(*) FROM moderator_sessions")) == 0


def test_an_expired_session_signs_you_out(client, moderator, session):
    moderator.create("alice")
    moderator.sign_in("alice")
    session.execute(text("UPDATE moderator_sessions SET expires_at = :t"),
                    {"t": dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)})
    session.commit()
    assert client.get("/moderation/").status_code == 302


@pytest.mark.parametrize("path", ["/api/v1/moderation/queue", "/api/v1/moderation/listings/1",
                                  "/api/v1/moderation/listings/1/events"])
@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic YWxpY2U6eA==", "Bearer "])
def test_the_api_needs_a_valid_bearer_token(client, path, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_decisions_need_a_valid_bearer_token(client, action):
    response = client.post(f"/api/v1/moderation/listings/1/{action}", json={"reason": "x"},
                           headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


def test_the_api_ignores_the_session_cookie(client, moderator):
    moderator.create("alice")
    moderator.sign_in("alice")
    assert client.get("/api/v1/moderation/queue").status_code == 401
