"""POST /api/v1/listings: stored, pending and private before the answer."""
import hashlib

from sqlalchemy import text

from tests.factories import listing_payload


def stored(session, provider_id):
    return session.execute(text(
        "SELECT p.status, p.source, p.name, p.modalities, p.languages, p.postcode, p.country, "
        "p.location_precision, ST_Y(p.location::geometry) AS lat, "
        "ST_X(p.location::geometry) AS lon, pp.email, pp.license_number, pp.license_region, "
        "pp.edit_token_hash, pp.submitter_ip "
        "FROM providers p JOIN provider_private pp ON pp.provider_id = p.id WHERE p.id = :id"),
        {"id": provider_id}).mappings().one()


def test_a_listing_is_stored_pending_before_the_answer(client, session):
    response = client.post("/api/v1/listings", json=listing_payload(name="Dr. Ana Ruiz"),
                           environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 201
    body = response.json
    assert set(body) == {"id", "status", "edit_url"}
    assert body["status"] == "pending"
    row = stored(session, body["id"])
    assert (row["status"], row["source"], row["name"]) == ("pending", "listing", "Dr. Ana Ruiz")
    assert row["modalities"] == ["ketamine-infusion"] and row["languages"] == ["en", "es"]
    assert row["license_region"] == "Colorado" and row["submitter_ip"] == "198.51.100.7"
    # Placed at the ZIP's centre; the edit token is kept only as its hash.
    assert row["location_precision"] == "postcode"
    assert abs(row["lat"] - 39.75) < 0.05 and abs(row["lon"] + 104.99) < 0.05
    token = body["edit_url"].rsplit("/", 1)[1]
    assert len(token) >= 40
    assert row["edit_token_hash"] == hashlib.sha256(token.encode()).hexdigest()


def test_a_submission_is_recorded_and_announced(client, session):
    listing_id = client.post("/api/v1/listings", json=listing_payload(
        email="ana@example.org")).json["id"]
    events = session.execute(text(
        "SELECT action, moderator_id, changes FROM moderation_events WHERE provider_id = :id"),
        {"id": listing_id}).all()
    assert [(e.action, e.moderator_id, e.changes) for e in events] == [
        ("submitted", None, {"status": [None, "pending"]})]
    outbox = session.execute(text(
        "SELECT kind, recipient FROM outbox WHERE provider_id = :id ORDER BY id"),
        {"id": listing_id}).all()
    assert [tuple(r) for r in outbox] == [("email", "ana@example.org"), ("digest", None)]


def test_a_map_pin_near_the_postcode_is_kept(client, session):
    listing_id = client.post("/api/v1/listings", json=listing_payload(
        location={"lat": 39.7527, "lon": -104.9992})).json["id"]
    row = stored(session, listing_id)
    assert row["location_precision"] == "exact"
    assert (round(row["lat"], 4), round(row["lon"], 4)) == (39.7527, -104.9992)


def test_postcodes_are_read_as_people_type_them(client, session):
    listing_id = client.post("/api/v1/listings", json=listing_payload(address={
        "postcode": " 80202-1234 ", "country": "us"})).json["id"]
    row = stored(session, listing_id)
    assert (row["postcode"], row["country"]) == ("80202-1234", "US")


def test_text_is_trimmed_and_a_bare_domain_completed(client, session):
    body = listing_payload(name="  Dr. Trim  ", website="example.com", languages=["en", "es"])
    listing_id = client.post("/api/v1/listings", json=body).json["id"]
    row = session.execute(text("SELECT name, website, languages FROM providers WHERE id = :id"),
                          {"id": listing_id}).one()
    assert tuple(row) == ("Dr. Trim", "https://example.com", ["en", "es"])


def test_pending_listings_are_not_public(client):
    listing_id = client.post("/api/v1/listings", json=listing_payload()).json["id"]
    assert client.get(f"/api/v1/providers/{listing_id}").status_code == 404
    results = client.get("/api/v1/search", query_string={"near": "80202", "country": "US"})
    assert listing_id not in [r["id"] for r in results.json["results"]]
    assert client.get(f"/providers/{listing_id}").status_code == 404
