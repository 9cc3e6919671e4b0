"""Freshness, with the clock moved by the ``TODAY`` setting: reminders, confirm links, stale.

A listing approved today reaches 180 days: one reminder (not two), with a one-use confirm
link that works once. Another reaches 365 days: it leaves search and the exports, its
profile says "Not confirmed since ...", and it comes back when confirmed.
"""
import datetime as dt
import re

import pytest
from babel.dates import format_date
from sqlalchemy import text

from tests.factories import listing_payload
from tests.helpers import csrf_token
from tests.helpers import make_app
from tests.moderation.conftest import ModeratorActions

TODAY = dt.datetime.now(dt.timezone.utc).date()


def day(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


def at(session, n: int):
    """The app with its clock moved ``n`` days on."""
    return make_app(session, TODAY=day(n))


def approve(session, **overrides) -> int:
    app = make_app(session)
    client, runner = app.test_client(), app.test_cli_runner()
    listing = client.post("/api/v1/listings", json=listing_payload(**overrides)).json["id"]
    moderator = ModeratorActions(client, runner)
    if not session.scalar(text("SELECT count(*) FROM moderators WHERE name = 'alice'")):
        moderator.create("alice")
    auth = moderator.api(moderator.token("alice"))
    assert client.post(f"/api/v1/moderation/listings/{listing}/approve",
                       json={"revision": None}, headers=auth).status_code == 200
    return listing


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def reminders(session, provider_id):
    return session.execute(text(
        "SELECT body FROM outbox WHERE provider_id = :id AND subject = "
        "'Is your listing still right?' ORDER BY id"), {"id": provider_id}).scalars().all()


def remind(session, n: int) -> str:
    result = at(session, n).test_cli_runner().invoke(args=["listings", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def found(session, n, provider_id) -> bool:
    client = at(session, n).test_client()
    results = client.get("/api/v1/search?near=80202&country=US&limit=50").json["results"]
    return provider_id in [r["id"] for r in results]


def test_a_listing_at_180_days_gets_one_reminder_and_confirms_once(session):
    provider_id = approve(session, email="fresh-zq@example.org")
    record = make_app(session).test_client().get(f"/api/v1/providers/{provider_id}").json
    assert record["last_confirmed"] == TODAY.isoformat()
    assert record["confirmed_label"] == "Confirmed today"

    remind(session, 179)
    assert reminders(session, provider_id) == []
    assert "wrote 1 reminder" in remind(session, 181)
    remind(session, 182)   # the next day's run: not again within 30 days
    remind(session, 200)
    assert len(reminders(session, provider_id)) == 1
    body = reminders(session, provider_id)[0]
    confirm_url = re.search(r"(http\S+/listings/confirm/\S+)", body).group(1)
    edit_url = re.search(r"(http\S+/get-listed/edit/\S+)", body).group(1)
    # Stored as hashes only, like the edit link; the edit link in the email works.
    token = confirm_url.rsplit("/", 1)[1]
    assert session.scalar(text("SELECT count(*) FROM provider_private WHERE "
                               "confirm_token_hash = :t OR edit_token_hash = :t"),
                          {"t": token}) == 0
    client = at(session, 200).test_client()
    assert client.get(path_of(edit_url)).status_code == 200

    # One click on the page the link opens (a GET only shows it), and the link is spent.
    path = path_of(confirm_url)
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my listing" in page.text
    done = client.post(path, data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 200 and "Your listing is confirmed" in done.text
    assert client.get(path).status_code == 404
    again = client.post(f"/api/v1/listings/confirm/{token}")
    assert again.status_code == 404 and again.json["error"]["code"] == "confirm_link_not_found"
    record = client.get(f"/api/v1/providers/{provider_id}").json
    assert record["last_confirmed"] == day(200)
    assert record["confirmed_label"] == "Confirmed today"
    assert at(session, 290).test_client().get(
        f"/api/v1/providers/{provider_id}").json["confirmed_label"] == "Confirmed 3 months ago"
    assert [e for e in session.execute(text(
        "SELECT action FROM moderation_events WHERE provider_id = :id ORDER BY id"),
        {"id": provider_id}).scalars()] == ["submitted", "approved", "reminded", "confirmed"]
    # Confirmed on day 200: no reminder is due again until day 380.
    remind(session, 379)
    assert len(reminders(session, provider_id)) == 1
    remind(session, 381)
    assert len(reminders(session, provider_id)) == 2


def test_a_listing_at_365_days_leaves_search_and_exports_and_returns_when_confirmed(session):
    provider_id = approve(session, name="Dr. Stale Zq", email="stale-zq@example.org")
    assert found(session, 364, provider_id)
    assert not found(session, 366, provider_id)
    later = at(session, 366)
    client = later.test_client()
    export = later.test_cli_runner().invoke(args=["providers", "export"]).output
    assert "Dr. Stale Zq" not in export
    assert f'"id": {provider_id},' not in client.get("/api/v1/providers.geojson").text
    # The profile stays, saying since when it has not been confirmed.
    record = client.get(f"/api/v1/providers/{provider_id}").json
    since = f"Not confirmed since {format_date(TODAY, 'long', locale='en')}"
    assert record["confirmed_label"] == since
    assert since in client.get(
        f"/providers/{record['slug']}").text
    # Moderators see it in the queue, as a stale listing.
    from finder.moderation import queries
    with later.app_context():
        total, items = queries.queue(session, kind="stale")
    assert [i["id"] for i in items] == [provider_id]

    remind(session, 366)
    token = re.search(r"/listings/confirm/(\S+)", reminders(session, provider_id)[0]).group(1)
    confirmed = client.post(f"/api/v1/listings/confirm/{token}")
    assert confirmed.status_code == 200 and confirmed.json["last_confirmed"] == day(366)
    assert found(session, 366, provider_id)
    assert "Dr. Stale Zq" in later.test_cli_runner().invoke(args=["providers", "export"]).output


def test_the_limits_are_settings(session):
    provider_id = approve(session)
    assert found(session, 20, provider_id)
    client = make_app(session, TODAY=day(20), STALE_AFTER_DAYS=10).test_client()
    results = client.get("/api/v1/search?near=80202&country=US&limit=50").json["results"]
    assert provider_id not in [r["id"] for r in results]
    runner = make_app(session, TODAY=day(20), REMIND_AFTER_DAYS=10).test_cli_runner()
    assert "wrote 1 reminder" in runner.invoke(args=["listings", "remind"]).output


@pytest.mark.parametrize("value", ["tomorrow", "2027-13-01"])
def test_a_bad_today_setting_is_refused(session, value):
    from finder.config import ConfigError
    with pytest.raises(ConfigError, match="TODAY"):
        make_app(session, TODAY=value)
