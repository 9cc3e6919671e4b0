"""Write notifications into the outbox, in the same transaction as what they report.

Each submission, edit and decision leaves an email to the submitter and one line for the
moderators' daily digest. Nothing is sent here: ``flask outbox send`` delivers later, so
a mail server that is down never loses a message or fails a request.
"""
from sqlalchemy.orm import Session

from finder.models import OutboxMessage

EMAILS = {
    "submitted": (
        "We received your listing",
        "Thank you for listing {name} on finder.\n\n"
        "A moderator reviews every listing before it appears in search. We will write to "
        "you when it has been reviewed.\n\n"
        "To change your listing, use the private edit link you were shown when you "
        "submitted it. We do not send that link by email."),
    "edited": (
        "We received your changes",
        "We received changes to the listing of {name}.\n\n"
        "A moderator reviews every change; until then your listing shows as it was."),
    "approved": (
        "Your listing is live",
        "Good news: {what} for {name} has been approved{link}.\n\nThank you for listing with us."),
    "rejected": (
        "Your listing was not approved",
        "We are sorry: {what} for {name} was not approved.\n\nReason: {reason}\n\n"
        "You are welcome to submit again once this is resolved."),
}
DIGEST_LINES = {
    "submitted": "New listing #{id} {name!r} is waiting for review.",
    "edited": "Listing #{id} {name!r} was edited; the change is waiting for review.",
    "approved": "{moderator} approved {what} #{id} {name!r}.",
    "rejected": "{moderator} rejected {what} #{id} {name!r}: {reason}",
}


def notify(session: Session, action: str, provider_id: int, name: str, email: str | None, *,
           revision: bool = False, reason: str | None = None, moderator: str | None = None,
           link: str | None = None) -> None:
    """Queue the submitter's email and the moderators' digest line for ``action``."""
    what = "the change to your listing" if revision else "your listing"
    words = {"id": provider_id, "name": name, "reason": reason, "moderator": moderator,
             "what": what, "link": f": {link}" if link else ""}
    if email:
        subject, body = EMAILS[action]
        session.add(OutboxMessage(kind="email", provider_id=provider_id, recipient=email,
                                  subject=subject, body=body.format(**words)))
    digest_words = {**words, "what": "the change to listing" if revision else "listing"}
    session.add(OutboxMessage(kind="digest", provider_id=provider_id, subject="digest",
                              body=DIGEST_LINES[action].format(**digest_words)))
