"""Report a problem with a listing: the form and the API, the queue, hiding, the audit trail."""
import pytest
from sqlalchemy import text

from tests.factories import listing_payload
from tests.helpers import csrf_token
from tests.helpers import make_app
from tests.moderation.conftest import ModeratorActions

REPORTER = "reporter-zq@example.org"


@pytest.fixture
def app(session):
    return make_app(session, REPORT_RATE_LIMIT="1000 per hour")


@pytest.fixture
def moderator(client, runner):
    actions = ModeratorActions(client, runner)
    actions.create("alice")
    return actions


@pytest.fixture
def approved(client, moderator):
    """An approved listing, through the API as a provider and a moderator would make it."""
    listing = client.post("/api/v1/listings", json=listing_payload(
        name="Dr. Reported Zq", email="provider-zq@example.org")).json
    auth = moderator.api(moderator.token("alice"))
    assert client.post(f"/api/v1/moderation/listings/{listing['id']}/approve",
                       json={"revision": None}, headers=auth).status_code == 200
    return listing["id"]


def counts(session):
    return session.execute(text(
        "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM moderation_events), "
        "(SELECT count(*) FROM outbox)")).one()


def actions(session, provider_id):
    return [r.action for r in session.execute(text(
        "SELECT action FROM moderation_events WHERE provider_id = :id ORDER BY id"),
        {"id": provider_id})]


def in_search(client, provider_id):
    results = client.get("/api/v1/search?near=80202&country=US&limit=50").json["results"]
    return provider_id in [r["id"] for r in results]


def test_the_whole_report_flow_from_form_and_api_to_a_hidden_listing(client, session,
                                                                     moderator, approved):
    # The profile and the card link to the form, which works without JavaScript.
    slug = client.get(f"/api/v1/providers/{approved}").json["slug"]
    profile = client.get(f"/providers/{slug}").text
    assert f'href="/providers/{approved}/report"' in profile
    assert "Report a problem with this listing" in profile
    page = client.get("/?near=80202&country=US&limit=50").text
    assert f'href="/providers/{approved}/report"' in page

    form = client.get(f"/providers/{approved}/report")
    assert form.status_code == 200 and 'name="csrf_token"' in form.text
    thanks = client.post(f"/providers/{approved}/report", data={
        "csrf_token": csrf_token(form.text), "reason": "wrong-contact",
        "details": "The phone number is dead.", "email": REPORTER})
    assert thanks.status_code == 200
    assert "Thank you! Your report has been received." in thanks.text
    stored = session.execute(text("SELECT reason, details, email, status FROM reports "
                                  "WHERE provider_id = :id"), {"id": approved}).one()
    assert tuple(stored) == ("wrong-contact", "The phone number is dead.", REPORTER, "open")

    api = client.post(f"/api/v1/providers/{approved}/reports",
                      json={"reason": "conduct", "details": "Unsafe practice."})
    assert api.status_code == 201 and api.json["status"] == "open"
    assert api.headers["Access-Control-Allow-Origin"] == "*"   # the widget, on any site
    urgent_id = api.json["id"]

    # Both wait in the queue, the conduct concern first, with the open report count.
    auth = moderator.api(moderator.token("alice"))
    queue = client.get("/api/v1/moderation/queue?kind=report", headers=auth).json
    assert queue["count"] == 2
    first, second = queue["items"]
    assert (first["report_id"], first["urgent"], first["open_reports"]) == (urgent_id, True, 2)
    assert (second["reason"], second["urgent"]) == ("wrong-contact", False)
    detail = client.get(f"/api/v1/moderation/reports/{urgent_id}", headers=auth).json
    assert detail["listing_name"] == "Dr. Reported Zq" and detail["open_reports"] == 2
    moderator.sign_in("alice")
    queue_page = client.get("/moderation/?kind=report").text
    assert "Urgent:" in queue_page and "2 open reports on this listing" in queue_page

    # Hiding needs a reason; then the listing leaves search, profile and exports.
    refused = client.post(f"/api/v1/moderation/reports/{urgent_id}/resolve",
                          json={"action": "hide"}, headers=auth)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "reason"
    assert in_search(client, approved)
    hidden = client.post(f"/api/v1/moderation/reports/{urgent_id}/resolve", headers=auth,
                         json={"action": "hide",
                               "reason": "A conduct concern is being looked into."})
    assert hidden.status_code == 200, hidden.text
    assert hidden.json == {"id": urgent_id, "provider_id": approved, "status": "closed",
                           "resolution": "hidden", "listing_status": "hidden"}
    assert not in_search(client, approved)
    assert client.get(f"/api/v1/providers/{approved}").status_code == 404
    assert f'"id": {approved},' not in client.get("/api/v1/providers.geojson").text
    runner = client.application.test_cli_runner()
    assert "Dr. Reported Zq" not in runner.invoke(args=["providers", "export"]).output
    assert session.scalar(text("SELECT count(*) FROM reports WHERE provider_id = :id "
                               "AND status = 'open'"), {"id": approved}) == 0
    assert client.get("/api/v1/moderation/queue?kind=report", headers=auth).json["count"] == 0

    # The provider is told through the outbox, with the reason.
    told = session.execute(text("SELECT subject, body FROM outbox WHERE provider_id = :id AND "
                                "recipient = 'provider-zq@example.org' ORDER BY id DESC LIMIT 1"),
                           {"id": approved}).one()
    assert told.subject == "Your listing was taken down"
    assert "A conduct concern is being looked into." in told.body
    assert REPORTER not in told.body
    # Every step is in the append-only audit trail.
    assert actions(session, approved) == ["submitted", "approved", "reported", "reported",
                                          "report_hidden"]
    events = client.get(f"/api/v1/moderation/listings/{approved}/events", headers=auth).json
    assert events["events"][-1]["reason"] == "A conduct concern is being looked into."
    assert events["events"][-1]["changes"]["status"] == ["approved", "hidden"]
    # A hidden listing takes no more reports.
    assert client.post(f"/api/v1/providers/{approved}/reports",
                       json={"reason": "other"}).status_code == 404


