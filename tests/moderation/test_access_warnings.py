"""Moderators are warned about listings that offer a therapy their place does not allow."""
import re

from sqlalchemy import text

from tests.factories import make_provider

TEXAS = {"street": "100 Congress Ave", "city": "Austin", "region": "TX", "postcode": "78701",
         "country": "US"}
WARNING = ("Psilocybin therapy is only available in clinical trials in Texas: check that this "
           "is a trial site or offers integration only.")


def test_a_texas_psilocybin_listing_is_flagged_and_the_decision_records_it(
        client, moderator, submit, session):
    listing = submit(name="Lone Star Psilocybin", address=TEXAS,
                     modalities=["psilocybin", "integration"])["id"]
    moderator.create("alice")
    token = moderator.token("alice")

    api = client.get(f"/api/v1/moderation/listings/{listing}", headers=moderator.api(token))
    assert api.status_code == 200
    (warning,) = api.json["access_warnings"]
    assert warning["message"] == WARNING
    assert warning["status"] == "trials-only" and warning["modality"] == "psilocybin"
    assert warning["jurisdiction"] == "Texas, United States"

    queue = client.get("/api/v1/moderation/queue", headers=moderator.api(token)).json
    (item,) = [i for i in queue["items"] if i["id"] == listing]
    assert [w["message"] for w in item["access_warnings"]] == [WARNING]

    moderator.sign_in("alice")
    page = client.get(f"/moderation/listings/{listing}").text
    assert "Check what this listing offers" in page
    assert WARNING in page
    assert WARNING in client.get("/moderation/").text

    # The warning does not block the decision; the audit trail says it was shown.
    assert moderator.decide(listing, "approve").status_code in (200, 302, 303)
    events = client.get(f"/api/v1/moderation/listings/{listing}/events",
                        headers=moderator.api(token)).json["events"]
    assert events[-1]["action"] == "approved"
    assert events[-1]["changes"]["access_warnings"] == [WARNING]


def test_a_colorado_psilocybin_listing_is_not_flagged(client, moderator, submit):
    listing = submit(modalities=["psilocybin"])["id"]     # Denver, CO
    moderator.create("alice")
    token = moderator.token("alice")
    api = client.get(f"/api/v1/moderation/listings/{listing}", headers=moderator.api(token))
    assert api.json["access_warnings"] == []
    reply = client.post(f"/api/v1/moderation/listings/{listing}/approve",
                        headers=moderator.api(token), json={"revision": None})
    assert reply.status_code == 200, reply.text
    events = client.get(f"/api/v1/moderation/listings/{listing}/events",
                        headers=moderator.api(token)).json["events"]
    assert "access_warnings" not in (events[-1]["changes"] or {})


def test_a_revision_that_adds_mdma_in_texas_is_flagged(client, moderator, session):
    provider = make_provider(session, name="Austin Ketamine", region="Texas", city="Austin",
                             postcode="78701", lat=30.27, lon=-97.74)
    session.execute(text(
        "INSERT INTO listing_revisions (provider_id, status, data) SELECT :id, 'pending', "
        "jsonb_build_object('name', 'Austin Ketamine', 'modalities', "
        "jsonb_build_array('ketamine-infusion', 'mdma-assisted-therapy'), 'country', 'US', "
        "'region', 'Texas')"), {"id": provider})
    session.commit()
    moderator.create("alice")
    token = moderator.token("alice")
    queue = client.get("/api/v1/moderation/queue", headers=moderator.api(token)).json
    (item,) = [i for i in queue["items"] if i["id"] == provider]
    (warning,) = item["access_warnings"]
    assert re.match(r"MDMA-assisted therapy is only available in clinical trials in Texas",
                    warning["message"])
