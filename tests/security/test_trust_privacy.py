"""Verifications, reports and reminders leak nothing: no licence number, lookup address,
reporter email or confirm/edit token in any public response, export or log line."""
import datetime as dt
import hashlib
import logging
import re

from sqlalchemy import text

from tests.factories import listing_payload
from tests.helpers import make_app
from tests.moderation.conftest import ModeratorActions
from tests.moderation.test_privacy import public_get_urls

LICENCE = "LIC-TRUST-77123"
LOOKUP = f"https://registry.example.gov/lookup?licence={LICENCE}"
REPORTER = "reporter-private-zq@example.org"
LATER = (dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=200)).isoformat()


def test_no_licence_number_reporter_email_or_token_reaches_the_public_or_the_log(session,
                                                                                 caplog):
    caplog.set_level(logging.DEBUG)
    app = make_app(session)
    client, runner = app.test_client(), app.test_cli_runner()
    moderator = ModeratorActions(client, runner)
    moderator.create("alice")
    auth = moderator.api(moderator.token("alice"))
    listing = client.post("/api/v1/listings", json=listing_payload(
        license_number=LICENCE, email="provider-private-zq@example.org")).json
    verification = {"registry": "Oregon Health Authority", "lookup_url": LOOKUP,
                    "status": "active", "checked_on": "2026-11-30"}
    assert client.post(f"/api/v1/moderation/listings/{listing['id']}/approve", headers=auth,
                       json={"revision": None, "verification": verification}).status_code == 200
    report = client.post(f"/api/v1/providers/{listing['id']}/reports",
                         json={"reason": "other", "details": "Hours are wrong.",
                               "email": REPORTER})
    assert report.status_code == 201 and REPORTER not in report.text
    # A reminder (the clock moved on) writes a confirm link and a new edit link.
    later = make_app(session, TODAY=LATER)
    assert later.test_cli_runner().invoke(args=["listings", "remind"]).exit_code == 0
    body = session.execute(text(
        "SELECT body FROM outbox WHERE subject = 'Is your listing still right?'")).scalar_one()
    confirm, edit = re.findall(r"/(?:confirm|edit)/(\S+)", body)
    later.test_cli_runner().invoke(args=["outbox", "send", "--include-today"])
    later.test_client().get(f"/listings/confirm/{confirm}")

    secrets = [LICENCE, LOOKUP, REPORTER, confirm, edit, listing["edit_url"].rsplit("/", 1)[1],
               hashlib.sha256(confirm.encode()).hexdigest(), "provider-private-zq@example.org"]
    record = client.get(f"/api/v1/providers/{listing['id']}").json
    assert record["verification"]["registry"] == "Oregon Health Authority"
    checked = 0
    urls = public_get_urls(app, listing["id"], record["slug"]) + [
        f"/providers/{listing['id']}/report"]
    for url in urls:
        response = client.get(url)
        body = response.get_data(as_text=True)
        response.close()
        for secret in secrets:
            assert secret not in body, f"{secret!r} leaked in {url}"
        checked += 1
    assert checked >= 13
    for fmt in ("csv", "geojson"):
        output = runner.invoke(args=["providers", "export", "--format", fmt]).output
        for secret in secrets:
            assert secret not in output, f"{secret!r} leaked in the {fmt} export"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "mail (no SMTP_URL)" in logged and "/listings/confirm/[redacted]" in logged
    for secret in secrets:
        assert secret not in logged, f"{secret!r} logged"
