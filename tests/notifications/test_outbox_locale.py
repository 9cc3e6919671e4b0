"""Emails are written in the language the listing was submitted in, whoever decides it."""
from flask_babel import get_locale
from sqlalchemy import text

from finder.notifications import outbox
from tests.factories import listing_payload
from tests.notifications.test_outbox import approve


def test_a_decision_is_written_in_the_submitters_language(client, runner, session,
                                                          monkeypatch):
    written = []
    real = outbox.translate

    def recording(message, **words):
        written.append((message, str(get_locale())))
        return real(message, **words)

    monkeypatch.setattr(outbox, "translate", recording)
    listing_id = client.post("/api/v1/listings?lang=es", json=listing_payload(
        email="es@example.org")).json["id"]
    assert session.scalar(text("SELECT locale FROM provider_private WHERE provider_id = :id"),
                          {"id": listing_id}) == "es"
    written.clear()
    # The moderator's request is in English; the email to the provider is not.
    assert approve(client, runner, listing_id).status_code == 200
    subjects = [(m, locale) for m, locale in written if m == outbox.EMAILS["approved"][0]]
    assert subjects == [(outbox.EMAILS["approved"][0], "es")]


def test_a_listing_without_a_recorded_language_is_written_to_in_english(client, session):
    listing_id = client.post("/api/v1/listings", json=listing_payload()).json["id"]
    session.execute(text("UPDATE provider_private SET locale = NULL WHERE provider_id = :id"),
                    {"id": listing_id})
    assert outbox.stored_locale(session, listing_id) == "en"
