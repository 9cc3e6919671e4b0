"""Every public endpoint, after approving a listing full of private data and hostile HTML:
no private value and no live markup anywhere; pending and rejected listings nowhere."""
import hashlib
import json

import pytest
from flask import url_for

from finder.hsds import mapping
from tests.factories import listing_payload

HOSTILE = {
    "name": "<img src=x onerror=alert(1)>",
    "credentials": "\"><svg onload=alert(2)>",
    "practice_name": "<script>alert('practice')</script>",
    "bio": "<b onmouseover=alert(3)>bold</b> & <iframe src=//evil.example></iframe>",
    "address": {"street": "<a href=javascript:alert(4)>x</a>", "city": "Denver<style>",
                "region": "CO", "postcode": "80202", "country": "US"},
}
PRIVATE = {"email": "zz-private-mail@example.org", "license_number": "LIC-PRIVATE-55501",
           "license_region": "PrivateRegionZZ"}
SUBMITTER_IP = "203.0.113.77"
# Arguments the public routes take, filled in with the approved listing.
SKIP_ARGS = {"filename"}   # static files, not data


def public_get_urls(app, provider_id, slug):
    """Every public GET route, its arguments filled with the approved listing."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint.startswith("moderation."):
                continue
            if rule.endpoint in ("listings.edit_form", "listings.edit_data",
                                 "listings.confirm_form"):
                continue   # private: only the link's holder reaches them
            if rule.arguments & SKIP_ARGS:
                continue
            values = {}
            for arg in rule.arguments:
                if arg == "provider_id":
                    values[arg] = provider_id
                elif arg == "slug":
                    values[arg] = slug
                elif arg == "lang":
                    values[arg] = "es"
                elif arg == "value" and rule.endpoint.startswith("hsds."):
                    # HSDS records are named by UUID-shaped ids made from the provider's.
                    values[arg] = mapping.ident(rule.endpoint.split(".", 1)[1], provider_id)
                else:
                    pytest.fail(f"teach this test how to fill <{arg}> of {rule.rule}")
            urls.append(url_for(rule.endpoint, **values))
    near = "near=80202&country=US"
    urls += [f"/?{near}", f"/?{near}&modality=ketamine-infusion", f"/api/v1/search?{near}",
             f"/api/v1/search?{near}&format=geojson", "/api/v1/search?lat=39.75&lon=-104.99",
             f"/embed?{near}", f"/providers/{provider_id}", "/api/v1/providers.geojson",
             "/hsds/services?format=ndjson", "/hsds/service_at_locations?format=ndjson",
             "/hsds/service_at_locations?postcode=80202&proximity=5000"]
    return urls


def test_public_responses_hold_no_private_data_and_no_live_markup(client, app, moderator,
                                                                  runner):
    ip = {"REMOTE_ADDR": SUBMITTER_IP}
    approved = client.post("/api/v1/listings", json=listing_payload(**HOSTILE, **PRIVATE),
                           environ_base=ip).json
    pending = client.post("/api/v1/listings", json=listing_payload(
        name="Pending Person Zq", email="pending-zq@example.org"), environ_base=ip).json
    rejected = client.post("/api/v1/listings", json=listing_payload(
        name="Rejected Person Zq", email="rejected-zq@example.org"), environ_base=ip).json
    moderator.create("alice")
    token = moderator.token("alice")
    auth = moderator.api(token)
    assert client.post(f"/api/v1/moderation/listings/{approved['id']}/approve",
                       json={"revision": None},
                       headers=auth).status_code == 200
    assert client.post(f"/api/v1/moderation/listings/{rejected['id']}/reject",
                       json={"reason": "spam"}, headers=auth).status_code == 200
    moderator.sign_in("alice")
    client.post("/moderation/sign-out", data={})   # cookie gone: browse as the public does
    client.delete_cookie("session")

    edit_token = approved["edit_url"].rsplit("/", 1)[1]
    secrets = [*PRIVATE.values(), SUBMITTER_IP, edit_token, token,
               hashlib.sha256(edit_token.encode()).hexdigest(),
               hashlib.sha256(token.encode()).hexdigest(),
               "Pending Person Zq", "pending-zq@example.org",
               "Rejected Person Zq", "rejected-zq@example.org"]
    record = client.get(f"/api/v1/providers/{approved['id']}").json
    assert record["name"] == HOSTILE["name"]    # stored and served as the text it is
    assert pending["id"] != approved["id"]

    checked = 0
    for url in public_get_urls(app, approved["id"], record["slug"]):
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True)
        response.close()   # file responses (widget.js) hold their file open until closed
        for secret in secrets:
            assert secret not in body, f"{secret!r} leaked in {url}"
        if response.mimetype in ("text/html", "application/javascript", "text/javascript"):
            for value in (HOSTILE["name"], HOSTILE["credentials"], HOSTILE["practice_name"],
                          HOSTILE["bio"], HOSTILE["address"]["street"], "Denver<style>"):
                assert value not in body, f"unescaped {value!r} in {url}"
        else:
            assert "json" in response.mimetype or response.status_code >= 300, url
        checked += 1
    assert checked >= 12

    for fmt in ("csv", "geojson"):
        result = runner.invoke(args=["providers", "export", "--format", fmt])
        assert result.exit_code == 0
        assert HOSTILE["name"] in result.output or fmt == "geojson"
        for secret in secrets:
            assert secret not in result.output, f"{secret!r} leaked in the {fmt} export"


def test_profile_page_shows_hostile_names_as_text(client, moderator):
    listing = client.post("/api/v1/listings", json=listing_payload(**HOSTILE)).json
    moderator.create("alice")
    client.post(f"/api/v1/moderation/listings/{listing['id']}/approve", json={"revision": None},
                headers=moderator.api(moderator.token("alice")))
    record = client.get(f"/api/v1/providers/{listing['id']}").json
    page = client.get(f"/providers/{record['slug']}")
    assert page.status_code == 200
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert json.loads(json.dumps(record))["bio"] == HOSTILE["bio"]
