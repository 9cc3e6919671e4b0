"""Absolute links come from PUBLIC_BASE_URL, never from the Host header; other hosts refused."""
import pytest
from sqlalchemy import text

from finder import create_app
from finder.config import ConfigError
from finder.config import load_config
from tests.factories import listing_payload
from tests.factories import make_provider
from tests.helpers import make_app
from tests.moderation.conftest import ModeratorActions

PUBLIC = "https://finder.example"
EVIL = {"Host": "evil.example"}


@pytest.fixture
def app(session):
    return make_app(session, PUBLIC_BASE_URL=PUBLIC)


def test_edit_links_and_profile_links_ignore_the_host_header(client, session):
    receipt = client.post("/api/v1/listings", json=listing_payload(), headers=EVIL).json
    assert receipt["edit_url"].startswith(f"{PUBLIC}/get-listed/edit/")
    provider_id = make_provider(session, name="Linked Clinic")
    record = client.get(f"/api/v1/providers/{provider_id}", headers=EVIL).json
    assert record["profile_url"].startswith(f"{PUBLIC}/providers/{provider_id}")
    answer = client.get("/api/v1/search?near=80202&radius_km=5", headers=EVIL).json
    assert answer["results"] and all(r["profile_url"].startswith(f"{PUBLIC}/providers/")
                                     for r in answer["results"])
    servers = client.get("/api/v1/openapi.json", headers=EVIL).json["servers"]
    assert servers == [{"url": f"{PUBLIC}/api/v1"}]


def test_the_approval_email_links_to_the_public_address(client, runner, session):
    listing = client.post("/api/v1/listings", json=listing_payload(), headers=EVIL).json
    moderator = ModeratorActions(client, runner)
    moderator.create("alice")
    approved = client.post(f"/api/v1/moderation/listings/{listing['id']}/approve",
                           json={"revision": None}, headers={
                               **EVIL, **moderator.api(moderator.token("alice"))})
    assert approved.status_code == 200
    body = session.execute(text(
        "SELECT body FROM outbox WHERE provider_id = :id AND kind = 'email' "
        "AND subject = 'Your listing is live'"), {"id": listing["id"]}).scalar_one()
    assert f"{PUBLIC}/providers/{listing['id']}" in body and "evil.example" not in body


def test_other_hosts_are_refused_when_trusted_hosts_is_set(session):
    app = make_app(session, PUBLIC_BASE_URL=PUBLIC, TRUSTED_HOSTS=["finder.example"])
    client = app.test_client()
    refused = client.get("/api/v1/modalities", headers=EVIL)
    assert refused.status_code == 400
    assert refused.json["error"]["status"] == 400
    assert "evil.example" in refused.json["error"]["message"]
    assert client.get("/search", headers=EVIL).status_code == 400
    assert client.get("/api/v1/modalities", headers={"Host": "finder.example"}).status_code == 200


def test_production_trusts_only_the_public_host_and_needs_it():
    production = {"FINDER_ENV": "production", "SECRET_KEY": "s3cret",
                  "PUBLIC_BASE_URL": "https://finder.example/"}
    config = load_config(production)
    assert config["PUBLIC_BASE_URL"] == "https://finder.example"
    assert config["TRUSTED_HOSTS"] == ["finder.example"]
    assert load_config({**production, "TRUSTED_HOSTS": "finder.example, .finder.example"})[
        "TRUSTED_HOSTS"] == ["finder.example", ".finder.example"]
    assert load_config({})["TRUSTED_HOSTS"] is None
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        create_app({"FINDER_ENV": "production", "SECRET_KEY": "s3cret", "PUBLIC_BASE_URL": ""})
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        load_config({"PUBLIC_BASE_URL": "finder.example"})
