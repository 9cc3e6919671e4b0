"""The document describes verifications, freshness, reports and their routes, and real
answers fit it."""
from tests.factories import listing_payload
from tests.factories import make_provider
from tests.openapi.test_document import app  # noqa: F401 (fixtures)
from tests.openapi.test_document import auth  # noqa: F401
from tests.openapi.test_document import conforms
from tests.openapi.test_document import doc  # noqa: F401
from tests.openapi.test_document import schema_validator

VERIFICATION = {"registry": "Medical Board of California", "status": "active",
                "lookup_url": "https://search.dca.ca.gov/", "checked_on": "2026-11-30",
                "expires_on": None}


def test_the_new_routes_and_fields_are_described(doc):
    for path, method in [("/providers/{provider_id}/reports", "post"),
                         ("/listings/confirm/{token}", "post"),
                         ("/moderation/listings/{provider_id}/verification", "post"),
                         ("/moderation/reports/{report_id}", "get"),
                         ("/moderation/reports/{report_id}/resolve", "post")]:
        assert method in doc["paths"][path], path
    provider = doc["components"]["schemas"]["Provider"]["properties"]
    assert {"verification", "last_confirmed", "confirmed_label"} <= set(provider)
    verification = doc["components"]["schemas"]["Verification"]["properties"]
    assert provider["verification"] == {"$ref": "#/components/schemas/Verification"}
    assert "lookup_url" not in verification   # private
    queue = doc["paths"]["/moderation/queue"]["get"]
    assert {p["name"] for p in queue["parameters"]} == {"kind", "waited_days", "sort"}
    assert doc["components"]["schemas"]["ReportInput"]["properties"]["reason"]["enum"] == [
        "wrong-contact", "closed-or-moved", "therapy-not-offered", "conduct", "other"]


def test_real_answers_of_the_new_routes_fit_the_document(doc, client, session, auth):
    listing = client.post("/api/v1/listings", json=listing_payload()).json["id"]
    verified = client.post(f"/api/v1/moderation/listings/{listing}/verification",
                           json=VERIFICATION, headers=auth)
    conforms(doc, "/moderation/listings/{provider_id}/verification", "post", verified)
    approved = client.post(f"/api/v1/moderation/listings/{listing}/approve",
                           json={"revision": None}, headers=auth)
    assert approved.status_code == 200
    record = client.get(f"/api/v1/providers/{listing}").json
    schema_validator(doc, "Provider").validate(record)
    assert record["verification"]["state"] == "verified"
    report = client.post(f"/api/v1/providers/{listing}/reports",
                         json={"reason": "conduct", "email": ""})
    conforms(doc, "/providers/{provider_id}/reports", "post", report)
    queue = client.get("/api/v1/moderation/queue", headers=auth)
    conforms(doc, "/moderation/queue", "get", queue)
    assert queue.json["items"][0]["urgent"] is True
    one = client.get(f"/api/v1/moderation/reports/{report.json['id']}", headers=auth)
    conforms(doc, "/moderation/reports/{report_id}", "get", one)
    detail = client.get(f"/api/v1/moderation/listings/{listing}", headers=auth)
    conforms(doc, "/moderation/listings/{provider_id}", "get", detail)
    resolved = client.post(f"/api/v1/moderation/reports/{report.json['id']}/resolve",
                           json={"action": "dismiss"}, headers=auth)
    conforms(doc, "/moderation/reports/{report_id}/resolve", "post", resolved)
    imported = make_provider(session, source="samhsa-2022")
    schema_validator(doc, "Provider").validate(client.get(f"/api/v1/providers/{imported}").json)
    missing = client.post("/api/v1/listings/confirm/not-a-token")
    conforms(doc, "/listings/confirm/{token}", "post", missing)