def test_a_report_resolved_by_editing_the_listing_or_dismissed(client, session, moderator,
                                                               approved):
    auth = moderator.api(moderator.token("alice"))
    one = client.post(f"/api/v1/providers/{approved}/reports", json={"reason": "wrong-contact"})
    two = client.post(f"/api/v1/providers/{approved}/reports", json={"reason": "other"})
    edit = client.post(f"/api/v1/moderation/reports/{one.json['id']}/resolve", headers=auth,
                       json={"action": "edit", "listing": {"phone": "+1 303-555-0199"}})
    assert edit.status_code == 200, edit.text
    assert client.get(f"/api/v1/providers/{approved}").json["phone"] == "+13035550199"
    bad = client.post(f"/api/v1/moderation/reports/{two.json['id']}/resolve", headers=auth,
                      json={"action": "edit", "listing": {"phone": "call me"}})
    assert bad.status_code == 422 and "phone" in bad.json["error"]["fields"]
    dismissed = client.post(f"/api/v1/moderation/reports/{two.json['id']}/resolve",
                            headers=auth, json={"action": "dismiss"})
    assert dismissed.json["resolution"] == "dismissed"
    again = client.post(f"/api/v1/moderation/reports/{two.json['id']}/resolve",
                        headers=auth, json={"action": "dismiss"})
    assert again.status_code == 409
    assert client.post("/api/v1/moderation/reports/999999999/resolve", headers=auth,
                       json={"action": "dismiss"}).status_code == 404
    assert actions(session, approved)[-2:] == ["report_edited", "report_dismissed"]
    changes = session.scalar(text("SELECT changes FROM moderation_events WHERE provider_id = "
                                  ":id AND action = 'report_edited'"), {"id": approved})
    assert changes["fields"]["phone"]["to"] == "+13035550199"


