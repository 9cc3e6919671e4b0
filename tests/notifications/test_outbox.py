"""The outbox: written with each submission and decision, sent by ``flask outbox send``."""
import re
import smtplib

import pytest
from sqlalchemy import text

from tests.factories import listing_payload
from tests.helpers import make_app

PASSWORD = "correct horse battery staple"


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what was sent, or fails like a server that's down."""

    sent = []
    fail = False

    def __init__(self, host, port, timeout=None):
        if FakeSMTP.fail:
            raise ConnectionRefusedError("connection refused")
        self.host, self.port = host, port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.tls = True

    def login(self, user, password):
        self.user = user

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


@pytest.fixture
def app(session):
    return make_app(session, SMTP_URL="smtp://mailer:pw@mail.example:587",
                    MODERATION_DIGEST_TO=["mods@example.org"], MAIL_FROM="finder <f@example.org>")


def unsent(session, kind):
    return session.scalar(text("SELECT count(*) FROM outbox WHERE kind = :k AND sent_at IS NULL"),
                          {"k": kind})


def approve(client, runner, listing_id):
    runner.invoke(args=["moderator", "create", "alice", "--password-stdin"], input=PASSWORD)
    token = runner.invoke(args=["moderator", "token", "alice"]).output.strip().splitlines()[-1]
    return client.post(f"/api/v1/moderation/listings/{listing_id}/approve",
                       json={"revision": None}, headers={"Authorization": f"Bearer {token}"})


def test_submissions_and_decisions_write_to_the_outbox(client, runner, session):
    listing_id = client.post("/api/v1/listings", json=listing_payload(
        name="Dr. Mail", email="mail@example.org")).json["id"]
    approve(client, runner, listing_id)
    rows = session.execute(text(
        "SELECT kind, recipient, subject, body FROM outbox WHERE provider_id = :id ORDER BY id"),
        {"id": listing_id}).all()
    assert [(r.kind, r.recipient, r.subject) for r in rows] == [
        ("email", "mail@example.org", "We received your listing"),
        ("digest", None, "digest"),
        ("email", "mail@example.org", "Your listing is live"),
        ("digest", None, "digest")]
    assert f"http://localhost/providers/{listing_id}" in rows[2].body
    assert rows[3].body == f"alice approved listing #{listing_id} 'Dr. Mail'."
    # The confirmation carries the private edit link (scrubbed from the row once sent).
    assert "http://localhost/get-listed/edit/" in rows[0].body


def test_send_delivers_emails_and_todays_digest_over_smtp(client, runner, session, smtp):
    client.post("/api/v1/listings", json=listing_payload(name="Dr. Smtp", email="s@example.org"))
    client.post("/api/v1/listings", json=listing_payload(name="Dr. Two", email="t@example.org"))
    held = runner.invoke(args=["outbox", "send"])
    assert held.exit_code == 0, held.output
    assert [m["To"] for m in smtp.sent] == ["s@example.org", "t@example.org"]
    assert unsent(session, "digest") == 2       # today's lines wait for the day to end
    result = runner.invoke(args=["outbox", "send", "--include-today"])
    assert result.exit_code == 0
    digest = smtp.sent[-1]
    assert digest["To"] == "mods@example.org" and digest["From"] == "finder <f@example.org>"
    assert "(2)" in digest["Subject"]
    assert "'Dr. Smtp' is waiting for review" in digest.get_content()
    assert unsent(session, "email") == unsent(session, "digest") == 0


def test_the_edit_link_is_mailed_and_then_no_longer_kept_in_clear(client, runner, session,
                                                                   smtp):
    edit_url = client.post("/api/v1/listings", json=listing_payload(
        email="link@example.org")).json["edit_url"]
    assert runner.invoke(args=["outbox", "send"]).exit_code == 0
    [mail] = smtp.sent
    assert edit_url in mail.get_content()
    body = session.scalar(text("SELECT body FROM outbox WHERE kind = 'email' "
                               "AND recipient = 'link@example.org'"))
    token = edit_url.rsplit("/", 1)[1]
    assert token not in body and "/get-listed/edit/[redacted]" in body


