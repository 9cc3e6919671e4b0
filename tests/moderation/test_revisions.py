"""Edits of approved listings: the public keeps the approved version until a moderator decides."""
from sqlalchemy import text

from tests.factories import listing_payload


def setup_approved(client, moderator, **overrides):
    answer = client.post("/api/v1/listings", json=listing_payload(**overrides)).json
    moderator.create("alice")
    auth = moderator.api(moderator.token("alice"))
    client.post(f"/api/v1/moderation/listings/{answer['id']}/approve", json={"revision": None},
                headers=auth)
    return answer["id"], answer["edit_url"].rsplit("/", 1)[1], auth


def public_name(client, provider_id):
    return client.get(f"/api/v1/providers/{provider_id}").json["name"]


def test_an_approved_listing_changes_only_when_its_revision_is_approved(client, moderator,
                                                                         session):
    listing_id, token, auth = setup_approved(client, moderator, name="Dr. Approved Name",
                                             email="old@example.org")
    edit = client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(
        name="Dr. Renamed", email="new@example.org", modalities=["psilocybin"]))
    assert edit.status_code == 200 and edit.json["status"] == "approved"
    revision_id = edit.json["pending_revision"]

    # The public still sees the approved version; moderators see a revision in the queue.
    assert public_name(client, listing_id) == "Dr. Approved Name"
    queue = client.get("/api/v1/moderation/queue", headers=auth).json
    assert [(i["id"], i["kind"], i["revision_id"], i["name"]) for i in queue["items"]] == [
        (listing_id, "revision", revision_id, "Dr. Renamed")]
    detail = client.get(f"/api/v1/moderation/listings/{listing_id}", headers=auth).json
    assert detail["pending_revision"]["changes"]["name"] == {"from": "Dr. Approved Name",
                                                              "to": "Dr. Renamed"}
    assert detail["pending_revision"]["changes"]["email"]["to"] == "new@example.org"

    approved = client.post(f"/api/v1/moderation/listings/{listing_id}/approve",
                           json={"revision": revision_id}, headers=auth)
    assert approved.json == {"id": listing_id, "action": "approved", "status": "approved",
                             "revision": revision_id}
    record = client.get(f"/api/v1/providers/{listing_id}").json
    assert record["name"] == "Dr. Renamed" and record["modalities"] == ["psilocybin"]
    assert session.scalar(text("SELECT email FROM provider_private WHERE provider_id = :id"),
                          {"id": listing_id}) == "new@example.org"
    event = client.get(f"/api/v1/moderation/listings/{listing_id}/events",
                       headers=auth).json["events"][-1]
    assert event["changes"]["revision"] == revision_id
    assert set(event["changes"]["fields"]) >= {"name", "email", "modalities"}


def test_a_rejected_revision_leaves_the_listing_as_it_was(client, moderator):
    listing_id, token, auth = setup_approved(client, moderator, name="Dr. Stays")
    client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(name="Dr. Spam Name"))
    rejected = client.post(f"/api/v1/moderation/listings/{listing_id}/reject",
                           json={"reason": "Not your name."}, headers=auth)
    assert rejected.json["status"] == "approved"
    assert public_name(client, listing_id) == "Dr. Stays"
    assert client.get("/api/v1/moderation/queue", headers=auth).json["count"] == 0


def test_approving_a_revision_the_moderator_did_not_see_is_a_409(client, moderator):
    listing_id, token, auth = setup_approved(client, moderator)
    first = client.put(f"/api/v1/listings/edit/{token}",
                       json=listing_payload(name="Dr. Seen")).json["pending_revision"]
    client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(name="Dr. Unseen"))
    stale = client.post(f"/api/v1/moderation/listings/{listing_id}/approve",
                        json={"revision": first}, headers=auth)
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "listing_changed"
    assert public_name(client, listing_id) != "Dr. Unseen"


def test_the_page_shows_a_field_by_field_diff(client, moderator):
    listing_id, token, _ = setup_approved(client, moderator, name="Dr. Diff Before")
    client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(name="Dr. Diff After"))
    moderator.sign_in("alice")
    page = client.get(f"/moderation/listings/{listing_id}").text
    diff = page[page.index("What the change would do"):page.index("The listing as it is now")]
    assert "Dr. Diff Before" in diff and "Dr. Diff After" in diff
    assert "Change to an approved listing" in client.get("/moderation/").text
    assert moderator.decide(listing_id, "approve").status_code == 302
    assert public_name(client, listing_id) == "Dr. Diff After"


def test_a_pending_listing_is_approved_with_its_latest_edit(client, moderator):
    answer = client.post("/api/v1/listings", json=listing_payload(name="Dr. Draft")).json
    token = answer["edit_url"].rsplit("/", 1)[1]
    client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(name="Dr. Final"))
    moderator.create("alice")
    auth = moderator.api(moderator.token("alice"))
    queue = client.get("/api/v1/moderation/queue", headers=auth).json
    assert queue["count"] == 1 and queue["items"][0]["kind"] == "listing"
    client.post(f"/api/v1/moderation/listings/{answer['id']}/approve",
                json={"revision": queue["items"][0]["revision_id"]}, headers=auth)
    assert public_name(client, answer["id"]) == "Dr. Final"


def test_a_rejected_listing_can_no_longer_be_edited(client, moderator):
    answer = client.post("/api/v1/listings", json=listing_payload()).json
    token = answer["edit_url"].rsplit("/", 1)[1]
    moderator.create("alice")
    client.post(f"/api/v1/moderation/listings/{answer['id']}/reject", json={"reason": "No."},
                headers=moderator.api(moderator.token("alice")))
    response = client.put(f"/api/v1/listings/edit/{token}", json=listing_payload())
    assert response.status_code == 409
    assert response.json["error"]["code"] == "listing_closed"
