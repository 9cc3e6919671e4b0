"""The moderation JSON API: queue, one listing, approve, reject, events."""
import pytest

from tests.factories import listing_payload


@pytest.fixture
def auth(moderator):
    moderator.create("alice")
    return moderator.api(moderator.token("alice"))


def test_the_queue_counts_and_lists_oldest_first(client, submit, auth):
    first, second = submit(name="Dr. Q One")["id"], submit(name="Dr. Q Two")["id"]
    body = client.get("/api/v1/moderation/queue", headers=auth).json
    assert body["count"] == 2
    assert [(i["id"], i["kind"]) for i in body["items"]] == [(first, "listing"),
                                                              (second, "listing")]
    assert body["items"][0]["name"] == "Dr. Q One"


def test_a_listing_in_full_with_its_private_fields(client, submit, auth):
    listing_id = submit(email="full@example.org", license_number="LN-42")["id"]
    body = client.get(f"/api/v1/moderation/listings/{listing_id}", headers=auth).json
    assert body["status"] == "pending"
    assert body["listing"]["email"] == "full@example.org"
    assert body["listing"]["license_number"] == "LN-42"
    assert body["submitter_ip"] == "127.0.0.1"
    assert body["location"]["precision"] == "postcode"
    assert body["location"]["map_url"].startswith("https://www.openstreetmap.org/?mlat=")
    assert body["pending_revision"] is None and body["duplicates"] == []


def test_approve_then_a_second_decision_is_a_409(client, submit, auth):
    listing_id = submit()["id"]
    approved = client.post(f"/api/v1/moderation/listings/{listing_id}/approve",
                           json={"revision": None}, headers=auth)
    assert approved.status_code == 200
    assert approved.json == {"id": listing_id, "action": "approved", "status": "approved",
                             "revision": None}
    for action, body in (("approve", None), ("reject", {"reason": "late"})):
        again = client.post(f"/api/v1/moderation/listings/{listing_id}/{action}", json=body,
                            headers=auth)
        assert again.status_code == 409
        assert again.json["error"]["code"] == "already_decided"


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": None},
                                  {"reason": "x" * 1001}, {"reason": "bad \x00 byte"}])
def test_reject_needs_a_reason(client, submit, auth, body):
    listing_id = submit()["id"]
    response = client.post(f"/api/v1/moderation/listings/{listing_id}/reject", json=body,
                           headers=auth)
    assert response.status_code == 422
    assert response.json["error"]["field"] == "reason"
    detail = client.get(f"/api/v1/moderation/listings/{listing_id}", headers=auth).json
    assert detail["status"] == "pending"


def test_a_reason_no_database_can_store_is_refused(client, submit, auth):
    listing_id = submit()["id"]
    response = client.post(f"/api/v1/moderation/listings/{listing_id}/reject",
                           json={"reason": "lone \ud800 surrogate"}, headers=auth)
    # A strict JSON parser refuses the body (400); a lenient one leaves it to the rule (422).
    assert response.status_code in (400, 422), response.text
    detail = client.get(f"/api/v1/moderation/listings/{listing_id}", headers=auth).json
    assert detail["status"] == "pending"


def test_a_malformed_decision_body_is_a_400(client, submit, auth):
    listing_id = submit()["id"]
    response = client.post(f"/api/v1/moderation/listings/{listing_id}/reject", data="{nope",
                           content_type="application/json", headers=auth)
    assert response.status_code == 400
    response = client.post(f"/api/v1/moderation/listings/{listing_id}/approve",
                           json={"revision": "seven"}, headers=auth)
    assert response.status_code == 400


def test_unknown_listings_are_404(client, auth):
    for method, path in (("get", ""), ("get", "/events"), ("post", "/approve")):
        response = getattr(client, method)(f"/api/v1/moderation/listings/999999999{path}",
                                           headers=auth)
        assert response.status_code == 404


def test_events_name_the_moderator_and_say_what_changed(client, submit, auth, moderator):
    listing_id = submit(name="Dr. Events")["id"]
    moderator.create("bob")
    bob = moderator.api(moderator.token("bob"))
    client.post(f"/api/v1/moderation/listings/{listing_id}/approve", json={"revision": None},
                headers=bob)
    body = client.get(f"/api/v1/moderation/listings/{listing_id}/events", headers=auth).json
    assert body["id"] == listing_id
    submitted, approved = body["events"]
    assert (submitted["action"], submitted["moderator"]) == ("submitted", None)
    assert (approved["action"], approved["moderator"]) == ("approved", "bob")
    assert approved["changes"] == {"status": ["pending", "approved"]}
    assert approved["created_at"] >= submitted["created_at"]


def test_after_a_decision_the_same_provider_may_submit_again(client, submit, auth):
    first = submit(name="Dr. Again", email="again@example.org")["id"]
    client.post(f"/api/v1/moderation/listings/{first}/reject", json={"reason": "No license."},
                headers=auth)
    again = client.post("/api/v1/listings", json=listing_payload(name="Dr. Again",
                                                                 email="again@example.org"))
    assert again.status_code == 201 and again.json["id"] != first
