"""Keeping listings fresh: reminders with a one-use confirm link, and confirming.

A listing is confirmed when a moderator approves it (``finder.moderation.service``) and
when its provider follows the confirm link of a reminder. ``flask listings remind`` writes
a reminder to the outbox for every approved listing not confirmed for
``REMIND_AFTER_DAYS``, at most one per ``REMIND_REPEAT_DAYS``; past ``STALE_AFTER_DAYS``
the listing leaves search and exports (``finder.providers.public.confirmed_since``) until
it is confirmed again. Days are counted from ``finder.clock``.
"""
import logging
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder import clock
from finder.errors import Conflict
from finder.errors import NotFound
from finder.listings import events
from finder.models import OutboxMessage
from finder.tokens import hash_token
from finder.tokens import new_token

log = logging.getLogger(__name__)
SUBJECT = "Is your listing still right?"
BODY = """Your listing for {name} on finder was last confirmed on {confirmed}.

If everything in it is still right, confirm it with one click (the link works once):
{confirm_url}

To change something, use this edit link. It replaces the edit link you were given
before; keep it private, as anyone who has it can change your listing:
{edit_url}

Listings not confirmed for {stale_days} days are taken out of search until they are confirmed."""


@dataclass(frozen=True)
class Reminder:
    """A reminder written to the outbox; the secrets only travel in its message."""

    provider_id: int
    confirm_token: str
    edit_token: str


def due(session: Session, config) -> list:
    """Lock and return the approved listings a reminder is due for, oldest confirmation first.

    Listings another ``remind`` is handling are skipped (``SKIP LOCKED``).
    """
    return session.execute(text("""
        SELECT p.id, p.name, p.last_confirmed, pp.email
        FROM providers p JOIN provider_private pp ON pp.provider_id = p.id
        WHERE p.status = 'approved' AND p.source = 'listing'
          AND p.last_confirmed < :remind_before AND pp.email IS NOT NULL
          AND (pp.reminded_at IS NULL OR pp.reminded_at < :repeat_before)
        ORDER BY p.last_confirmed, p.id
        FOR UPDATE OF p, pp SKIP LOCKED"""), {
        "remind_before": clock.days_ago(config["REMIND_AFTER_DAYS"], config),
        "repeat_before": clock.days_ago(config["REMIND_REPEAT_DAYS"], config)}).all()


def remind(session: Session, row, config, link) -> Reminder:
    """Give ``row``'s listing a new confirm link and edit link and queue the reminder.

    Args:
        link: ``link(kind, token)`` returns the address of a ``confirm`` or ``edit`` link.
    """
    reminder = Reminder(row.id, new_token(), new_token())
    session.execute(text(
        "UPDATE provider_private SET confirm_token_hash = :confirm, edit_token_hash = :edit, "
        "reminded_at = :now WHERE provider_id = :id"),
        {"confirm": hash_token(reminder.confirm_token), "edit": hash_token(reminder.edit_token),
         "now": clock.now(config), "id": row.id})
    body = BODY.format(name=row.name, confirmed=row.last_confirmed.date().isoformat(),
                       confirm_url=link("confirm", reminder.confirm_token),
                       edit_url=link("edit", reminder.edit_token),
                       stale_days=config["STALE_AFTER_DAYS"])
    session.add(OutboxMessage(kind="email", provider_id=row.id, recipient=row.email,
                              subject=SUBJECT, body=body))
    events.record(session, row.id, "reminded",
                  changes={"last_confirmed": row.last_confirmed.isoformat()})
    log.info("listing %s reminded to confirm", row.id)
    return reminder


def confirmable(session: Session, token: str):
    """Lock and return the listing a confirm link belongs to.

    Raises:
        NotFound: no listing has this link (it was used, replaced, or never existed).
        Conflict: the listing is no longer public, so there is nothing to confirm.
    """
    row = session.execute(text(
        "SELECT p.id, p.name, p.status, p.last_confirmed FROM providers p "
        "JOIN provider_private pp ON pp.provider_id = p.id "
        "WHERE pp.confirm_token_hash = :hash FOR UPDATE OF p, pp"),
        {"hash": hash_token(token)}).first()
    if row is None:
        raise NotFound("This confirm link is not valid: it has been used already, or a newer "
                       "reminder replaced it.", code="confirm_link_not_found")
    if row.status != "approved":
        raise Conflict(f"This listing is {row.status}; there is nothing to confirm.",
                       code="listing_closed")
    return row


def confirm(session: Session, token: str, config=None):
    """Confirm a listing through its one-use link: ``last_confirmed`` becomes now.

    Raises:
        NotFound, Conflict: as for ``confirmable``.
    """
    row = confirmable(session, token)
    confirmed = clock.now(config)
    session.execute(text(
        "UPDATE providers SET last_confirmed = :now WHERE id = :id"),
        {"now": confirmed, "id": row.id})
    session.execute(text(
        "UPDATE provider_private SET confirm_token_hash = NULL WHERE provider_id = :id"),
        {"id": row.id})
    events.record(session, row.id, "confirmed", changes={"last_confirmed": [
        row.last_confirmed.isoformat() if row.last_confirmed else None, confirmed.isoformat()]})
    log.info("listing %s confirmed by its provider", row.id)
    return row.id, confirmed
