"""The moderators' pages: the queue, one listing in full, approve, reject with a reason."""
import re

from sqlalchemy import text

from tests.factories import make_provider
from tests.helpers import csrf_token


def set_created(session, provider_id, when):
    session.execute(text("UPDATE providers SET created_at = :t WHERE id = :id"),
                    {"t": when, "id": provider_id})
    session.commit()


def test_the_queue_lists_what_waits_oldest_first_with_the_count(client, moderator, submit,
                                                                 session):
    newer = submit(name="Dr. Newer")["id"]
    older = submit(name="Dr. Older")["id"]
    set_created(session, newer, "2026-01-02T00:00:00Z")
    set_created(session, older, "2026-01-01T00:00:00Z")
    make_provider(session, name="Dr. Already Approved")
    moderator.create("alice")
    moderator.sign_in("alice")
    page = client.get("/moderation/").text
    assert re.search(r"<strong>2</strong> items wait", page)
    assert page.index("Dr. Older") < page.index("Dr. Newer")
    assert "Dr. Already Approved" not in page


def test_the_detail_page_shows_every_field_the_location_and_duplicates(client, moderator,
                                                                       submit, session):
    first = submit(name="Dr. Jane Smith", email="jane@example.org",
                   license_number="CO-998877", location={"lat": 39.7527, "lon": -104.9992},
                   bio="Line one <em>not markup</em>")["id"]
    same_email = submit(name="Jane S. Clinic", email="JANE@example.org")["id"]
    similar_near = make_provider(session, name="Jane Smith MD", lat=39.7530, lon=-104.9990)
    far_away = make_provider(session, name="Dr. Jane Smith", lat=40.0150, lon=-105.2705)
    moderator.create("alice")
    moderator.sign_in("alice")
    page = client.get(f"/moderation/listings/{first}").text
    for shown in ("jane@example.org", "CO-998877", "Colorado", "Mile High Care",
                  "ketamine-infusion", "+13035550100", "39.7527", "-104.9992",
                  "https://www.openstreetmap.org/?mlat=39.7527&amp;mlon=-104.9992"):
        assert shown in page, shown
    assert "Line one &lt;em&gt;not markup&lt;/em&gt;" in page
    duplicates = page[page.index("Possible duplicates"):page.index("History")]
    assert f"#{same_email} Jane S. Clinic" in duplicates and "same email" in duplicates
    assert f"#{similar_near} Jane Smith MD" in duplicates
    assert f"#{far_away} " not in duplicates


def test_approving_from_the_page(client, moderator, submit, session):
    listing_id = submit(name="Dr. Page Approve")["id"]
    moderator.create("alice")
    moderator.sign_in("alice")
    response = moderator.decide(listing_id, "approve")
    assert response.status_code == 302 and response.headers["Location"] == "/moderation/"
    assert "Approved listing" in client.get("/moderation/").text
    assert session.scalar(text("SELECT status FROM providers WHERE id = :id"),
                          {"id": listing_id}) == "approved"


def test_rejecting_joins_the_preset_reason_and_the_details(client, moderator, submit, session):
    listing_id = submit()["id"]
    moderator.create("alice")
    moderator.sign_in("alice")
    moderator.decide(listing_id, "reject", preset="Some information is incomplete or unclear.",
                     details="Please add your license number.")
    reason = session.scalar(text(
        "SELECT reason FROM moderation_events WHERE provider_id = :id AND action = 'rejected'"),
        {"id": listing_id})
    assert reason == "Some information is incomplete or unclear. Please add your license number."


def test_rejecting_without_a_reason_asks_for_one(client, moderator, submit, session):
    listing_id = submit()["id"]
    moderator.create("alice")
    moderator.sign_in("alice")
    response = moderator.decide(listing_id, "reject", preset="", details="  ")
    assert response.status_code == 422
    assert "Reason is required" in response.text
    assert session.scalar(text("SELECT status FROM providers WHERE id = :id"),
                          {"id": listing_id}) == "pending"


def test_decisions_need_the_csrf_token(client, moderator, submit):
    listing_id = submit()["id"]
    moderator.create("alice")
    moderator.sign_in("alice")
    response = client.post(f"/moderation/listings/{listing_id}/approve", data={})
    assert response.status_code == 400


def test_a_second_decision_from_a_stale_page_is_a_409(client, moderator, submit):
    listing_id = submit()["id"]
    moderator.create("alice")
    moderator.sign_in("alice")
    page = client.get(f"/moderation/listings/{listing_id}").text
    data = {"csrf_token": csrf_token(page), "revision": ""}
    assert client.post(f"/moderation/listings/{listing_id}/approve", data=data).status_code == 302
    again = client.post(f"/moderation/listings/{listing_id}/reject",
                        data={**data, "preset": "It looks like spam or advertising."})
    assert again.status_code == 409
    assert "nothing is waiting" in again.text


def test_hostile_names_are_text_on_every_moderation_page(client, moderator, submit):
    hostile = "<img src=x onerror=alert(1)>"
    listing_id = submit(name=hostile, practice_name=hostile, bio=hostile)["id"]
    moderator.create("alice")
    moderator.sign_in("alice")
    for path in ("/moderation/", f"/moderation/listings/{listing_id}"):
        page = client.get(path).text
        assert hostile not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_an_unknown_listing_is_a_404(client, moderator):
    moderator.create("alice")
    moderator.sign_in("alice")
    assert client.get("/moderation/listings/999999999").status_code == 404
