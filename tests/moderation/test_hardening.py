"""What a hostile or careless client tried on moderation and edits, through HTTP."""
import re
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder import create_app
from finder.moderation import service
from tests.conftest import TEST_DATABASE_URL
from tests.factories import listing_payload
from tests.helpers import csrf_token
from tests.moderation.test_race import add_moderator
from tests.moderation.test_race import committed  # noqa: F401 (a fixture)
from tests.moderation.test_race import submit_committed


def status_of(session, listing_id):
    return session.scalar(text("SELECT status FROM providers WHERE id = :id"),
                          {"id": listing_id})


def test_crlf_in_next_signs_in_and_goes_to_the_queue(client, moderator):
    moderator.create("alice")
    page = client.get("/moderation/sign-in?next=/moderation/%0d%0aX-Injected:%201")
    assert page.status_code == 200
    response = client.post("/moderation/sign-in?next=/moderation/%0d%0aX-Injected:%201", data={
        "csrf_token": csrf_token(page.text), "name": "alice",
        "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/moderation/"
    assert "X-Injected" not in response.headers
    assert client.get("/moderation/").status_code == 200


@pytest.mark.parametrize("revision", ["²", "1" * 5000, "١", "-1", " 1"])
def test_the_form_refuses_a_revision_that_is_not_ascii_digits(client, moderator, submit,
                                                              session, revision):
    listing_id = submit()["id"]
    moderator.create("alice")
    moderator.sign_in("alice")
    page = client.get(f"/moderation/listings/{listing_id}")
    for action in ("approve", "reject"):
        response = client.post(f"/moderation/listings/{listing_id}/{action}", data={
            "csrf_token": csrf_token(page.text), "revision": revision,
            "preset": "It looks like spam or advertising."})
        assert response.status_code == 400, response.text
    assert status_of(session, listing_id) == "pending"


def test_an_approval_must_name_what_it_approves(client, moderator, submit, session):
    answer = submit(website="https://before.example")
    token = answer["edit_url"].rsplit("/", 1)[1]
    moderator.create("alice")
    auth = moderator.api(moderator.token("alice"))
    seen = client.get(f"/api/v1/moderation/listings/{answer['id']}", headers=auth).json
    assert seen["pending_revision"] is None       # the moderator sees no pending edit
    edited = client.put(f"/api/v1/listings/edit/{token}",
                        json=listing_payload(email=seen["listing"]["email"],
                                             name=seen["listing"]["name"],
                                             website="https://after.example"))
    assert edited.json["changed"] is True
    unnamed = client.post(f"/api/v1/moderation/listings/{answer['id']}/approve", headers=auth)
    assert unnamed.status_code == 400
    assert unnamed.json["error"]["field"] == "revision"
    stale = client.post(f"/api/v1/moderation/listings/{answer['id']}/approve",
                        json={"revision": seen["pending_revision"]}, headers=auth)
    assert stale.status_code == 409 and stale.json["error"]["code"] == "listing_changed"
    assert status_of(session, answer["id"]) == "pending"
    # The HTML form without the page's revision is refused the same way.
    moderator.sign_in("alice")
    page = client.get(f"/moderation/listings/{answer['id']}")
    bare = client.post(f"/moderation/listings/{answer['id']}/approve",
                       data={"csrf_token": csrf_token(page.text)})
    assert bare.status_code == 400
    assert status_of(session, answer["id"]) == "pending"
    assert moderator.decide(answer["id"], "approve").status_code == 302
    public = client.get(f"/api/v1/providers/{answer['id']}").json
    assert public["website"] == "https://after.example"   # what the page showed last


def test_existence_and_state_come_before_the_body(client, moderator, submit):
    moderator.create("alice")
    auth = moderator.api(moderator.token("alice"))
    base = "/api/v1/moderation/listings"
    assert client.post(f"{base}/0/reject", json={"reason": ""}, headers=auth).status_code == 404
    assert client.post(f"{base}/0/approve", data="{", headers=auth).status_code == 404
    decided = submit()["id"]
    client.post(f"{base}/{decided}/approve", json={"revision": None}, headers=auth)
    for action, body in (("reject", {"reason": ""}), ("approve", {}),
                         ("approve", {"revision": "x"})):
        response = client.post(f"{base}/{decided}/{action}", json=body, headers=auth)
        assert response.status_code == 409, (action, body, response.text)
        assert response.json["error"]["code"] == "already_decided"

    assert client.put("/api/v1/listings/edit/not-a-link", json={}).status_code == 404
    rejected = submit()
    client.post(f"{base}/{rejected['id']}/reject", json={"reason": "No."}, headers=auth)
    token = rejected["edit_url"].rsplit("/", 1)[1]
    closed = client.put(f"/api/v1/listings/edit/{token}", json={})
    assert closed.status_code == 409 and closed.json["error"]["code"] == "listing_closed"
    assert client.put(f"/api/v1/listings/edit/{token}", data="x",
                      content_type="text/plain").status_code == 409


def test_a_duplicate_sent_during_an_approval_waits_and_becomes_a_marked_new_listing(
        engine, committed):  # noqa: F811
    """The duplicate waits for the decision, then finds the listing approved: it is stored as
    a new pending listing (with an edit link of its own) that the queue marks."""
    payload = listing_payload(name="Dr. Twice", email="twice@example.org")
    listing_id = submit_committed(engine, committed, name=payload["name"],
                                  email=payload["email"])
    alice = add_moderator(engine, committed, "dup-alice")
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL,
                      "SUBMISSION_RATE_LIMIT": "1000 per hour"})
    outcome = {}

    def send_duplicate():
        with app.test_client() as client:
            outcome["response"] = client.post("/api/v1/listings", json=payload)
    with Session(engine) as deciding:
        service.approve(deciding, listing_id, alice, seen_revision=None)   # not yet committed
        thread = threading.Thread(target=send_duplicate)
        thread.start()
        thread.join(1)
        assert thread.is_alive()          # the duplicate waits for the decision
        deciding.commit()
    thread.join(20)
    for key in ("finder.engine", "finder.read_engine"):
        app.extensions[key].dispose()
    response = outcome["response"]
    committed["providers"].append(response.json["id"])
    assert response.status_code == 201, response.text
    assert response.json["id"] != listing_id and response.json["edit_url"]
    with Session(engine) as session:
        assert status_of(session, listing_id) == "approved"
        assert status_of(session, response.json["id"]) == "pending"
        items = {i["id"]: i for i in service_queue(session)}
    assert items[response.json["id"]]["duplicate_of"] == listing_id


def test_the_queue_page_names_the_approved_listing_a_duplicate_repeats(client, moderator,
                                                                      submit):
    first = submit(name="Dr. Again", email="again@example.org")["id"]
    moderator.create("alice")
    auth = moderator.api(moderator.token("alice"))
    client.post(f"/api/v1/moderation/listings/{first}/approve", json={"revision": None},
                headers=auth)
    again = submit(name="Dr.  again", email="Again@example.org")["id"]
    queue = client.get("/api/v1/moderation/queue", headers=auth).json
    assert {i["id"]: i["duplicate_of"] for i in queue["items"]}[again] == first
    moderator.sign_in("alice")
    assert re.search(rf"same email and name as approved <a href=\"/moderation/listings/{first}\"",
                     client.get("/moderation/").text)


def service_queue(session):
    from finder.moderation import queries
    return queries.queue(session)[1]
