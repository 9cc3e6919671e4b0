"""The listing and moderation settings: defaults, parsing, and refusing nonsense at start."""
import pytest

from finder import create_app
from finder.config import ConfigError
from finder.config import load_config
from tests.factories import listing_payload
from tests.helpers import make_app


def test_defaults():
    config = load_config({})
    assert config["SUBMISSION_RATE_LIMIT"] == "5 per hour"
    assert config["LISTING_MAX_BYTES"] == 65536
    assert config["SMTP_URL"] == "" and config["MODERATION_DIGEST_TO"] == []
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert load_config({"FINDER_ENV": "production"})["SESSION_COOKIE_SECURE"] is True


def test_digest_recipients_are_a_comma_list():
    config = load_config({"MODERATION_DIGEST_TO": "a@example.org, b@example.org,"})
    assert config["MODERATION_DIGEST_TO"] == ["a@example.org", "b@example.org"]


def test_a_rate_limit_that_does_not_parse_stops_the_app():
    with pytest.raises(ConfigError, match="SUBMISSION_RATE_LIMIT"):
        create_app({"TESTING": True, "SUBMISSION_RATE_LIMIT": "lots"})


def test_behind_a_proxy_the_client_address_is_the_forwarded_one(session):
    client = make_app(session, PROXY_COUNT=1, SUBMISSION_RATE_LIMIT="1 per hour").test_client()
    for forwarded in ("192.0.2.10", "192.0.2.11"):   # two visitors behind one balancer
        response = client.post("/api/v1/listings", json=listing_payload(),
                               headers={"X-Forwarded-For": forwarded})
        assert response.status_code == 201