@pytest.mark.parametrize("body, status, field", [
    ({}, 422, "reason"),
    ({"reason": ""}, 422, "reason"),
    ({"reason": "rude"}, 422, "reason"),
    ({"reason": ["conduct"]}, 422, "reason"),
    ({"reason": "other", "details": "x" * 2001}, 422, "details"),
    ({"reason": "other", "details": "nul \x00 here"}, 422, "details"),
    ({"reason": "other", "email": "not an email"}, 422, "email"),
])
def test_bad_reports_are_refused_naming_the_field_and_store_nothing(client, session, approved,
                                                                    body, status, field):
    before = counts(session)
    response = client.post(f"/api/v1/providers/{approved}/reports", json=body)
    assert response.status_code == status
    assert response.json["error"]["field"] == field
    assert field in response.json["error"]["fields"]
    assert counts(session) == before


def test_unknown_unlisted_malformed_and_oversized_reports_get_the_answers_listings_get(
        client, session, approved):
    pending = client.post("/api/v1/listings", json=listing_payload()).json["id"]
    before = counts(session)
    for provider_id in (999999999, pending):
        missing = client.post(f"/api/v1/providers/{provider_id}/reports", json={"reason": "other"})
        assert missing.status_code == 404 and missing.json["error"]["field"] == "id"
    assert client.post(f"/api/v1/providers/{approved}/reports", data="reason=other",
                       content_type="application/x-www-form-urlencoded").status_code == 415
    assert client.post(f"/api/v1/providers/{approved}/reports", data="{nope",
                       content_type="application/json").status_code == 400
    huge = client.post(f"/api/v1/providers/{approved}/reports",
                       json={"reason": "other", "details": "x" * 70_000})
    assert huge.status_code == 413 and huge.is_json
    assert counts(session) == before


def test_the_honeypot_thanks_the_bot_and_stores_nothing(client, session, approved):
    before = counts(session)
    api = client.post(f"/api/v1/providers/{approved}/reports",
                      json={"reason": "other", "homepage": "http://spam.example"})
    assert api.status_code == 201 and api.json["status"] == "open"
    form = client.get(f"/providers/{approved}/report")
    page = client.post(f"/providers/{approved}/report", data={
        "csrf_token": csrf_token(form.text), "reason": "other", "homepage": "buy pills"})
    assert "Thank you! Your report has been received." in page.text
    assert counts(session) == before


def test_the_form_needs_its_csrf_token_and_keeps_what_was_typed(client, session, approved):
    before = counts(session)
    forged = client.post(f"/providers/{approved}/report",
                         data={"reason": "other", "details": "kept as typed"})
    assert forged.status_code == 400 and "kept as typed" in forged.text
    form = client.get(f"/providers/{approved}/report")
    missing = client.post(f"/providers/{approved}/report", data={
        "csrf_token": csrf_token(form.text), "details": "no reason chosen"})
    assert missing.status_code == 422
    assert "Reason is required" in missing.text and "no reason chosen" in missing.text
    assert counts(session) == before


def test_reports_are_rate_limited_per_address(session, approved):
    client = make_app(session, REPORT_RATE_LIMIT="2 per hour").test_client()
    here = {"REMOTE_ADDR": "192.0.2.9"}
    for _ in range(2):
        assert client.post(f"/api/v1/providers/{approved}/reports", json={"reason": "other"},
                           environ_base=here).status_code == 201
    before = counts(session)
    refused = client.post(f"/api/v1/providers/{approved}/reports", json={"reason": "other"},
                          environ_base=here)
    assert refused.status_code == 429 and refused.json["error"]["code"] == "rate_limited"
    assert "Retry-After" in refused.headers
    assert counts(session) == before
    assert client.post(f"/api/v1/providers/{approved}/reports", json={"reason": "other"},
                       environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code == 201
