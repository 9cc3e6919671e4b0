"""Write notifications into the outbox, in the same transaction as what they report.

Each submission, edit and decision leaves an email to the submitter and one line for the
moderators' daily digest. Nothing is sent here: ``flask outbox send`` delivers later, so
a mail server that is down never loses a message or fails a request.

Emails are written in the language the listing was submitted in (``provider_private.
locale``), whoever's request writes them: a moderator deciding in English still writes
to a Spanish-speaking provider in Spanish. The digest is for moderators: English.

The edit link. A new listing's confirmation carries its private edit link, and "Lost
your link?" (``edit_links``) writes a new link for each listing of an address. Both go
to an address nobody has vouched for (whatever was typed in the form), so both keep its
rules: fixed text with nothing the submitter chose (the link is ours: a random token and
the listing's number), and at most one a day per address for each purpose: one
confirmation (``submitted`` or ``edited``) and one lost-link message. A second listing
submitted the same day gets no confirmation, so its link is the one shown on the thanks
page (and "Lost your link?" sends it, once a day).
"""
import hashlib

from flask import has_app_context
from flask_babel import force_locale
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.i18n import gettext
from finder.models import OutboxMessage
from finder.names import N_


# Words in %(name)s are filled in when the email is written; {link} lines only when
# there is a link.
EMAILS = {
    "submitted": (
        N_("We received your listing"),
        N_("A listing was submitted to finder with this email address. A moderator reviews "
           "every listing before it appears in search; we will write to this address when it "
           "has been reviewed.\n\n"
           "If you did not submit it, you can ignore this message.")),
    "edited": (
        N_("We received your changes"),
        N_("A listing on finder that gives this email address was changed. A moderator "
           "reviews every change before it appears.\n\n"
           "If you did not change it, you can ignore this message.")),
    "approved": (
        N_("Your listing is live"),
        N_("Good news: %(what)s for %(name)s has been approved.\n\n"
           "Thank you for listing with us.")),
    "rejected": (
        N_("Your listing was not approved"),
        N_("We are sorry: %(what)s for %(name)s was not approved.\n\nReason: %(reason)s\n\n"
           "You are welcome to submit again once this is resolved.")),
    "hidden": (
        N_("Your listing was taken down"),
        N_("We are sorry: %(what)s for %(name)s has been taken out of finder after a visitor "
           "reported a problem with it.\n\nReason: %(reason)s\n\n"
           "Reply to this message if you think this is a mistake.")),
}
EDIT_LINK = N_("Your private edit link, to change the listing at any time:\n%(link)s\n\n"
               "Keep it safe and do not share it: anyone who has it can change the listing.")
PUBLIC_LINK = N_("See it here: %(link)s")
LOST_LINK = (
    N_("Your new edit links"),
    N_("Someone asked for new edit links for the listings on finder that give this email "
       "address. Here they are; the old links no longer work.\n\n%(links)s\n\n"
       "Keep them safe and do not share them: anyone who has one can change that "
       "listing. If you did not ask, you can ignore this message."))
LISTING_LINK = N_("Listing number %(id)s: %(link)s")
CONFIRMATIONS = ("submitted", "edited")
DIGEST_LINES = {
    "submitted": "New listing #{id} {name!r} is waiting for review.",
    "edited": "Listing #{id} {name!r} was edited; the change is waiting for review.",
    "approved": "{moderator} approved {what} #{id} {name!r}.",
    "rejected": "{moderator} rejected {what} #{id} {name!r}: {reason}",
    "hidden": "{moderator} hid {what} #{id} {name!r} after a report: {reason}",
    "edit_link": "New edit links for listings {ids} were emailed on request.",
}
DEFAULT_LOCALE = "en"


