"""The private edit link: edits become pending revisions; the link is the only key."""
import re

from sqlalchemy import text

from tests.factories import listing_payload
from tests.helpers import csrf_token


def submit(client, **overrides):
    body = client.post("/api/v1/listings", json=listing_payload(**overrides)).json
    return body["id"], body["edit_url"].rsplit("/", 1)[1]


def revisions(session, provider_id):
    return session.execute(text(
        "SELECT id, status, data FROM listing_revisions WHERE provider_id = :id ORDER BY id"),
        {"id": provider_id}).all()


def test_the_edit_link_shows_the_listing_with_its_private_fields(client):
    listing_id, token = submit(client, name="Dr. Editable", email="edit@example.org")
    page = client.get(f"/get-listed/edit/{token}")
    assert page.status_code == 200
    assert 'value="Dr. Editable"' in page.text and 'value="edit@example.org"' in page.text
    assert page.headers["Referrer-Policy"] == "same-origin"
    data = client.get(f"/api/v1/listings/edit/{token}").json
    assert data["id"] == listing_id and data["status"] == "pending"
    assert data["listing"]["email"] == "edit@example.org"
    assert data["listing"]["address"]["postcode"] == "80202"


def test_an_unknown_edit_link_is_a_404(client):
    assert client.get("/get-listed/edit/not-a-real-token").status_code == 404
    response = client.put("/api/v1/listings/edit/not-a-real-token", json=listing_payload())
    assert response.status_code == 404
    assert response.json["error"]["code"] == "edit_link_not_found"


def test_an_edit_becomes_a_pending_revision(client, session):
    listing_id, token = submit(client, name="Dr. Before")
    response = client.put(f"/api/v1/listings/edit/{token}",
                          json=listing_payload(name="Dr. After", telehealth=False))
    assert response.status_code == 200
    assert response.json["changed"] is True
    [revision] = revisions(session, listing_id)
    assert revision.status == "pending" and revision.data["name"] == "Dr. After"
    assert response.json["pending_revision"] == revision.id
    # The listing itself is untouched until a moderator approves.
    assert session.scalar(text("SELECT name FROM providers WHERE id = :id"),
                          {"id": listing_id}) == "Dr. Before"
    changes = session.scalar(text(
        "SELECT changes FROM moderation_events WHERE provider_id = :id AND action = 'edited'"),
        {"id": listing_id})
    assert changes["revision"] == revision.id
    assert changes["fields"]["name"] == {"from": "Dr. Before", "to": "Dr. After"}
    assert changes["fields"]["telehealth"] == {"from": True, "to": False}


def test_a_second_edit_supersedes_the_first(client, session):
    listing_id, token = submit(client)
    client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(name="Dr. First Edit"))
    client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(name="Dr. Second Edit"))
    assert [(r.status, r.data["name"]) for r in revisions(session, listing_id)] == [
        ("superseded", "Dr. First Edit"), ("pending", "Dr. Second Edit")]
    # The edit form starts from the change still waiting, not from the older listing.
    assert 'value="Dr. Second Edit"' in client.get(f"/get-listed/edit/{token}").text


def test_an_edit_that_changes_nothing_makes_no_revision(client, session):
    listing_id, token = submit(client)
    data = client.get(f"/api/v1/listings/edit/{token}").json["listing"]
    data["location"] = None    # it was placed by its postcode, and still is
    response = client.put(f"/api/v1/listings/edit/{token}", json=data)
    assert response.status_code == 200
    assert response.json["changed"] is False
    assert revisions(session, listing_id) == []


def test_an_edit_is_validated_like_a_submission(client, session):
    listing_id, token = submit(client)
    response = client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(email="nope"))
    assert response.status_code == 422
    assert "email" in response.json["error"]["fields"]
    assert revisions(session, listing_id) == []


def test_editing_through_the_form(client, session):
    listing_id, token = submit(client, name="Dr. Form Edit")
    page = client.get(f"/get-listed/edit/{token}")
    fields = dict(re.findall(r'name="([a-z_.]+)"\s+value="([^"]*)"', page.text))
    fields.update({"csrf_token": csrf_token(page.text), "name": "Dr. Form Edited",
                   "provider_type": "psychiatrist", "modalities": ["esketamine"],
                   "telehealth": "1", "accepting_new_clients": "1", "address.country": "US"})
    fields.pop("homepage", None)
    response = client.post(f"/get-listed/edit/{token}", data=fields)
    assert response.status_code == 200, response.text
    assert "Your changes have been received" in response.text
    [revision] = revisions(session, listing_id)
    assert revision.data["name"] == "Dr. Form Edited"
    assert revision.data["modalities"] == ["esketamine"]
    # A bad edit shows the edit form again with the problem.
    fields["email"] = "broken"
    again = client.post(f"/get-listed/edit/{token}", data=fields)
    assert again.status_code == 422
    assert "Edit your listing" in again.text and 'value="broken"' in again.text
