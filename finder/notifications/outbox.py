"""Write notifications into the outbox, in the same transaction as what they report.

Each submission, edit and decision leaves an email to the submitter and one line for the
moderators' daily digest. Nothing is sent here: ``flask outbox send`` delivers later, so
a mail server that is down never loses a message or fails a request.
"""
import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.models import OutboxMessage

# The first messages go to an address nobody has vouched for (whatever was typed in the
# form): short, fixed text with nothing the submitter chose, at most one a day per address.
EMAILS = {
    "submitted": (
        "We received your listing",
        "A listing was submitted to finder with this email address. A moderator reviews "
        "every listing before it appears in search; we will write to this address when it "
        "has been reviewed.\n\n"
        "If you did not submit it, you can ignore this message."),
    "edited": (
        "We received your changes",
        "A listing on finder that gives this email address was changed. A moderator reviews "
        "every change before it appears.\n\n"
        "If you did not change it, you can ignore this message."),
    "approved": (
        "Your listing is live",
        "Good news: {what} for {name} has been approved{link}.\n\nThank you for listing with us."),
    "rejected": (
        "Your listing was not approved",
        "We are sorry: {what} for {name} was not approved.\n\nReason: {reason}\n\n"
        "You are welcome to submit again once this is resolved."),
    "hidden": (
        "Your listing was taken down",
        "We are sorry: {what} for {name} has been taken out of finder after a visitor "
        "reported a problem with it.\n\nReason: {reason}\n\n"
        "Reply to this message if you think this is a mistake."),
}
CONFIRMATIONS = ("submitted", "edited")
DIGEST_LINES = {
    "submitted": "New listing #{id} {name!r} is waiting for review.",
    "edited": "Listing #{id} {name!r} was edited; the change is waiting for review.",
    "approved": "{moderator} approved {what} #{id} {name!r}.",
    "rejected": "{moderator} rejected {what} #{id} {name!r}: {reason}",
    "hidden": "{moderator} hid {what} #{id} {name!r} after a report: {reason}",
}


def notify(session: Session, action: str, provider_id: int, name: str, email: str | None, *,
           revision: bool = False, reason: str | None = None, moderator: str | None = None,
           link: str | None = None) -> None:
    """Queue the submitter's email and the moderators' digest line for ``action``."""
    what = "the change to your listing" if revision else "your listing"
    words = {"id": provider_id, "name": name, "reason": reason, "moderator": moderator,
             "what": what, "link": f": {link}" if link else ""}
    if email and (action not in CONFIRMATIONS or not confirmed_today(session, email)):
        subject, body = EMAILS[action]
        session.add(OutboxMessage(kind="email", provider_id=provider_id, recipient=email,
                                  subject=subject, body=body.format(**words)))
    digest_words = {**words, "what": "the change to listing" if revision else "listing"}
    session.add(OutboxMessage(kind="digest", provider_id=provider_id, subject="digest",
                              body=DIGEST_LINES[action].format(**digest_words)))


def confirmed_today(session: Session, email: str) -> bool:
    """Tell whether a confirmation went to ``email`` today (UTC); hold others back until
    this transaction ends, so that two at once still send one."""
    digest = hashlib.sha256(f"confirmation\n{email.lower()}".encode()).digest()
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                    {"k": int.from_bytes(digest[:8], "big", signed=True)})
    return session.scalar(text(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'email' AND lower(recipient) = :r "
        "AND subject = ANY(:subjects) "
        "AND created_at >= (now() AT TIME ZONE 'UTC')::date::timestamp AT TIME ZONE 'UTC')"),
        {"r": email.lower(), "subjects": [EMAILS[a][0] for a in CONFIRMATIONS]})
