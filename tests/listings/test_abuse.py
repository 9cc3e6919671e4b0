"""Abuse: the honeypot, the per-address rate limit (shared through Redis), duplicates."""
import uuid

import pytest
from sqlalchemy import text

from tests.factories import listing_payload
from tests.helpers import csrf_token
from tests.helpers import make_app


def count_listings(session):
    return session.scalar(text("SELECT count(*) FROM providers WHERE source = 'listing'"))


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(client, session):
    before = count_listings(session)
    response = client.post("/api/v1/listings", json=listing_payload(homepage="http://spam.example"))
    assert response.status_code == 201
    assert response.json["status"] == "pending" and response.json["edit_url"]
    assert count_listings(session) == before
    assert client.get(response.json["edit_url"]).status_code == 404
    assert session.scalar(text("SELECT count(*) FROM outbox")) == 0


def test_the_form_honeypot_thanks_the_bot_and_stores_nothing(client, session):
    before = count_listings(session)
    form = client.get("/get-listed")
    assert 'name="homepage"' in form.text
    response = client.post("/get-listed", data={"csrf_token": csrf_token(form.text),
                                                "homepage": "buy pills", "name": "Bot"})
    assert response.status_code == 200
    assert "Thank you! Your submission has been received!" in response.text
    assert count_listings(session) == before


def test_submissions_are_rate_limited_per_address(session):
    client = make_app(session, SUBMISSION_RATE_LIMIT="2 per hour").test_client()
    first = {"REMOTE_ADDR": "192.0.2.1"}
    for _ in range(2):
        assert client.post("/api/v1/listings", json=listing_payload(),
                           environ_base=first).status_code == 201
    refused = client.post("/api/v1/listings", json=listing_payload(), environ_base=first)
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    # Another address still gets through.
    assert client.post("/api/v1/listings", json=listing_payload(),
                       environ_base={"REMOTE_ADDR": "192.0.2.2"}).status_code == 201


def test_the_form_says_when_the_limit_is_reached(session):
    client = make_app(session, SUBMISSION_RATE_LIMIT="1 per minute").test_client()
    form = client.get("/get-listed")
    data = {"csrf_token": csrf_token(form.text), "name": "Dr. Twice"}
    client.post("/get-listed", data=data)
    response = client.post("/get-listed", data=data)
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert "Your listing was not saved yet" in response.text
    assert "Too many" in response.text
    assert 'value="Dr. Twice"' in response.text


def redis_url():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return url


def test_web_processes_share_the_count_through_redis(session):
    # Two apps stand for two web processes: each keeps its own memory, Redis is shared.
    config = {"REDIS_URL": redis_url(), "SUBMISSION_RATE_LIMIT": "2 per hour",
              "RATELIMIT_KEY_PREFIX": f"finder-test-{uuid.uuid4()}"}
    one, two = (make_app(session, **config).test_client() for _ in range(2))
    ip = {"REMOTE_ADDR": "192.0.2.9"}
    assert one.post("/api/v1/listings", json=listing_payload(), environ_base=ip).status_code == 201
    assert two.post("/api/v1/listings", json=listing_payload(), environ_base=ip).status_code == 201
    assert one.post("/api/v1/listings", json=listing_payload(), environ_base=ip).status_code == 429


def test_without_redis_each_process_counts_alone(session, caplog):
    # An unreachable Redis must not stop submissions: counting falls back to memory.
    client = make_app(session, REDIS_URL="redis://127.0.0.1:1/0",
                      SUBMISSION_RATE_LIMIT="1 per hour").test_client()
    assert client.post("/api/v1/listings", json=listing_payload()).status_code == 201
    assert client.post("/api/v1/listings", json=listing_payload()).status_code == 429
    assert "counting in memory" in caplog.text


def test_the_same_email_and_name_while_pending_returns_the_pending_listing(client, session):
    first = client.post("/api/v1/listings", json=listing_payload(
        name="Dr. Same Person", email="same@example.org")).json
    before = count_listings(session)
    again = client.post("/api/v1/listings", json=listing_payload(
        name="  dr. same   PERSON ", email="SAME@example.org", bio="Sent twice."))
    assert again.status_code == 200
    assert again.json["id"] == first["id"] and again.json["status"] == "pending"
    assert again.json["edit_url"] is None      # the link was shown once; never again
    assert "already waiting" in again.json["message"]
    assert count_listings(session) == before


def test_a_different_name_or_email_is_a_new_listing(client):
    first = client.post("/api/v1/listings", json=listing_payload(
        name="Dr. One", email="one@example.org")).json
    other_name = client.post("/api/v1/listings", json=listing_payload(
        name="Dr. Two", email="one@example.org"))
    other_email = client.post("/api/v1/listings", json=listing_payload(
        name="Dr. One", email="two@example.org"))
    assert other_name.status_code == other_email.status_code == 201
    assert len({first["id"], other_name.json["id"], other_email.json["id"]}) == 3


def test_a_duplicate_form_submission_says_so(client):
    client.post("/api/v1/listings", json=listing_payload(name="Dr. Form Twice",
                                                         email="twice@example.org"))
    form = client.get("/get-listed")
    response = client.post("/get-listed", data={
        "csrf_token": csrf_token(form.text), "name": "Dr. Form Twice", "email": "twice@example.org",
        "provider_type": "therapist", "modalities": "integration",
        "address.postcode": "80202", "address.country": "US"})
    assert response.status_code == 200
    assert "already waiting for review" in response.text
    assert "/get-listed/edit/" not in response.text
