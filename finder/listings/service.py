"""Submitting a listing and editing it later through its private link.

Nothing here decides: a new listing is created ``pending``, and an edit becomes a pending
revision (superseding one still waiting) that only ``finder.moderation.service`` can approve
or reject. Listings, their revisions and their history belong to this package.
"""
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.errors import Conflict
from finder.errors import NotFound
from finder.listings import events
from finder.listings import records
from finder.listings.validate import Listing
from finder.models import ListingRevision
from finder.models import Provider
from finder.models import ProviderPrivate
from finder.notifications.outbox import edit_links
from finder.notifications.outbox import notify
from finder.tokens import hash_token
from finder.tokens import new_token

log = logging.getLogger(__name__)
EDITABLE = ("pending", "approved")


@dataclass(frozen=True)
class Receipt:
    """What a submission led to; ``token`` (the edit link's secret) only for a new listing."""

    id: int
    status: str
    created: bool
    token: str | None = None


@dataclass(frozen=True)
class EditResult:
    """What an edit led to: the pending revision, if anything changed."""

    id: int
    status: str
    revision_id: int | None
    changed: bool


def submit_listing(session: Session, listing: Listing, submitter_ip: str | None = None, *,
                   locale: str | None = None,
                   link_for: Callable[[str], str] | None = None) -> Receipt:
    """Store a new pending listing, or find the pending one with the same email and name.

    ``locale``: the language it was submitted in (its emails are written in it);
    ``link_for``: makes the private edit link from its token, for the confirmation email.
    """
    values = listing.as_dict()
    records.lock_submitter(session, listing.email, listing.name)
    existing = pending_duplicate(session, listing.email, listing.name)
    if existing is not None:
        log.info("duplicate submission for pending listing %s", existing)
        return Receipt(existing, "pending", created=False)
    token = new_token()
    provider = records.new_provider(values, hash_token(token), submitter_ip, locale)
    session.add(provider)
    session.flush()
    events.record(session, provider.id, "submitted", changes={"status": [None, "pending"]})
    notify(session, "submitted", provider.id, listing.name, listing.email, locale=locale,
           edit_link=link_for(token) if link_for else None)
    log.info("listing %s submitted", provider.id)
    return Receipt(provider.id, "pending", created=True, token=token)


def pending_duplicate(session: Session, email: str, name: str) -> int | None:
    """Return the id of a pending listing with this email and name, if there is one."""
    return session.scalar(text(
        "SELECT p.id FROM providers p JOIN provider_private pp ON pp.provider_id = p.id "
        "WHERE p.status = 'pending' AND lower(pp.email) = :email "
        "AND lower(regexp_replace(btrim(p.name), '\\s+', ' ', 'g')) = :name "
        "ORDER BY p.id LIMIT 1"), {"email": email.lower(), "name": records.name_key(name)})


def renew_edit_links(session: Session, email: str, link_for: Callable[[str], str],
                     locale: str | None = None) -> int:
    """Email a new edit link for each editable listing that gives ``email``; return how
    many links were sent (0 for an address no listing gives).

    A new link replaces the old one (only one link's hash is kept per listing): whoever
    asks has lost the old link, and a link that leaked stops working. It is replaced only
    when the email is written, so the once-a-day rule never leaves a listing without a
    working link, and a stranger typing someone's address can at most swap their link
    for a new one that lands in their own inbox, once a day.
    """
    ids = list(session.scalars(text(
        "SELECT p.id FROM providers p JOIN provider_private pp ON pp.provider_id = p.id "
        "WHERE lower(pp.email) = :email AND p.status = ANY(:editable) ORDER BY p.id "
        "FOR UPDATE OF pp"), {"email": email.strip().lower(), "editable": list(EDITABLE)}))
    tokens = {provider_id: new_token() for provider_id in ids}
    if not edit_links(session, email.strip(), {i: link_for(t) for i, t in tokens.items()},
                      locale):
        return 0
    for provider_id, token in tokens.items():
        session.execute(text("UPDATE provider_private SET edit_token_hash = :h "
                             "WHERE provider_id = :id"), {"h": hash_token(token), "id": provider_id})
        events.record(session, provider_id, "edit_link_renewed")
    log.info("new edit links emailed for %d listings", len(tokens))
    return len(tokens)


def provider_for_token(session: Session, token: str, lock: bool = False) -> Provider:
    """Return the provider an edit link belongs to.

    Raises:
        NotFound: no listing has this link.
    """
    stmt = (select(Provider).join(ProviderPrivate)
            .where(ProviderPrivate.edit_token_hash == hash_token(token)))
    if lock:
        stmt = stmt.with_for_update(of=Provider)
    provider = session.scalars(stmt).first()
    if provider is None:
        raise NotFound("This edit link is not valid.", code="edit_link_not_found")
    return provider


def editable_provider(session: Session, token: str) -> Provider:
    """Lock the listing an edit link belongs to, if it can still be edited.

    An edit checks this before reading its body: existence and state come first.

    Raises:
        NotFound: the link is not valid.
        Conflict: the listing was rejected or withdrawn and can no longer be edited.
    """
    provider = provider_for_token(session, token, lock=True)
    if provider.status not in EDITABLE:
        raise Conflict(f"This listing was {provider.status} and can no longer be edited; "
                       "please submit a new listing.", code="listing_closed")
    return provider


def editable_values(session: Session, provider_id: int) -> tuple[dict, int | None]:
    """Return the values an edit starts from and the pending revision's id (or None).

    The values are the pending revision's when there is one, so a second edit builds
    on the first instead of silently dropping it.
    """
    revision = records.pending_revision(session, provider_id)
    if revision is not None:
        return revision.data, revision.id
    return records.stored_values(session, provider_id), None


def edit_listing(session: Session, token: str, listing: Listing,
                 submitter_ip: str | None = None) -> EditResult:
    """Turn an edit into a pending revision; the public keeps the approved version until then.

    Raises:
        NotFound: the link is not valid.
        Conflict: the listing was rejected or withdrawn and can no longer be edited.
    """
    provider = editable_provider(session, token)
    before, revision_id = editable_values(session, provider.id)
    after = listing.as_dict()
    changes = records.diff(before, after)
    if not changes:
        return EditResult(provider.id, provider.status, revision_id, changed=False)
    records.supersede_pending_revision(session, provider.id)
    revision = ListingRevision(provider_id=provider.id, data=after, submitter_ip=submitter_ip)
    session.add(revision)
    session.flush()
    events.record(session, provider.id, "edited",
                  changes={"revision": revision.id, "fields": changes})
    notify(session, "edited", provider.id, listing.name, listing.email)
    log.info("listing %s edited: revision %s", provider.id, revision.id)
    return EditResult(provider.id, provider.status, revision.id, changed=True)
