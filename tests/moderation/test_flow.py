"""The whole flow as people live it: a provider submits, a moderator signs in and decides."""
from sqlalchemy import text

from tests.factories import listing_payload

NEAR_DENVER = {"near": "80202", "country": "US"}


def search_ids(client, **params):
    response = client.get("/api/v1/search", query_string={**NEAR_DENVER, **params})
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json["results"]]


def test_submit_moderate_and_find(client, moderator, session):
    # A provider submits; the listing is stored but nobody can see it yet.
    answer = client.post("/api/v1/listings", json=listing_payload(name="Dr. Flow Approved"))
    assert answer.status_code == 201
    listing_id = answer.json["id"]
    assert answer.json["status"] == "pending"
    assert answer.json["edit_url"].startswith("http://localhost/get-listed/edit/")
    assert listing_id not in search_ids(client)
    assert client.get(f"/api/v1/providers/{listing_id}").status_code == 404

    # A moderator is created and signs in; the listing waits in the queue.
    moderator.create("alice")
    assert moderator.sign_in("alice").status_code == 302
    queue = client.get("/moderation/")
    assert "Dr. Flow Approved" in queue.text

    # Approved, it is found near its postcode and has a public record.
    response = moderator.decide(listing_id, "approve")
    assert response.status_code == 302
    assert listing_id in search_ids(client)
    assert client.get(f"/api/v1/providers/{listing_id}").json["name"] == "Dr. Flow Approved"

    # A second decision on the same listing is refused.
    token = moderator.token("alice")
    again = client.post(f"/api/v1/moderation/listings/{listing_id}/reject",
                        json={"reason": "changed my mind"}, headers=moderator.api(token))
    assert again.status_code == 409
    assert again.json["error"]["code"] == "already_decided"

    # Another listing: rejecting needs a reason; with one it is rejected and stays hidden.
    other = client.post("/api/v1/listings", json=listing_payload(name="Dr. Flow Rejected")).json
    no_reason = client.post(f"/api/v1/moderation/listings/{other['id']}/reject", json={},
                            headers=moderator.api(token))
    assert no_reason.status_code == 422
    assert no_reason.json["error"]["field"] == "reason"
    rejected = client.post(f"/api/v1/moderation/listings/{other['id']}/reject",
                           json={"reason": "We could not verify the license."},
                           headers=moderator.api(token))
    assert rejected.status_code == 200
    assert rejected.json["status"] == "rejected"
    assert other["id"] not in search_ids(client)
    assert client.get(f"/api/v1/providers/{other['id']}").status_code == 404

    # Every step is in the audit trail, with the moderator's name.
    events = client.get(f"/api/v1/moderation/listings/{listing_id}/events",
                        headers=moderator.api(token)).json["events"]
    assert [(e["action"], e["moderator"]) for e in events] == [
        ("submitted", None), ("approved", "alice")]
    events = client.get(f"/api/v1/moderation/listings/{other['id']}/events",
                        headers=moderator.api(token)).json["events"]
    assert [(e["action"], e["moderator"], e["reason"]) for e in events] == [
        ("submitted", None, None), ("rejected", "alice", "We could not verify the license.")]
    statuses = dict(session.execute(text(
        "SELECT id, status FROM providers WHERE id IN (:a, :b)"),
        {"a": listing_id, "b": other["id"]}).all())
    assert statuses == {listing_id: "approved", other["id"]: "rejected"}
