"""Licence verification: recorded by a moderator, shown on profiles, cards and in the API;
an expired one shows as expired and puts the listing in the queue again."""
import datetime as dt

import pytest
from babel.dates import format_date
from sqlalchemy import text

from tests.factories import listing_payload
from tests.factories import make_provider
from tests.helpers import csrf_token
from tests.helpers import make_app

TODAY = dt.datetime.now(dt.timezone.utc).date()
CHECKED = (TODAY - dt.timedelta(days=1)).isoformat()
EXPIRES = (TODAY + dt.timedelta(days=60)).isoformat()
LICENCE = "A-LIC-98765-ZQ"
VERIFICATION = {"registry": "Medical Board of California",
                "lookup_url": f"https://search.dca.ca.gov/details/{LICENCE}",
                "status": "active", "checked_on": CHECKED, "expires_on": EXPIRES}
# Dates in the line as the visitor reads them ("November 30, 2026").
LINE = (f"Licence verified {format_date(dt.date.fromisoformat(CHECKED), 'long', locale='en')} "
        "· Medical Board of California")


@pytest.fixture
def approved(client, moderator):
    """A listing approved with a verification recorded in the same request."""
    moderator.create("alice")
    listing = client.post("/api/v1/listings", json=listing_payload(
        name="Dr. Verified Zq", license_number=LICENCE)).json["id"]
    answer = client.post(f"/api/v1/moderation/listings/{listing}/approve",
                         json={"revision": None, "verification": VERIFICATION},
                         headers=moderator.api(moderator.token("alice")))
    assert answer.status_code == 200, answer.text
    return listing


def test_a_verification_shows_in_the_api_the_profile_and_the_search_results(client, approved):
    record = client.get(f"/api/v1/providers/{approved}").json
    assert record["verification"] == {
        "state": "verified", "label": LINE, "registry": "Medical Board of California",
        "licence_status": "active", "checked_on": CHECKED, "expires_on": EXPIRES}
    assert "lookup_url" not in record["verification"]
    profile = client.get(f"/providers/{record['slug']}").text
    assert LINE in profile
    search = client.get("/api/v1/search?near=80202&country=US&limit=50").json["results"]
    assert [r["verification"]["label"] for r in search if r["id"] == approved] == [LINE]
    page = client.get("/?near=80202&country=US&limit=50").text
    assert LINE in page


def test_an_expired_verification_shows_as_expired_and_queues_the_listing(session, approved,
                                                                          moderator):
    later = make_app(session, TODAY=(TODAY + dt.timedelta(days=61)).isoformat())
    client = later.test_client()
    record = client.get(f"/api/v1/providers/{approved}").json
    assert record["verification"]["state"] == "expired"
    assert record["verification"]["label"] == \
        f"Licence verification expired " \
        f"{format_date(dt.date.fromisoformat(EXPIRES), 'long', locale='en')} " \
        "· Medical Board of California"
    assert record["verification"]["label"] in client.get(f"/providers/{record['slug']}").text
    auth = moderator.api(moderator.token("alice"))
    queue = client.get("/api/v1/moderation/queue?kind=verification_expired", headers=auth).json
    assert [i["id"] for i in queue["items"]] == [approved]
    # Not in the queue the day the licence still runs, and out of it once checked again.
    today = make_app(session).test_client()
    assert today.get("/api/v1/moderation/queue?kind=verification_expired",
                     headers=auth).json["count"] == 0
    renewed = {**VERIFICATION, "checked_on": (TODAY + dt.timedelta(days=61)).isoformat(),
               "expires_on": (TODAY + dt.timedelta(days=800)).isoformat()}
    assert client.post(f"/api/v1/moderation/listings/{approved}/verification", json=renewed,
                       headers=auth).status_code == 200
    assert client.get("/api/v1/moderation/queue?kind=verification_expired",
                      headers=auth).json["count"] == 0
    assert client.get(f"/api/v1/providers/{approved}").json["verification"]["state"] == \
        "verified"
    actions = session.execute(text("SELECT action FROM moderation_events WHERE provider_id = :id "
                                   "ORDER BY id"), {"id": approved}).scalars().all()
    assert actions == ["submitted", "approved", "verified", "verified"]


def test_unverified_listings_and_samhsa_facilities_say_what_they_are(client, session):
    listing = make_provider(session, source="listing", name="Dr. Unchecked Zq")
    samhsa = make_provider(session, source="samhsa-2022", name="Clinic Zq",
                           provider_type="clinic", modalities=["ketamine-infusion"])
    assert client.get(f"/api/v1/providers/{listing}").json["verification"]["label"] == \
        "Licence not verified"
    record = client.get(f"/api/v1/providers/{samhsa}").json
    assert record["verification"]["state"] == "directory"
    assert record["verification"]["label"] == "From SAMHSA's national directory, 2022"
    assert "From SAMHSA&#39;s national directory, 2022" in client.get(
        f"/providers/{record['slug']}").text
    assert "Licence not verified" not in client.get(f"/providers/{record['slug']}").text


@pytest.mark.parametrize("change, field", [
    ({"registry": ""}, "registry"),
    ({"lookup_url": "javascript:alert(1)"}, "lookup_url"),
    ({"status": "fine"}, "status"),
    ({"checked_on": "30/11/2026"}, "checked_on"),
    ({"checked_on": "2999-01-01"}, "checked_on"),
    ({"expires_on": "2000-01-01"}, "expires_on"),
    ({"registry": "x" * 201}, "registry"),
])
def test_a_bad_verification_is_refused_naming_the_field_and_nothing_is_written(
        client, session, approved, moderator, change, field):
    before = session.execute(text("SELECT verified_registry, verified_on FROM providers "
                                  "WHERE id = :id"), {"id": approved}).one()
    answer = client.post(f"/api/v1/moderation/listings/{approved}/verification",
                         json={**VERIFICATION, **change},
                         headers=moderator.api(moderator.token("alice")))
    assert answer.status_code == 422 and field in answer.json["error"]["fields"]
    assert session.execute(text("SELECT verified_registry, verified_on FROM providers "
                                "WHERE id = :id"), {"id": approved}).one() == before


def test_an_approval_with_a_bad_verification_decides_nothing(client, session, moderator):
    moderator.create("alice")
    listing = client.post("/api/v1/listings", json=listing_payload()).json["id"]
    answer = client.post(f"/api/v1/moderation/listings/{listing}/approve",
                         json={"revision": None, "verification": {"registry": "x"}},
                         headers=moderator.api(moderator.token("alice")))
    assert answer.status_code == 422
    assert session.scalar(text("SELECT status FROM providers WHERE id = :id"),
                          {"id": listing}) == "pending"


def test_the_listing_page_records_a_verification(client, session, moderator):
    moderator.create("alice")
    moderator.sign_in("alice")
    listing = client.post("/api/v1/listings", json=listing_payload()).json["id"]
    page = client.get(f"/moderation/listings/{listing}")
    assert "Record a verification" in page.text
    answer = client.post(f"/moderation/listings/{listing}/verification", data={
        "csrf_token": csrf_token(page.text), **VERIFICATION})
    assert answer.status_code == 302
    page = client.get(f"/moderation/listings/{listing}").text
    assert f"Checked {CHECKED} in Medical Board of California" in page
    bad = client.post(f"/moderation/listings/{listing}/verification", data={
        "csrf_token": csrf_token(page), **VERIFICATION, "checked_on": "yesterday"})
    assert bad.status_code == 422 and "checked_on must be a date" in bad.text
