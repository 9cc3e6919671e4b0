"""Real concurrency on two connections: two moderators at once, two identical submissions.

These tests must commit (a second connection sees nothing else), so they clean up after
themselves; the audit trail's append-only trigger is lifted only inside that cleanup.
"""
import threading
import types

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.errors import Conflict
from finder.listings.service import submit_listing
from finder.listings.validate import flatten
from finder.listings.validate import validate_listing
from finder.moderation import service
from tests.factories import listing_payload


@pytest.fixture
def committed(engine):
    """Track rows committed by a test and delete them afterwards."""
    made = {"providers": [], "moderators": []}
    yield made
    with engine.begin() as conn:
        ids = {"p": made["providers"] or [0], "m": made["moderators"] or [0]}
        conn.execute(text("ALTER TABLE moderation_events "
                          "DISABLE TRIGGER moderation_events_no_change"))
        conn.execute(text("DELETE FROM moderation_events WHERE provider_id = ANY(:p)"), ids)
        conn.execute(text("ALTER TABLE moderation_events "
                          "ENABLE TRIGGER moderation_events_no_change"))
        conn.execute(text("DELETE FROM outbox WHERE provider_id = ANY(:p)"), ids)
        conn.execute(text("DELETE FROM providers WHERE id = ANY(:p)"), ids)
        conn.execute(text("DELETE FROM moderators WHERE id = ANY(:m)"), ids)


def add_moderator(engine, committed, name):
    with engine.begin() as conn:
        moderator_id = conn.scalar(text(
            "INSERT INTO moderators (name, password_hash) VALUES (:n, 'x') RETURNING id"),
            {"n": name})
    committed["moderators"].append(moderator_id)
    return types.SimpleNamespace(id=moderator_id, name=name)


def in_thread(work):
    """Start ``work`` in a thread; return the thread and a dict it fills with its outcome."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as err:  # handed to the test to assert on
            outcome["error"] = err
    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def submit_committed(engine, committed, **overrides):
    with Session(engine) as session:
        listing = validate_listing(session, flatten(listing_payload(**overrides)))
        receipt = submit_listing(session, listing)
        session.commit()
    committed["providers"].append(receipt.id)
    return receipt.id


def test_two_moderators_deciding_at_once_one_wins_the_other_gets_409(engine, committed):
    listing_id = submit_committed(engine, committed, name="Dr. Race Condition")
    alice = add_moderator(engine, committed, "race-alice")
    bob = add_moderator(engine, committed, "race-bob")
    with Session(engine) as first, Session(engine) as second:
        service.approve(first, listing_id, alice, seen_revision=None)   # not yet committed
        thread, outcome = in_thread(lambda: service.reject(second, listing_id, bob, "spam"))
        thread.join(0.5)
        assert thread.is_alive()                            # bob waits for alice's decision
        first.commit()
        thread.join(10)
        second.rollback()
    assert isinstance(outcome.get("error"), Conflict)
    assert outcome["error"].status == 409
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT status FROM providers WHERE id = :id"),
                           {"id": listing_id}) == "approved"
        actions = conn.execute(text(
            "SELECT action FROM moderation_events WHERE provider_id = :id ORDER BY id"),
            {"id": listing_id}).scalars().all()
    assert actions == ["submitted", "approved"]


def test_identical_submissions_at_once_make_one_listing(engine, committed):
    body = listing_payload(name="Dr. Double Click", email="double@example.org")
    with Session(engine) as first, Session(engine) as second:
        one = submit_listing(first, validate_listing(first, flatten(body)))
        committed["providers"].append(one.id)
        listing = validate_listing(second, flatten(body))
        thread, outcome = in_thread(lambda: submit_listing(second, listing))
        thread.join(0.5)
        assert thread.is_alive()                            # waits on the first submission
        first.commit()
        thread.join(10)
        second.commit()
    assert outcome["value"].id == one.id and outcome["value"].created is False
    with engine.connect() as conn:
        assert conn.scalar(text(
            "SELECT count(*) FROM provider_private WHERE email = 'double@example.org'")) == 1