def notify(session: Session, action: str, provider_id: int, name: str, email: str | None, *,
           revision: bool = False, reason: str | None = None, moderator: str | None = None,
           link: str | None = None, edit_link: str | None = None,
           locale: str | None = None) -> None:
    """Queue the submitter's email and the moderators' digest line for ``action``.

    ``link``: the public profile (an approval); ``edit_link``: the private edit link (a
    new listing's confirmation). ``locale``: the email's language, by default the one the
    listing was submitted in.
    """
    if email and (action not in CONFIRMATIONS or not sent_today(session, email, CONFIRMATIONS)):
        locale = locale or stored_locale(session, provider_id)
        with in_locale(locale):
            what = translate(N_("the change to your listing") if revision else
                             N_("your listing"))
            subject, body = EMAILS[action]
            body = translate(body, name=name, reason=reason, what=what)
            if edit_link:
                body += "\n\n" + translate(EDIT_LINK, link=edit_link)
            if link:
                body += "\n\n" + translate(PUBLIC_LINK, link=link)
            subject = translate(subject)
        session.add(OutboxMessage(kind="email", provider_id=provider_id, recipient=email,
                                  subject=subject, body=body, purpose=action))
    words = {"id": provider_id, "name": name, "reason": reason, "moderator": moderator,
             "what": "the change to listing" if revision else "listing"}
    session.add(OutboxMessage(kind="digest", provider_id=provider_id, subject="digest",
                              body=DIGEST_LINES[action].format(**words)))


def edit_links(session: Session, email: str, links: dict[int, str],
               locale: str | None = None) -> bool:
    """Queue one email to ``email`` with a new edit link for each listing in ``links``
    (id -> link), unless one went to this address today; tell whether it was queued.

    The caller stores the new links only when this says so, so an address that asks
    twice a day keeps the links of the first message.
    """
    if not links or sent_today(session, email, ("edit_link",)):
        return False
    first = min(links)
    with in_locale(locale or stored_locale(session, first)):
        subject, body = LOST_LINK
        lines = "\n".join(translate(LISTING_LINK, id=i, link=link)
                          for i, link in sorted(links.items()))
        subject, body = translate(subject), translate(body, links=lines)
    session.add(OutboxMessage(kind="email", provider_id=first, recipient=email,
                              subject=subject, body=body, purpose="edit_link"))
    ids = ", ".join(f"#{i}" for i in sorted(links))
    session.add(OutboxMessage(kind="digest", provider_id=first, subject="digest",
                              body=DIGEST_LINES["edit_link"].format(ids=ids)))
    return True


def stored_locale(session: Session, provider_id: int) -> str:
    """Return the language ``provider_id`` was submitted in (English when not recorded)."""
    return session.scalar(text("SELECT locale FROM provider_private WHERE provider_id = :id"),
                          {"id": provider_id}) or DEFAULT_LOCALE


def in_locale(locale: str):
    """Translate what is written inside the block into ``locale``."""
    if has_app_context():
        return force_locale(locale or DEFAULT_LOCALE)
    return _NoLocale()


class _NoLocale:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def translate(message: str, **words) -> str:
    """Return ``message`` in the current locale with ``words`` filled in."""
    if has_app_context():
        return gettext(message, **words)
    return message % words if words else message


def sent_today(session: Session, email: str, purposes: tuple[str, ...]) -> bool:
    """Tell whether an email for one of ``purposes`` went to ``email`` today (UTC); hold
    others back until this transaction ends, so that two at once still send one."""
    digest = hashlib.sha256(f"{purposes[0]}\n{email.lower()}".encode()).digest()
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                    {"k": int.from_bytes(digest[:8], "big", signed=True)})
    # Emails written before they had a purpose are known by their (English) subject.
    subjects = [EMAILS[p][0] for p in purposes if p in EMAILS]
    return session.scalar(text(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'email' AND lower(recipient) = :r "
        "AND (purpose = ANY(:purposes) OR (purpose IS NULL AND subject = ANY(:subjects))) "
        "AND created_at >= (now() AT TIME ZONE 'UTC')::date::timestamp AT TIME ZONE 'UTC')"),
        {"r": email.lower(), "purposes": list(purposes), "subjects": subjects})


def confirmed_today(session: Session, email: str) -> bool:
    """Tell whether a confirmation went to ``email`` today (UTC)."""
    return sent_today(session, email, CONFIRMATIONS)