def test_earlier_days_digests_go_without_being_asked(client, runner, session, smtp):
    client.post("/api/v1/listings", json=listing_payload(name="Dr. Yesterday"))
    session.execute(text("UPDATE outbox SET created_at = now() - interval '1 day'"))
    session.commit()
    runner.invoke(args=["outbox", "send"])
    assert unsent(session, "digest") == 0
    assert "Dr. Yesterday" in smtp.sent[-1].get_content()


def test_nothing_is_lost_when_sending_fails(client, runner, session, smtp):
    client.post("/api/v1/listings", json=listing_payload(email="keep@example.org"))
    smtp.fail = True
    failed = runner.invoke(args=["outbox", "send", "--include-today"])
    assert failed.exit_code == 1
    assert "2 failed" in failed.output
    row = session.execute(text(
        "SELECT attempts, last_error, sent_at FROM outbox WHERE kind = 'email'")).one()
    assert row.attempts == 1 and "refused" in row.last_error and row.sent_at is None
    smtp.fail = False
    assert runner.invoke(args=["outbox", "send", "--include-today"]).exit_code == 0
    assert [m["To"] for m in smtp.sent][0] == "keep@example.org"
    assert unsent(session, "email") == 0


def test_without_smtp_messages_go_to_the_log(session, caplog):
    app = make_app(session)
    app.test_client().post("/api/v1/listings", json=listing_payload(email="log@example.org"))
    caplog.set_level("INFO", logger="finder.notifications.sending")
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--include-today"])
    assert result.exit_code == 0 and "to the log" in result.output
    # The address is private: the log shows its first letter and domain.
    assert "l…@example.org: We received your listing" in caplog.text
    assert "log@example.org" not in caplog.text
    assert "moderators: finder moderation digest" in caplog.text
    assert unsent(session, "email") == unsent(session, "digest") == 0


def emails_to(session, address):
    return session.execute(text(
        "SELECT subject, body FROM outbox WHERE kind = 'email' AND lower(recipient) = :r "
        "ORDER BY id"), {"r": address}).all()


def test_the_first_email_is_a_short_confirmation_with_nothing_the_submitter_chose(
        client, session):
    name = "Buy cheap pills at http://spam.example"
    client.post("/api/v1/listings", json=listing_payload(name=name, email="victim@example.org"))
    [(subject, body)] = emails_to(session, "victim@example.org")
    assert subject == "We received your listing"
    assert "spam.example" not in body and "pills" not in body and len(body) < 600
    # The one thing in it that is not fixed text is ours: the private edit link.
    assert re.search(r"http://localhost/get-listed/edit/[A-Za-z0-9_-]{43}\n", body)


def test_one_confirmation_a_day_per_address(client, session):
    for n in range(3):
        response = client.post("/api/v1/listings", json=listing_payload(
            name=f"Dr. Flood {n}", email="Flooded@example.org"))
        assert response.status_code == 201
    token = response.json["edit_url"].rsplit("/", 1)[1]
    client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(
        name="Dr. Flood 2", email="flooded@example.org", bio="changed"))
    assert len(emails_to(session, "flooded@example.org")) == 1
    session.execute(text("UPDATE outbox SET created_at = now() - interval '1 day'"))
    client.post("/api/v1/listings", json=listing_payload(email="flooded@example.org"))
    assert len(emails_to(session, "flooded@example.org")) == 2


def test_submissions_naming_one_address_count_against_its_limit(session):
    app = make_app(session, SUBMISSION_RATE_LIMIT="2 per hour")
    answers = [app.test_client().post("/api/v1/listings", json=listing_payload(
        name=f"Dr. Rotating {n}", email="target@example.org"),
        environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code for n in range(3)]
    assert answers == [201, 201, 429]
