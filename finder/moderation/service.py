"""Approve and reject: the only place a decision changes a listing's or a revision's status.

An edit that replaces a waiting one marks it superseded (``finder.listings.records``);
moderation reads and decides listings and revisions but never defines them.

A decision first locks the provider's row, so two moderators deciding at once queue up:
the second then finds nothing pending and gets a 409. Every change is also written as
``UPDATE ... WHERE status = 'pending'``, so even without the lock no decision is made twice.
"""
import logging
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import text
from sqlalchemy import update
from sqlalchemy.orm import Session

from finder import clock
from finder import formats
from finder.errors import Conflict
from finder.errors import InvalidInput
from finder.errors import ListingInvalid
from finder.errors import NotFound
from finder.i18n import gettext as _
from finder.listings import events
from finder.listings import records
from finder.listings.records import pending_revision
from finder.models import ListingRevision
from finder.models import Provider
from finder.moderation.queries import listing_warnings
from finder.notifications.outbox import notify
from finder.providers.fields import is_unicode
from finder.schemas.moderation import REASON_MAX

log = logging.getLogger(__name__)
MISSING = object()   # a decision that did not say which revision it was about


@dataclass(frozen=True)
class Decision:
    """What a decision did: the listing's status afterwards and the revision it decided."""

    provider_id: int
    action: str
    status: str
    revision_id: int | None


def approve(session: Session, provider_id: int, moderator, *, seen_revision=MISSING,
            link: str | None = None) -> Decision:
    """Approve what is pending for a listing: the listing itself and/or its revision.

    Args:
        moderator: the deciding ``Moderator``.
        seen_revision: the revision id (or None for none) the moderator reviewed, as sent;
            an approval must name it, and when it is no longer the pending one nothing
            is decided.
        link: the public profile's address, for the email to the provider.

    Raises:
        NotFound: no such listing.
        Conflict: nothing is pending any more, or it changed since the moderator looked.
        InvalidInput: ``seen_revision`` is missing or not a revision id (after the above).
    """
    return _decide(session, provider_id, moderator, "approved", None, seen_revision, link)


def reject(session: Session, provider_id: int, moderator, reason, *,
           seen_revision=MISSING) -> Decision:
    """Reject what is pending for a listing, with a reason the provider is told.

    ``seen_revision`` may be left out: a rejection publishes nothing.

    Raises:
        NotFound, Conflict, InvalidInput: as for ``approve``, in that order.
        ListingInvalid: the reason is missing or too long (after the listing's state).
    """
    return _decide(session, provider_id, moderator, "rejected", reason, seen_revision, None)


def decidable(session: Session, provider_id: int) -> tuple[str, ListingRevision | None]:
    """Lock a listing for a decision; return its status and the revision waiting.

    Existence and state come before anything sent with the decision is read.

    Raises:
        NotFound: no such listing.
        Conflict: nothing is waiting for a decision.
    """
    status = session.scalar(text("SELECT status FROM providers WHERE id = :id FOR UPDATE"),
                            {"id": provider_id})
    if status is None:
        raise NotFound(_("No listing %(id)s.", id=provider_id), field="id")
    revision = pending_revision(session, provider_id)
    if status != "pending" and revision is None:
        raise Conflict(_("Listing %(id)s is %(status)s; nothing is waiting for a decision.",
                         id=provider_id, status=status), code="already_decided")
    return status, revision


def clean_reason(reason) -> str:
    """Return the rejection reason trimmed, or refuse it with 422."""
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ListingInvalid({"reason": _("Reason is required: say why, so the provider can "
                                             "fix it")})
    if len(reason) > REASON_MAX:
        raise ListingInvalid({"reason": _("Reason must be at most %(limit)s characters",
                                             limit=REASON_MAX)})
    if not formats.is_plain_text(reason) or not is_unicode(reason):
        raise ListingInvalid({"reason": _("Reason must be plain text: no NUL or other control "
                                            "characters, no invalid Unicode")})
    return reason


def clean_seen_revision(value) -> int | None:
    """Return the revision id a decision names (None: none was waiting), or refuse it."""
    if value is MISSING:
        raise InvalidInput(_("revision is required: the id of the revision you reviewed, or "
                             "null when none was waiting."), field="revision",
                           code="missing_parameter")
    if value is None:
        return None
    try:
        revision_id = formats.json_whole(value)
        if revision_id < 1:
            raise ValueError
        return revision_id
    except ValueError:
        raise InvalidInput(_("revision must be a revision id (a whole number) or null."),
                           field="revision") from None


def _decide(session, provider_id, moderator, action, reason, seen_revision, link) -> Decision:
    status, revision = decidable(session, provider_id)
    if status == "pending":   # a duplicate submitted now waits, then sees the decision
        current = records.stored_values(session, provider_id)
        records.lock_submitter(session, current["email"] or "", current["name"])
    if action == "rejected":
        reason = clean_reason(reason)
    revision_id = revision.id if revision else None
    # A rejection publishes nothing, so it may leave out what it saw; an approval may not.
    unnamed = action == "rejected" and seen_revision is MISSING
    if not unnamed and clean_seen_revision(seen_revision) != revision_id:
        raise Conflict(_("The listing changed while you were reviewing it; reload it and "
                         "review the newest version."), code="listing_changed")
    changes = {}
    if status == "pending":
        _move_listing(session, provider_id, action)
        changes["status"] = ["pending", action]
    if revision is not None:
        changes.update(_decide_revision(session, provider_id, revision, action, moderator.id))
    values = revision.data if revision is not None else records.stored_values(session, provider_id)
    shown = listing_warnings(session, values)
    if shown:   # the moderator was warned and decided anyway: the trail says so
        changes["access_warnings"] = [w["message"] for w in shown]
    events.record(session, provider_id, action, moderator_id=moderator.id, reason=reason,
                  changes=changes)
    notify(session, action, provider_id, values["name"], values["email"],
           revision=status != "pending", reason=reason, moderator=moderator.name,
           link=link if action == "approved" else None)
    log.info("listing %s %s by %s", provider_id, action, moderator.name)
    return Decision(provider_id, action, action if status == "pending" else status, revision_id)


def _move_listing(session: Session, provider_id: int, action: str) -> None:
    confirmed = {"last_confirmed": clock.now()} if action == "approved" else {}
    moved = session.scalar(
        update(Provider).where(Provider.id == provider_id, Provider.status == "pending")
        .values(status=action, updated_at=func.now(), **confirmed).returning(Provider.id)
        .execution_options(synchronize_session=False))
    if moved is None:
        raise Conflict(_("Listing %(id)s was decided by someone else.", id=provider_id),
                       code="already_decided")


def _decide_revision(session, provider_id, revision, action, moderator_id) -> dict:
    moved = session.scalar(
        update(ListingRevision)
        .where(ListingRevision.id == revision.id, ListingRevision.status == "pending")
        .values(status=action, decided_at=func.now(), moderator_id=moderator_id)
        .returning(ListingRevision.id).execution_options(synchronize_session=False))
    if moved is None:
        raise Conflict(_("The change to listing %(id)s was decided by someone else.",
                         id=provider_id), code="already_decided")
    if action != "approved":
        return {"revision": revision.id}
    before = records.stored_values(session, provider_id)
    records.write_values(session, provider_id, revision.data)
    session.execute(update(Provider).where(Provider.id == provider_id)
                    .values(last_confirmed=clock.now())
                    .execution_options(synchronize_session=False))
    return {"revision": revision.id, "fields": records.diff(before, revision.data)}
